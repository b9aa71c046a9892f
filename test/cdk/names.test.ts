import { describe, expect, it } from 'vitest';
import { cityResourceName, NAME_LIMITS } from '../../shared/runtime/names.ts';

describe('cityResourceName', () => {
  it('joins minqing, the city and the parts', () => {
    // Prepare
    const parts = ['messaging', 'tally-notes', 'dlq'];

    // Act
    const name = cityResourceName('demo', parts, NAME_LIMITS.queue);

    // Assess
    expect(name).toBe('minqing-demo-messaging-tally-notes-dlq');
  });

  it('shortens a name that is too long, keeping the city and staying unique', () => {
    // Prepare
    const city = 'a-very-long-city-name-of-thirty';
    const long = ['case-routing', 'notify-unit-about-forwarded-matter'];

    // Act
    const one = cityResourceName(city, long, NAME_LIMITS.function);
    const other = cityResourceName(city, [...long.slice(0, 1), 'notify-unit-about-forwarded-matters'], NAME_LIMITS.function);

    // Assess
    expect(one.length).toBeLessThanOrEqual(NAME_LIMITS.function);
    expect(one.startsWith(`minqing-${city}-`)).toBe(true);
    expect(one).toMatch(/-[0-9a-f]{8}$/);
    expect(other).not.toBe(one);
  });

  it('refuses parts that are not lower-case kebab-case', () => {
    // Prepare
    const parts = ['Messaging'];

    // Act
    const name = () => cityResourceName('demo', parts, NAME_LIMITS.queue);

    // Assess
    expect(name).toThrow(/kebab-case/);
  });
});
