import { createHash } from 'node:crypto';
import { invalidBody, TooManyRequestsError, UnauthorizedError } from '../../../../shared/runtime/errors.ts';
import { normalizeCode, passwordProblem } from '../domain/account.ts';
import { DEFAULT_LOGIN_LIMITS, throttleKeys, windowStart, type ThrottleLimits } from '../domain/login-throttle.ts';
import type { FailureCounter, PasswordHasher, RefreshTokenStore } from '../ports.ts';
import { changeAccount, hashCode, type AccountPorts } from './accounts.ts';
import { isActive, issueSession, type SignInPorts, type SignInResult } from './sign-in.ts';

/** How long staff stay signed in without typing the password again: a working day. */
export const REFRESH_TOKEN_TTL_SECONDS = 12 * 3600;

type SessionPorts = Pick<AccountPorts, 'accounts' | 'city' | 'random'> &
  Pick<SignInPorts, 'signingKey'> & { hasher: PasswordHasher; refreshTokens: RefreshTokenStore };

/** A session: the access token, and the refresh token that renews it (for the cookie). */
export interface Session extends SignInResult {
  refreshToken: string;
  /** When the refresh token's family ends (epoch seconds). */
  refreshExpiresAt: number;
}

/** 修改密码: the holder sets a new password (old one first); every earlier token stops working. */
export async function changeOwnPassword(
  ports: SessionPorts,
  username: string,
  request: { currentPassword: string; newPassword: string },
  now: Date,
): Promise<Session> {
  const account = await ports.accounts.get(username);
  if (!account || !isActive(account) || !(await ports.hasher.verify(request.currentPassword, account.passwordHash!))) {
    throw invalidBody('currentPassword', 'this is not your current password');
  }
  const problem = passwordProblem(request.newPassword, username);
  if (problem) throw invalidBody('newPassword', problem);
  if (request.newPassword === request.currentPassword) throw invalidBody('newPassword', 'choose a password other than the current one');
  const passwordHash = await ports.hasher.hash(request.newPassword);
  const next = await changeAccount(ports, username, username, now, (stored) => ({
    next: { ...stored, passwordHash, mustChangePassword: false },
    changes: ['password_changed'],
  }));
  return startSession(ports, next, now);
}

/**
 * 激活账号: a deputy sets a password with the activation code an admin handed out. Wrong codes are
 * throttled like wrong passwords (and reserved before the check, like them).
 */
export async function activateAccount(
  ports: SessionPorts & { failures: FailureCounter; limits?: ThrottleLimits },
  request: { username: string; activationCode: string; newPassword: string; clientIp: string },
  now: Date,
): Promise<Session> {
  const limits = ports.limits ?? DEFAULT_LOGIN_LIMITS;
  const username = request.username.trim();
  const key = throttleKeys(`activate#${username}`, request.clientIp).username;
  const window = windowStart(now, limits);
  if (!(await ports.failures.reserve(key, window, limits.perUsername, window + limits.windowSeconds * 2))) {
    throw new TooManyRequestsError(window + limits.windowSeconds - Math.floor(now.getTime() / 1000));
  }
  const account = await ports.accounts.get(username);
  const codeOk = account?.status === 'pending' && account.activationCodeHash === hashCode(normalizeCode(request.activationCode));
  if (!account || !codeOk) throw new UnauthorizedError('Wrong username or activation code.');
  await ports.failures.release(key, window);
  const problem = passwordProblem(request.newPassword, username);
  if (problem) throw invalidBody('newPassword', problem);
  const passwordHash = await ports.hasher.hash(request.newPassword);
  const next = await changeAccount(ports, username, username, now, (stored) => {
    if (stored.status !== 'pending') throw new UnauthorizedError('Wrong username or activation code.');
    return { next: { ...stored, passwordHash, status: 'active', activationCodeHash: undefined, mustChangePassword: false }, changes: ['activated'] };
  });
  return startSession(ports, next, now);
}

/** 退出登录: every token of the account stops working (all its devices), and this refresh family too. */
export async function signOut(
  ports: Pick<SessionPorts, 'accounts' | 'city' | 'refreshTokens'>,
  username: string,
  refreshToken: string | undefined,
  now: Date,
): Promise<void> {
  if (refreshToken) {
    const used = await ports.refreshTokens.use(hashToken(refreshToken), now);
    if (used && used !== 'reused') await ports.refreshTokens.revokeFamily(used.familyId);
  }
  await changeAccount(ports, username, username, now, (stored) => ({ next: stored, changes: ['signed_out'] }));
}

/**
 * 续期: a refresh token for a new access token. The token is used once and replaced (rotation); a
 * rotated token presented again revokes its whole family, so a stolen copy dies with the original.
 */
export async function refreshSession(ports: SessionPorts, refreshToken: string, now: Date): Promise<Session> {
  const used = await ports.refreshTokens.use(hashToken(refreshToken), now);
  if (!used || used === 'reused' || used.expiresAt <= now.getTime() / 1000 || (await ports.refreshTokens.familyRevoked(used.familyId))) {
    throw new UnauthorizedError('Sign in again.');
  }
  const account = await ports.accounts.get(used.username);
  if (!account || !isActive(account)) throw new UnauthorizedError('Sign in again.');
  return startSession(ports, account, now, { familyId: used.familyId, expiresAt: used.expiresAt });
}

/**
 * Issues an access token and a new refresh token: a new family ending a working day from now, or
 * the next token of a rotated family, ending when the family does (a sign-in lasts one day at most).
 */
export async function startSession(
  ports: Pick<SessionPorts, 'signingKey' | 'city' | 'random' | 'refreshTokens'>,
  account: Parameters<typeof issueSession>[1],
  now: Date,
  family: { familyId: string; expiresAt: number } = {
    familyId: Buffer.from(ports.random(16)).toString('base64url'),
    expiresAt: Math.floor(now.getTime() / 1000) + REFRESH_TOKEN_TTL_SECONDS,
  },
): Promise<Session> {
  const refreshToken = Buffer.from(ports.random(32)).toString('base64url');
  await ports.refreshTokens.put({ hash: hashToken(refreshToken), username: account.username, ...family });
  return { ...(await issueSession(ports, account, now)), refreshToken, refreshExpiresAt: family.expiresAt };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
