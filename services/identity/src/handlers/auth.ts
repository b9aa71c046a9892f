import { exportJWK } from 'jose';
import { ROLES } from '../../../../shared/auth/caller.ts';
import { httpHandler } from '../../../../shared/runtime/http.ts';
import { signIn } from '../use-cases/sign-in.ts';
import { deps, directory, failures, hasher, signingKey } from './deps.ts';
import { credentials } from './schemas.ts';

/** POST /v1/auth/login (anyone). */
export const login = httpHandler({ logger: deps.logger, body: credentials, maxBodyBytes: 2048 }, async ({ body, sourceIp }) => {
  const result = await signIn(
    {
      directory,
      hasher,
      failures,
      signingKey,
      city: deps.city,
      rehashed: (username, previous, next) => directory.replacePasswordHash(username, previous, next),
    },
    { username: body.username, password: body.password, clientIp: sourceIp },
    deps.now(),
  );
  deps.logger.info('signed in', { role: result.user.role });
  return { status: 200, body: result, headers: { 'cache-control': 'no-store' } };
});

/** GET /v1/me (signed in): the caller's user. */
export const me = httpHandler({ logger: deps.logger, roles: ROLES }, async ({ caller }) => ({
  status: 200,
  body: { id: caller.accountId, username: caller.username, role: caller.role, name: caller.name, scope: caller.scope },
}));

/** GET /.well-known/jwks.json (public): the key that verifies access tokens, for services and agencies. */
export const jwks = httpHandler({ logger: deps.logger }, async () => {
  const jwk = await exportJWK(await signingKey.publicKey());
  return {
    status: 200,
    body: { keys: [{ ...jwk, kid: signingKey.keyId, alg: 'ES256', use: 'sig' }] },
    headers: { 'cache-control': 'public, max-age=3600' },
  };
});
