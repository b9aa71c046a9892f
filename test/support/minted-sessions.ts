import { accessClaimsSchema, type AccessClaims } from '../../shared/auth/caller.ts';
import { signingKeyFromEnv } from '../../shared/auth/signing-key.ts';
import { issueAccessToken } from '../../shared/auth/tokens.ts';
import { call } from './platform.ts';

/**
 * Sessions for tests whose clock moves or that need hundreds of deputies: each account signs in
 * once for its claims, and every header is a token issued at the current (possibly faked) time with
 * the platform's key. `deputy(code)` re-uses one deputy's claims with another deputy's code, so a
 * vote by most of the city's deputies does not test the password hash hundreds of times.
 */
export function mintedSessions(platform: () => { url: string }) {
  // Promises, so that concurrent first uses of an account sign it in once (a sign-in is throttled per username).
  const claims = new Map<string, Promise<AccessClaims>>();
  async function signIn(username: string): Promise<AccessClaims> {
    const login = await call(platform().url, 'POST', '/v1/auth/login', { username, password: 'demo' });
    if (login.status !== 200) throw new Error(`cannot sign in ${username}: ${login.status}`);
    return accessClaimsSchema.parse(JSON.parse(Buffer.from(String(login.body.accessToken).split('.')[1]!, 'base64url').toString()));
  }
  function claimsOf(username: string): Promise<AccessClaims> {
    if (!claims.has(username)) claims.set(username, signIn(username));
    return claims.get(username)!;
  }
  const header = async (signed: AccessClaims) => ({ authorization: `Bearer ${await issueAccessToken(signingKeyFromEnv(), signed, new Date())}` });
  return {
    /** A real account's session, valid now. */
    as: async (username: string) => header(await claimsOf(username)),
    /** A deputy's session, from `template`'s claims (a deputy who can sign in) with the code changed. */
    deputy: async (code: string, template: string) =>
      header({ ...(await claimsOf(template)), sub: `acct-${code}`, username: code, scope: { deputyCode: code } }),
  };
}
