import commonPasswords from './common-passwords.json' with { type: 'json' };
import type { Account } from './directory.ts';

/**
 * Accounts and their lifecycle (账号): `pending` until its holder sets a password (deputies, created
 * on import), `active`, or `disabled` (by an admin, or at once when a deputy's term ends). Pure
 * rules; the clock and the randomness come from the caller.
 */
export type AccountStatus = 'pending' | 'active' | 'disabled';

/** An account as the admin screens see it: no hash, no codes. */
export interface AccountView extends Account {
  status: AccountStatus;
  mustChangePassword: boolean;
  createdAt: string;
  lastSignInAt?: string;
}

/** Passwords at least this long. */
export const MIN_PASSWORD_LENGTH = 10;

const COMMON = new Set((commonPasswords as string[]).map((p) => p.toLowerCase()));

/**
 * Why a new password is refused, or undefined if it is acceptable: at least
 * {@link MIN_PASSWORD_LENGTH} characters, not the username, not a common password (also with
 * digits or punctuation added at its end, as `woaini1314!`).
 */
export function passwordProblem(password: string, username: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `use at least ${MIN_PASSWORD_LENGTH} characters`;
  const folded = password.toLowerCase();
  if (folded.includes(username.trim().toLowerCase())) return 'do not use your username in your password';
  const stem = folded.replace(/[\d\W_]+$/u, '');
  if (COMMON.has(folded) || (stem.length >= 4 && COMMON.has(stem)) || /^(.)\1+$/u.test(password)) {
    return 'this password is too common; choose another';
  }
  return undefined;
}

/** Roles an admin may create accounts for; deputies' accounts come from the directory. */
export const STAFF_ROLES = ['admin', 'city_reviewer', 'township_reviewer', 'unit_handler'] as const;

/** Why a role and scope do not fit together, or undefined: each role needs exactly its own scope. */
export function scopeProblem(role: Account['role'], scope: Account['scope']): string | undefined {
  const given = Object.keys(scope).filter((k) => scope[k as keyof Account['scope']] !== undefined);
  const needs: Record<Account['role'], string | undefined> = {
    admin: undefined,
    city_reviewer: undefined,
    township_reviewer: 'townshipCode',
    unit_handler: 'unitCode',
    deputy: 'deputyCode',
  };
  const wanted = needs[role];
  if (wanted && !(given.length === 1 && given[0] === wanted)) return `a ${role} needs exactly scope.${wanted}`;
  if (!wanted && given.length > 0) return `a ${role} sees the whole city: give no scope`;
  return undefined;
}

/** Letters and digits that cannot be misread when printed (no 0/O, 1/I/l). */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A random code from `bytes` (one character per byte): one-time passwords and activation codes.
 * 12 characters of 32 carry 60 bits; guessing is also throttled.
 */
export function readableCode(bytes: Uint8Array): string {
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** Groups a code in fours for printing: `ABCD-EFGH-JKLM`. Hyphens and spaces are ignored when typed. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** A typed code as stored: upper case, without separators. */
export function normalizeCode(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}
