import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/domain/account.ts';

describe('new-password policy', () => {
  it('refuses the common passwords of both lists, also with digits or signs added at the end', () => {
    // prepare: one pinyin favourite, and words from the Openwall list that were not in the first one
    const refused = ['woaini1314!', 'computer2024', 'Mustang1998!', 'michelle-2026', 'internet12345'];

    // act
    const problems = refused.map((p) => passwordProblem(p, 'd001'));

    // assess
    for (const problem of problems) expect(problem).toBe('this password is too common; choose another');
  });

  it('accepts a long passphrase, and still refuses short ones and the username', () => {
    expect(passwordProblem('tea-garden-morning-4', 'd001')).toBeUndefined();
    expect(passwordProblem('short-1', 'd001')).toBe('use at least 10 characters');
    expect(passwordProblem('my-d001-password', 'd001')).toBe('do not use your username in your password');
  });
});
