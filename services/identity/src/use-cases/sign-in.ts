import type { Caller } from '../../../../shared/auth/caller.ts';
import type { SigningKey } from '../../../../shared/auth/signing-key.ts';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from '../../../../shared/auth/tokens.ts';
import { TooManyRequestsError, UnauthorizedError } from '../../../../shared/runtime/errors.ts';
import { DEFAULT_LOGIN_LIMITS, throttleKeys, throttleVerdict, windowStart, type ThrottleLimits } from '../domain/login-throttle.ts';
import { DECOY_HASH } from '../domain/decoy-hash.ts';
import type { DirectoryReader, FailureCounter, PasswordHasher, StoredAccount } from '../ports.ts';

export interface SignInPorts {
  directory: Pick<DirectoryReader, 'getAccount'>;
  hasher: PasswordHasher;
  failures: FailureCounter;
  signingKey: SigningKey;
  city: string;
  limits?: ThrottleLimits;
  /** Replaces a password hash with one at today's cost, unless it changed meanwhile (best effort). */
  rehashed?: (username: string, previous: string, next: string) => Promise<void>;
  /** Notes the time of a successful sign-in (best effort). */
  signedIn?: (username: string, at: Date) => Promise<void>;
}

export interface SignInResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; username: string; role: Caller['role']; name: string; scope: Caller['scope'] };
  /** Present (true) when the password was a one-time password: the token may only set a new one. */
  mustChangePassword?: true;
}

/**
 * 登录: checks the password and issues an access token. Unknown usernames, wrong passwords and
 * accounts that are pending or disabled get the same answer after the same work; repeated failures
 * per username or per client are refused with 429 until their window ends. Each password check
 * first reserves its failure in both counts (atomically, below the limit), so concurrent guesses
 * check at most as many passwords as the limit allows; a right password takes the reservation back.
 */
export async function signIn(ports: SignInPorts, request: { username: string; password: string; clientIp: string }, now: Date): Promise<SignInResult> {
  const limits = ports.limits ?? DEFAULT_LOGIN_LIMITS;
  const keys = throttleKeys(request.username, request.clientIp);
  const window = windowStart(now, limits);
  const [username, client] = await Promise.all([ports.failures.count(keys.username, window), ports.failures.count(keys.client, window)]);
  const verdict = throttleVerdict({ username, client }, now, limits);
  if (!verdict.allowed) throw new TooManyRequestsError(verdict.retryAfterSeconds);
  await reserveAttempt(ports.failures, keys, window, limits, now);

  const account = await ports.directory.getAccount(request.username.trim());
  const passwordOk = await ports.hasher.verify(request.password, account?.passwordHash ?? DECOY_HASH);
  // A disabled account answers exactly like a wrong password: its holder learns nothing new.
  if (!account || !passwordOk || !isActive(account)) throw new UnauthorizedError('Wrong username or password.');
  await Promise.all([ports.failures.release(keys.username, window), ports.failures.release(keys.client, window)]);
  // A hash from before the cost rose is replaced while the password is at hand.
  if (ports.rehashed && ports.hasher.needsRehash?.(account.passwordHash!)) {
    await ports.rehashed(account.username, account.passwordHash!, await ports.hasher.hash(request.password));
  }
  await ports.signedIn?.(account.username, now);
  return issueSession(ports, account, now);
}

/** Reserves one failure in both counts, or refuses with 429 (taking back a half-made reservation). */
async function reserveAttempt(
  failures: FailureCounter,
  keys: { username: string; client: string },
  window: number,
  limits: ThrottleLimits,
  now: Date,
): Promise<void> {
  const expiresAt = window + limits.windowSeconds * 2;
  const refused = () => {
    const verdict = throttleVerdict({ username: limits.perUsername, client: limits.perClient }, now, limits);
    return new TooManyRequestsError(verdict.allowed ? 1 : verdict.retryAfterSeconds);
  };
  if (!(await failures.reserve(keys.username, window, limits.perUsername, expiresAt))) throw refused();
  if (!(await failures.reserve(keys.client, window, limits.perClient, expiresAt))) {
    await failures.release(keys.username, window);
    throw refused();
  }
}

/** Whether an account may sign in (accounts stored before statuses existed are active). */
export function isActive(account: StoredAccount): boolean {
  return (account.status ?? 'active') === 'active' && account.passwordHash !== undefined;
}

/** An access token for an account, as sign-in, refresh and a password change answer it. */
export async function issueSession(ports: Pick<SignInPorts, 'signingKey' | 'city'>, account: StoredAccount, now: Date): Promise<SignInResult> {
  const mustChange = account.mustChangePassword === true;
  const accessToken = await issueAccessToken(
    ports.signingKey,
    {
      sub: account.accountId,
      username: account.username,
      name: account.name,
      role: account.role,
      scope: account.scope,
      city: ports.city,
      ...(mustChange ? { mustChangePassword: true } : {}),
    },
    now,
  );
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    user: { id: account.accountId, username: account.username, role: account.role, name: account.name, scope: account.scope },
    ...(mustChange ? { mustChangePassword: true as const } : {}),
  };
}
