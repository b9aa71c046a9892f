import { exportJWK } from 'jose';
import { ROLES } from '../../../../shared/auth/caller.ts';
import { requestActivationText } from '../use-cases/activation-text.ts';
import { activateAccount, changeOwnPassword, refreshSession, signOut, startSession } from '../use-cases/own-account.ts';
import { signIn } from '../use-cases/sign-in.ts';
import { accountPorts, accounts, deps, directory, failures, hasher, http, invoke, refreshTokens, signingKey, verifyingKeys } from './deps.ts';
import { activation, activationTextRequest, credentials, passwordChange } from './schemas.ts';
import { CLEARED_REFRESH_COOKIE, refreshCookie, refreshTokenOf, sessionBody } from './session-cookie.ts';

const noStore = { 'cache-control': 'no-store' };
const sessionPorts = { ...accountPorts, signingKey, refreshTokens };

/** POST /v1/auth/login (anyone): an access token, and the refresh token in an httpOnly cookie. */
export const login = http({ body: credentials, maxBodyBytes: 2048 }, async ({ body, sourceIp }) => {
  const now = deps.now();
  const result = await signIn(
    {
      directory,
      hasher,
      failures,
      signingKey,
      city: deps.city,
      rehashed: (username, previous, next) => directory.replacePasswordHash(username, previous, next),
      signedIn: (username, at) => accounts.recordSignIn(username, at).catch(() => deps.logger.warn('sign-in time not recorded')),
    },
    { username: body.username, password: body.password, clientIp: sourceIp },
    now,
  );
  const account = (await accounts.get(result.user.username))!;
  const session = await startSession(sessionPorts, account, now);
  deps.logger.info('signed in', { role: result.user.role });
  return { status: 200, body: result, headers: noStore, cookies: [refreshCookie(session, now)] };
});

/** POST /v1/auth/password (signed in, also with a one-time password): sets a new password; earlier tokens stop working. */
export const changePassword = http(
  {
    roles: ROLES,
    allowPasswordChange: true,
    body: passwordChange,
    maxBodyBytes: 2048,
  },
  async ({ caller, body }) => {
    const now = deps.now();
    const session = await changeOwnPassword(sessionPorts, caller.username, body, now);
    return { status: 200, body: sessionBody(session), headers: noStore, cookies: [refreshCookie(session, now)] };
  },
);

/** POST /v1/auth/activate (anyone with an activation code): a deputy sets their first password. */
export const activate = http(
  {
    body: activation,
    maxBodyBytes: 2048,
  },
  async ({ body, sourceIp }) => {
    const now = deps.now();
    const session = await activateAccount({ ...sessionPorts, failures }, { ...body, clientIp: sourceIp }, now);
    return { status: 200, body: sessionBody(session), headers: noStore, cookies: [refreshCookie(session, now)] };
  },
);

/**
 * POST /v1/auth/activation-code (anyone): a pending deputy with a phone on file gets an activation
 * code by SMS. Always 202 with the same body: whether the username exists, is pending or has a
 * phone is not told. A text that could not be sent is logged by its status, never with the code.
 */
export const activationCode = http({ body: activationTextRequest, maxBodyBytes: 1024 }, async ({ body, sourceIp }) => {
  await requestActivationText(
    {
      ...accountPorts,
      requests: failures,
      hasPhone: async (username) => {
        const contact = await directory.encryptedContact(username);
        return Boolean(contact?.active && contact.phoneEncrypted);
      },
      text: async (username, code) => {
        try {
          const { status } = await invoke<{ status: string }>('notifications', 'activation-text', { username, activationCode: code });
          if (status !== 'sent') deps.logger.warn('activation code not texted', { status });
        } catch (error) {
          deps.logger.warn('activation code not texted', { errorName: (error as Error).name });
        }
      },
    },
    { username: body.username, clientIp: sourceIp },
    deps.now(),
  );
  return { status: 202, body: { accepted: true }, headers: noStore };
});

/** POST /v1/auth/refresh (the refresh cookie): a new access token, and the cookie's next token. */
export const refresh = http({}, async ({ event }) => {
  const now = deps.now();
  const token = refreshTokenOf(event);
  if (!token) return { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'Sign in again.' } }, cookies: [CLEARED_REFRESH_COOKIE] };
  const session = await refreshSession(sessionPorts, token, now);
  return { status: 200, body: sessionBody(session), headers: noStore, cookies: [refreshCookie(session, now)] };
});

/** POST /v1/auth/logout (signed in): every token of the account stops working; the cookie is cleared. */
export const logout = http({ roles: ROLES, allowPasswordChange: true }, async ({ caller, event }) => {
  await signOut(sessionPorts, caller.username, refreshTokenOf(event), deps.now());
  return { status: 204, cookies: [CLEARED_REFRESH_COOKIE] };
});

/** GET /v1/me (signed in, also with a one-time password): the caller's user. */
export const me = http({ roles: ROLES, allowPasswordChange: true }, async ({ caller }) => ({
  status: 200,
  body: { id: caller.accountId, username: caller.username, role: caller.role, name: caller.name, scope: caller.scope },
}));

/**
 * GET /.well-known/jwks.json (public): the keys that verify access tokens, for services and
 * agencies: the signing key's, and during a rotation the previous key's too, each under its `kid`.
 */
export const jwks = http({}, async () => {
  const keys = await Promise.all(verifyingKeys.map(async (key) => ({ ...(await exportJWK(await key.publicKey())), kid: key.keyId, alg: 'ES256', use: 'sig' })));
  return {
    status: 200,
    body: { keys },
    headers: { 'cache-control': 'public, max-age=3600' },
  };
});
