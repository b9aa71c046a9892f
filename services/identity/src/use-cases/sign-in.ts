import type { Caller } from '../../../../shared/auth/caller.ts';
import type { SigningKey } from '../../../../shared/auth/signing-key.ts';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from '../../../../shared/auth/tokens.ts';
import { TooManyRequestsError, UnauthorizedError } from '../../../../shared/runtime/errors.ts';
import { DEFAULT_LOGIN_LIMITS, throttleKeys, throttleVerdict, windowStart, type ThrottleLimits } from '../domain/login-throttle.ts';
import { DECOY_HASH } from '../domain/decoy-hash.ts';
import type { DirectoryReader, FailureCounter, PasswordHasher } from '../ports.ts';

export interface SignInPorts {
  directory: Pick<DirectoryReader, 'getAccount'>;
  hasher: PasswordHasher;
  failures: FailureCounter;
  signingKey: SigningKey;
  city: string;
  limits?: ThrottleLimits;
  /** Replaces a password hash with one at today's cost, unless it changed meanwhile (best effort). */
  rehashed?: (username: string, previous: string, next: string) => Promise<void>;
}

export interface SignInResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; username: string; role: Caller['role']; name: string; scope: Caller['scope'] };
}

/**
 * 登录: checks the password and issues an access token. Unknown usernames and wrong passwords get
 * the same answer after the same work; repeated failures per username or per client are refused
 * with 429 until their window ends.
 */
export async function signIn(ports: SignInPorts, request: { username: string; password: string; clientIp: string }, now: Date): Promise<SignInResult> {
  const limits = ports.limits ?? DEFAULT_LOGIN_LIMITS;
  const keys = throttleKeys(request.username, request.clientIp);
  const window = windowStart(now, limits);
  const [username, client] = await Promise.all([ports.failures.count(keys.username, window), ports.failures.count(keys.client, window)]);
  const verdict = throttleVerdict({ username, client }, now, limits);
  if (!verdict.allowed) throw new TooManyRequestsError(verdict.retryAfterSeconds);

  const account = await ports.directory.getAccount(request.username.trim());
  const passwordOk = await ports.hasher.verify(request.password, account?.passwordHash ?? DECOY_HASH);
  if (!account || !passwordOk) {
    const expiresAt = window + limits.windowSeconds * 2;
    await Promise.all([ports.failures.increment(keys.username, window, expiresAt), ports.failures.increment(keys.client, window, expiresAt)]);
    throw new UnauthorizedError('Wrong username or password.');
  }
  // A hash from before the cost rose is replaced while the password is at hand.
  if (ports.rehashed && ports.hasher.needsRehash?.(account.passwordHash)) {
    await ports.rehashed(account.username, account.passwordHash, await ports.hasher.hash(request.password));
  }
  const accessToken = await issueAccessToken(
    ports.signingKey,
    { sub: account.accountId, username: account.username, name: account.name, role: account.role, scope: account.scope, city: ports.city },
    now,
  );
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    user: { id: account.accountId, username: account.username, role: account.role, name: account.name, scope: account.scope },
  };
}
