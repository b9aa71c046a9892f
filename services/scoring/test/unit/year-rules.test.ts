import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../shared/runtime/errors.ts';
import type { ScoringPorts } from '../../src/use-cases/duty-year.ts';
import { yearRules } from '../../src/use-cases/duty-year.ts';
import { makeRules } from '../domain/fixtures.ts';

/** A year the city has no rules for is the asker's mistake (400 naming `year`), never a 500. */

const ports = { rules: [makeRules({ fromYear: 2024 })] } as unknown as ScoringPorts;

describe('yearRules', () => {
  it('refuses a year before the first rules year as invalid input naming the year', () => {
    // Prepare
    const year = 2023;

    // Act
    let error: unknown;
    try {
      yearRules(ports, year);
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ status: 400, details: [{ path: 'year' }] });
  });

  it('answers the rules in force for a later year', () => {
    // Act
    const rules = yearRules(ports, 2031);

    // Assess
    expect(rules.fromYear).toBe(2024);
  });
});
