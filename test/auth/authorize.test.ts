import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInScope, authenticate, inScope, type ScopedResource } from '../../shared/auth/authorize.ts';
import type { AccessClaims, Caller, Role, Scope } from '../../shared/auth/caller.ts';
import { FileSigningKey } from '../../shared/auth/signing-key.ts';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from '../../shared/auth/tokens.ts';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../shared/runtime/errors.ts';

/** Authentication (401/403 from the Authorization header) and scope checks (404 outside scope). */

const now = new Date('2025-03-01T08:00:00.000Z');

const claims: AccessClaims = {
  sub: 'acct-0042',
  username: 'edu.handler',
  name: '王芳',
  role: 'unit_handler',
  scope: { unitCode: 'U-EDU' },
  city: 'demo',
};

let dir: string;
let key: FileSigningKey;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'minqing-authorize-'));
  key = new FileSigningKey(join(dir, 'signing.pem'));
  token = await issueAccessToken(key, claims, now);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('authenticate', () => {
  it('returns the caller for a valid bearer token with an admitted role', async () => {
    // Act
    const caller = await authenticate(`Bearer ${token}`, ['unit_handler', 'admin'], now, key);

    // Assess
    expect(caller).toEqual({ accountId: 'acct-0042', username: 'edu.handler', name: '王芳', role: 'unit_handler', scope: { unitCode: 'U-EDU' } });
  });

  it.each([
    { case: 'no header', header: undefined },
    { case: 'an empty header', header: '' },
    { case: 'Basic credentials', header: 'Basic dXNlcjpwYXNz' },
    { case: 'a bearer without a token', header: 'Bearer ' },
    { case: 'a lower-case scheme', header: 'bearer TOKEN' },
  ])('401 "Sign in first." for $case', async ({ header }) => {
    // Act
    const attempt = authenticate(header?.replace('TOKEN', token), ['unit_handler'], now, key);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(attempt).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED', message: 'Sign in first.' });
  });

  it.each([
    { case: 'garbage', header: 'Bearer not-a-token' },
    { case: 'three garbage parts', header: 'Bearer aaa.bbb.ccc' },
    { case: 'a tampered signature', header: 'TAMPERED' },
  ])('401 "Sign in again." for a bearer with $case', async ({ header }) => {
    // Prepare
    const tampered = `Bearer ${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;

    // Act
    const attempt = authenticate(header === 'TAMPERED' ? tampered : header, ['unit_handler'], now, key);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(attempt).rejects.toMatchObject({ status: 401, message: 'Sign in again.' });
  });

  it('401 with the expired message for an expired token', async () => {
    // Prepare
    const later = new Date(now.getTime() + (ACCESS_TOKEN_TTL_SECONDS + 1) * 1000);

    // Act
    const attempt = authenticate(`Bearer ${token}`, ['unit_handler'], later, key);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(attempt).rejects.toMatchObject({ status: 401, message: 'Your sign-in has expired; sign in again.' });
  });

  it('401 (not 403) for a token from another key, even if the role would be admitted', async () => {
    // Prepare
    const other = new FileSigningKey(join(dir, 'other.pem'));
    const foreign = await issueAccessToken(other, { ...claims, role: 'admin', scope: {} }, now);

    // Act
    const attempt = authenticate(`Bearer ${foreign}`, ['admin'], now, key);

    // Assess
    await expect(attempt).rejects.toMatchObject({ status: 401, message: 'Sign in again.' });
  });

  it('403 for a valid token whose role the route does not admit', async () => {
    // Act
    const attempt = authenticate(`Bearer ${token}`, ['deputy', 'city_reviewer', 'admin'], now, key);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    await expect(attempt).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('403 when a route admits no role at all', async () => {
    // Act
    const attempt = authenticate(`Bearer ${token}`, [], now, key);

    // Assess
    await expect(attempt).rejects.toMatchObject({ status: 403 });
  });
});

const caller = (role: Role, scope: Scope): Caller => ({ accountId: `acct-${role}`, username: role, name: role, role, scope });

/** Who the caller is, what it may see, what the resource belongs to, and whether it is in scope. */
const scopeTable: { role: Role; scope: Scope; resource: ScopedResource; expected: boolean; why: string }[] = [
  // deputy: only resources addressed to itself
  { role: 'deputy', scope: { deputyCode: 'D0001' }, resource: { deputyCode: 'D0001', townshipCode: 'lucheng' }, expected: true, why: 'own deputy' },
  { role: 'deputy', scope: { deputyCode: 'D0001' }, resource: { deputyCode: 'D0002', townshipCode: 'lucheng' }, expected: false, why: 'other deputy' },
  { role: 'deputy', scope: { deputyCode: 'D0001' }, resource: { townshipCode: 'lucheng' }, expected: false, why: 'resource without deputy' },
  {
    role: 'deputy',
    scope: { deputyCode: 'D0001', townshipCode: 'lucheng' },
    resource: { townshipCode: 'lucheng' },
    expected: false,
    why: 'same township is not enough',
  },
  { role: 'deputy', scope: {}, resource: {}, expected: false, why: 'no deputy on either side' },
  // township reviewer: only its township
  { role: 'township_reviewer', scope: { townshipCode: 'lucheng' }, resource: { townshipCode: 'lucheng' }, expected: true, why: 'own township' },
  {
    role: 'township_reviewer',
    scope: { townshipCode: 'lucheng' },
    resource: { townshipCode: 'dadiji', deputyCode: 'D0001' },
    expected: false,
    why: 'another township',
  },
  { role: 'township_reviewer', scope: { townshipCode: 'lucheng' }, resource: { unitCode: 'U-EDU' }, expected: false, why: 'resource without township' },
  { role: 'township_reviewer', scope: {}, resource: { unitCode: 'U-EDU' }, expected: false, why: 'no township on either side' },
  // unit handler: only its unit
  { role: 'unit_handler', scope: { unitCode: 'U-EDU' }, resource: { unitCode: 'U-EDU', townshipCode: 'dadiji' }, expected: true, why: 'own unit' },
  { role: 'unit_handler', scope: { unitCode: 'U-EDU' }, resource: { unitCode: 'U-HEALTH' }, expected: false, why: 'other unit' },
  { role: 'unit_handler', scope: { unitCode: 'U-EDU' }, resource: { townshipCode: 'lucheng' }, expected: false, why: 'resource without unit' },
  { role: 'unit_handler', scope: {}, resource: {}, expected: false, why: 'no unit on either side' },
  // city-wide roles: everything
  { role: 'city_reviewer', scope: {}, resource: { townshipCode: 'lucheng' }, expected: true, why: 'any township' },
  { role: 'city_reviewer', scope: {}, resource: { unitCode: 'U-HEALTH', deputyCode: 'D0002' }, expected: true, why: 'any unit or deputy' },
  { role: 'city_reviewer', scope: {}, resource: {}, expected: true, why: 'unscoped resource' },
  { role: 'admin', scope: {}, resource: { townshipCode: 'dadiji' }, expected: true, why: 'any township' },
  { role: 'admin', scope: {}, resource: { deputyCode: 'D0002' }, expected: true, why: 'any deputy' },
  { role: 'admin', scope: {}, resource: {}, expected: true, why: 'unscoped resource' },
];

describe('inScope / assertInScope', () => {
  it('covers every role in the table', () => {
    // Assess
    expect(new Set(scopeTable.map((row) => row.role))).toEqual(new Set(['deputy', 'township_reviewer', 'city_reviewer', 'unit_handler', 'admin']));
  });

  const codes = (o: object) =>
    `{${Object.entries(o)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}}`;
  const rows = scopeTable.map((row) => [`${row.role} ${codes(row.scope)} → ${codes(row.resource)}: ${row.expected ? 'in' : 'out'} (${row.why})`, row] as const);

  it.each(rows)('%s', (_title, { role, scope, resource, expected }) => {
    // Prepare
    const who = caller(role, scope);

    // Act
    const result = inScope(who, resource);
    let thrown: unknown;
    try {
      assertInScope(who, resource);
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(result).toBe(expected);
    if (expected) {
      expect(thrown).toBeUndefined();
    } else {
      expect(thrown).toBeInstanceOf(NotFoundError);
      expect(thrown).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      expect(thrown).not.toBeInstanceOf(ForbiddenError);
    }
  });
});
