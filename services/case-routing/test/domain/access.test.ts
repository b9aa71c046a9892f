import { describe, expect, it } from 'vitest';
import type { Caller, Role } from '../../../../shared/auth/caller.ts';
import { canRead, canReview } from '../../src/domain/access.ts';
import { openCase } from '../../src/domain/case.ts';
import { cityCase, rules, T, townshipCase } from './fixtures.ts';

/** Who may read and review a case: scope and level, with nothing undefined matching nothing. */

const caller = (role: Role, scope: Caller['scope'] = {}): Caller => ({ accountId: `a-${role}`, username: role, name: role, role, scope });
const luchengReviewer = caller('township_reviewer', { townshipCode: 'lucheng' });

describe('canRead and canReview', () => {
  it("keeps a township reviewer out of a city deputy's case in their township, which the city reviewer reads and reviews", () => {
    // Prepare
    const c = openCase({ ...cityCase, townshipCode: 'lucheng' }, T.open, rules).next;

    // Act
    const township = [canRead(luchengReviewer, c), canReview(luchengReviewer, c)];
    const city = [canRead(caller('city_reviewer'), c), canReview(caller('city_reviewer'), c)];

    // Assess
    expect(township).toEqual([false, false]);
    expect(city).toEqual([true, true]);
  });

  it("lets a township reviewer read and review their township's township-level case, and no other township's", () => {
    // Prepare
    const c = openCase(townshipCase, T.open, rules).next;
    const other = caller('township_reviewer', { townshipCode: 'zixi' });

    // Act
    const verdicts = [canRead(luchengReviewer, c), canReview(luchengReviewer, c), canRead(other, c), canReview(other, c)];

    // Assess
    expect(verdicts).toEqual([true, true, false, false]);
  });

  it('never lets a reviewer without a township review a township case without one', () => {
    // Prepare
    const c = openCase({ ...townshipCase, townshipCode: undefined }, T.open, rules).next;

    // Act
    const verdict = canReview(caller('township_reviewer'), c);

    // Assess
    expect(verdict).toBe(false);
  });
});
