import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { close, decline, type Case } from '../../src/domain/case.ts';
import {
  everSupervised,
  finishedAt,
  inPeriod,
  listedOnItsOwn,
  matches,
  newestFirst,
  page,
  periodBounds,
  ratingOf,
  showsFinished,
} from '../../src/domain/supervision.ts';
import { merge } from '../../src/domain/merge.ts';
import { caseView, onList, supervisionCsv } from '../../src/domain/views.ts';
import { build, nextOf, open, reopened, resolved, rules, T, thrown, townshipCase, townshipReviewer, TZ } from './fixtures.ts';

/** The lists with their history: a period's open and finished matters, filtered and paged. */

/** A case opened on a given city day of March 2026 (10:00 in Shanghai), as id `c-<day>`. */
const openedOn = (day: number, patch: Partial<Case> = {}): Case => ({
  ...open({ ...townshipCase, caseId: `c-2026030${day}` }, new Date(Date.UTC(2026, 2, day, 2))),
  ...patch,
});

describe('periodBounds and inPeriod', () => {
  it('covers the city days asked for, in the city time zone', () => {
    // Act
    const bounds = periodBounds('2026-03-02', '2026-03-04', TZ);

    // Assess
    expect(bounds).toEqual({ fromAt: '2026-03-01T16:00:00.000Z', toAt: '2026-03-04T15:59:59.999Z' });
  });

  it('takes what was opened in the period, and what was opened before and is still open, never a case finished before it', () => {
    // Prepare
    const bounds = periodBounds('2026-03-04', '2026-03-06', TZ);
    const openBefore = openedOn(2);
    const finishedBefore = openedOn(2, { status: 'declined' });
    const finishedWithin = openedOn(5, { status: 'closed' });
    const after = openedOn(8);

    // Act & Assess
    expect([openBefore, finishedBefore, finishedWithin, after].map((c) => inPeriod(c, bounds))).toEqual([true, false, true, false]);
  });
});

describe('matches', () => {
  it('filters by township, unit, category and status, with open and finished as groups', () => {
    // Prepare
    const underReview = build.under_review();
    const closed = build.closed();

    // Act & Assess
    expect(matches(underReview, { township: 'lucheng', category: 'public_facilities', status: 'open' })).toBe(true);
    expect(matches(underReview, { township: 'donggua' })).toBe(false);
    expect(matches(underReview, { unit: 'u-lucheng-jianshe' })).toBe(false);
    expect(matches(closed, { unit: 'u-lucheng-jianshe', status: 'finished' })).toBe(true);
    expect(matches(closed, { status: 'open' })).toBe(false);
    expect(matches(closed, { status: 'closed' })).toBe(true);
  });
});

describe('a finished case on the lists', () => {
  it('carries its result, when it finished and the rating, on the view and in the CSV', () => {
    // Prepare
    const closed = nextOf(close(resolved(), 'basically_satisfied', T.citizen));

    // Act
    const view = caseView(closed, T.act, TZ);
    const csv = supervisionCsv([view]).split('\r\n');

    // Assess
    expect(view).toMatchObject({ result: '已安装篮球场照明灯4盏。', finishedAt: T.citizen.toISOString(), rating: 'basically_satisfied' });
    expect(csv[0]!.endsWith('"result","finishedAt","rating"')).toBe(true);
    expect(csv[1]!.endsWith(`"已安装篮球场照明灯4盏。","${T.citizen.toISOString()}","basically_satisfied"`)).toBe(true);
  });

  it('finishes when declined; the supervision list keeps a finished case it supervised, shown when asked for finished ones', () => {
    // Prepare
    const declined = decline(open(), townshipReviewer, '已进入司法程序。', T.review, rules).next;
    const supervisedThenClosed = nextOf(close(resolved(reopened()), 'unsatisfied', T.act));

    // Act & Assess
    expect(finishedAt(declined)).toBe(T.review.toISOString());
    expect(ratingOf(declined)).toBeUndefined();
    expect(onList(declined, 'problems', T.act, TZ)).toBe(true);
    expect(onList(declined, 'supervision', T.act, TZ)).toBe(false);
    expect(everSupervised(supervisedThenClosed)).toBe(true);
    expect(onList(supervisedThenClosed, 'supervision', T.act, TZ)).toBe(true);
    expect(showsFinished('supervision', {})).toBe(false);
    expect(showsFinished('supervision', { status: 'finished' })).toBe(true);
    expect(showsFinished('supervision', { status: 'closed' })).toBe(true);
    expect(showsFinished('problems', {})).toBe(true);
  });
});

describe('page', () => {
  it('pages newest first with a cursor until the last page, and refuses a forged cursor', () => {
    // Prepare
    const sorted = [1, 2, 3, 4, 5].map((day) => openedOn(day)).sort(newestFirst);

    // Act
    const first = page(sorted, 2);
    const second = page(sorted, 2, first.nextCursor!);
    const last = page(sorted, 2, second.nextCursor!);

    // Assess
    expect(first.items.map((c) => c.caseId)).toEqual(['c-20260305', 'c-20260304']);
    expect(second.items.map((c) => c.caseId)).toEqual(['c-20260303', 'c-20260302']);
    expect(last).toEqual({ items: [sorted[4]], nextCursor: null });
    expect(thrown(() => page(sorted, 2, 'not-a-cursor'))).toBeInstanceOf(InvalidInputError);
  });
});

describe('listedOnItsOwn', () => {
  it('lists merged reports once, on their primary, unless a merged case was reopened by its own citizen', () => {
    // Prepare
    const { follower, primary } = merge(openedOn(3), openedOn(2), townshipReviewer, T.review);

    // Act & Assess
    expect(listedOnItsOwn(primary.next)).toBe(true);
    expect(listedOnItsOwn(follower.next)).toBe(false);
    expect(listedOnItsOwn({ ...follower.next, status: 'reopened' })).toBe(true);
    expect(caseView(primary.next, T.review, TZ).reporters).toBe(2);
  });
});
