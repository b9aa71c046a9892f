import { AppError, NotFoundError, ForbiddenError, UnauthorizedError } from '../runtime/errors.ts';
import type { Caller, Role } from './caller.ts';
import { callerFromClaims } from './caller.ts';
import { type SigningKey, verifyingKeysFromEnv } from './signing-key.ts';
import type { RevocationView } from './revocations.ts';
import { verifyAccessTokenAt } from './tokens.ts';

/** A token from a one-time password on a route other than setting a new password (403). */
export class PasswordChangeRequiredError extends AppError {
  constructor() {
    super(403, 'PASSWORD_CHANGE_REQUIRED', 'Set a new password first (POST /v1/auth/password).');
  }
}

/** What authentication checks beyond the token itself. */
export interface AuthenticationChecks {
  /** The service's view of revoked access; a token issued before an account's revocation is a 401. */
  revocations?: RevocationView;
  /** The route admits a token that must change its password (setting it, signing out, `/v1/me`). */
  allowPasswordChange?: boolean;
}

/**
 * Authenticates a request from its `Authorization: Bearer <token>` header and checks the role.
 * 401 without a valid token (missing, expired, tampered, another key, or issued before the account's
 * access was revoked); 403 `PASSWORD_CHANGE_REQUIRED` for a one-time password's token outside the
 * routes that set a new one; 403 for a role the route does not admit. Scope depends on the record,
 * so it is checked once the record is loaded, with {@link assertInScope} (docs/decisions.md #11).
 */
export async function authenticate(
  authorization: string | undefined,
  roles: readonly Role[],
  now: Date,
  key: SigningKey | readonly SigningKey[] = verifyingKeysFromEnv(),
  checks: AuthenticationChecks = {},
): Promise<Caller> {
  const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization ?? '');
  if (!match) throw new UnauthorizedError();
  const verified = await verifyAccessTokenAt(key, match[1]!, now);
  if (!verified.ok) throw new UnauthorizedError(verified.problem === 'expired' ? 'Your sign-in has expired; sign in again.' : 'Sign in again.');
  const revokedBefore = await checks.revocations?.revokedBefore(verified.claims.username);
  if (revokedBefore !== undefined && verified.issuedAt < revokedBefore) throw new UnauthorizedError('Sign in again.');
  const caller = callerFromClaims(verified.claims);
  if (verified.claims.mustChangePassword && !checks.allowPasswordChange) throw new PasswordChangeRequiredError();
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
