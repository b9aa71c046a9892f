import { signingKeyFromEnv } from '../../../../shared/auth/signing-key.ts';
import { fieldCipherFromEnv } from '../../../../shared/crypto/field-cipher.ts';
import { internalInvoker } from '../../../../shared/runtime/invoke.ts';
import { serviceDeps } from '../../../../shared/runtime/service-deps.ts';
import { DynamoDirectory } from '../adapters/dynamo-directory.ts';
import { DynamoFailureCounter } from '../adapters/dynamo-failure-counter.ts';
import { ScryptPasswordHasher } from '../adapters/scrypt-password-hasher.ts';

/** The identity service's adapters, wired once per cold start. */
export const deps = serviceDeps('identity');

/** The personal-data cipher: deputies' phones are stored encrypted with it. */
export const cipher = fieldCipherFromEnv();

export const directory = new DynamoDirectory({
  client: deps.client,
  tableName: deps.tableName,
  store: deps.store,
  cipher,
});

export const hasher = new ScryptPasswordHasher();
export const failures = new DynamoFailureCounter(deps.client, deps.tableName);
export const signingKey = signingKeyFromEnv();

/** Calls other services' internal functions (statistics' responsiveness for the public profile). */
export const invoke = internalInvoker('identity', { timeoutMs: 3_000 });
