import { randomBytes } from 'node:crypto';
import { signingKeyFromEnv, verifyingKeysFromEnv } from '../../../../shared/auth/signing-key.ts';
import { fieldCipherFromEnv } from '../../../../shared/crypto/field-cipher.ts';
import { currentCity } from '../../../../shared/runtime/city.ts';
import { ENV } from '../../../../shared/runtime/manifest.ts';
import { FileSecretSource, LOCAL_SECRETS_ENV, SecretsManagerSource } from '../../../../shared/secrets/secret-source.ts';
import { internalInvoker } from '../../../../shared/runtime/invoke.ts';
import { serviceDeps } from '../../../../shared/runtime/service-deps.ts';
import { serviceHandlers } from '../../../../shared/runtime/service-handlers.ts';
import { DynamoAccounts } from '../adapters/dynamo-accounts.ts';
import { DynamoDirectory } from '../adapters/dynamo-directory.ts';
import { DynamoFailureCounter } from '../adapters/dynamo-failure-counter.ts';
import { DynamoRefreshTokens } from '../adapters/dynamo-refresh-tokens.ts';
import { DynamoWechatStates } from '../adapters/dynamo-wechat-states.ts';
import { ScryptPasswordHasher } from '../adapters/scrypt-password-hasher.ts';
import { WechatOAuth } from '../adapters/wechat-oauth.ts';
import type { AccountPorts } from '../use-cases/accounts.ts';
import type { WechatBindingPorts } from '../use-cases/wechat-binding.ts';

/** The identity service's adapters, wired once per cold start. */
export const deps = serviceDeps('identity');
/** This service's handler stacks, with its logger, revocation view and idempotency table bound once. */
export const { http, queue, schedule, internal, worker } = serviceHandlers(deps);

/** The personal-data cipher: deputies' phones are stored encrypted with it. */
export const cipher = fieldCipherFromEnv('identity');

export const directory = new DynamoDirectory({
  client: deps.client,
  tableName: deps.tableName,
  store: deps.store,
  cipher,
});

export const hasher = new ScryptPasswordHasher();
export const failures = new DynamoFailureCounter(deps.client, deps.tableName);
export const signingKey = signingKeyFromEnv();
/** The signing key and, during a rotation, the previous one: both are published. */
export const verifyingKeys = verifyingKeysFromEnv();

/** Calls other services' internal functions (statistics' responsiveness for the public profile). */
export const invoke = internalInvoker('identity', { timeoutMs: 3_000 });
export const accounts = new DynamoAccounts(deps.client, deps.tableName, deps.store);
export const refreshTokens = new DynamoRefreshTokens(deps.client, deps.tableName);

/** What the account use cases need, with the system's randomness. */
export const accountPorts: AccountPorts = { accounts, hasher, city: deps.city, random: (n) => randomBytes(n), directory };

/** The local platform sets the DynamoDB endpoint; a deployed function never has it. */
const local = Boolean(process.env[ENV.dynamoEndpoint]);

/**
 * WeChat web authorization for binding accounts and citizens' messages: the official account of the
 * city config, its AppSecret from Secrets Manager (locally from `MINQING_LOCAL_SECRETS`).
 */
export const wechatBinding: WechatBindingPorts = {
  accounts,
  states: new DynamoWechatStates(deps.client, deps.tableName),
  wechat: new WechatOAuth(
    currentCity().notifications.channels.wechat,
    local ? new FileSecretSource(process.env[LOCAL_SECRETS_ENV]) : new SecretsManagerSource(),
  ),
  cipher,
  city: { name: deps.city, publicBaseUrl: currentCity().publicBaseUrl },
  random: (n) => randomBytes(n),
};
