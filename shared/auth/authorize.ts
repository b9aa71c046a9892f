import { NotFoundError, ForbiddenError, UnauthorizedError } from '../runtime/errors.ts';
import type { Caller, Role } from './caller.ts';
import { callerFromClaims } from './caller.ts';
import { signingKeyFromEnv, type SigningKey } from './signing-key.ts';
import { verifyAccessToken } from './tokens.ts';

/**
 * Authenticates a request from its `Authorization: Bearer <token>` header and checks the role.
 * 401 without a valid token (missing, expired, tampered, another key); 403 for a role the route
 * does not admit. Scope depends on the record, so it is checked once the record is loaded, with
 * {@link assertInScope} (docs/decisions.md #11).
 */
export async function authenticate(
  authorization: string | undefined,
  roles: readonly Role[],
  now: Date,
  key: SigningKey = signingKeyFromEnv(),
): Promise<Caller> {
  const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization ?? '');
  if (!match) throw new UnauthorizedError();
  const verified = await verifyAccessToken(key, match[1]!, now);
  if (!verified.ok) throw new UnauthorizedError(verified.problem === 'expired' ? 'Your sign-in has expired; sign in again.' : 'Sign in again.');
  const caller = callerFromClaims(verified.claims);
  if (!roles.includes(caller.role)) throw new ForbiddenError();
  return caller;
}

/** What a resource belongs to, for scope checks. */
export interface ScopedResource {
  townshipCode?: string;
  unitCode?: string;
  deputyCode?: string;
}

/** Whether a caller's scope covers a resource: city-wide roles see all; others only their own. */
export function inScope(caller: Caller, resource: ScopedResource): boolean {
  switch (caller.role) {
    case 'admin':
    case 'city_reviewer':
      return true;
    case 'township_reviewer':
      return resource.townshipCode !== undefined && resource.townshipCode === caller.scope.townshipCode;
    case 'unit_handler':
      return resource.unitCode !== undefined && resource.unitCode === caller.scope.unitCode;
    case 'deputy':
      return resource.deputyCode !== undefined && resource.deputyCode === caller.scope.deputyCode;
  }
}

/** Throws 404 for anything outside the caller's scope, so its existence does not leak. */
export function assertInScope(caller: Caller, resource: ScopedResource): void {
  if (!inScope(caller, resource)) throw new NotFoundError();
}
