import { randomBytes } from 'node:crypto';
import type { CityConfig } from '../../../shared/city/config.ts';
import { fieldCipherFromEnv } from '../../../shared/crypto/field-cipher.ts';
import type { LocalSeed } from '../../../shared/runtime/manifest.ts';
import { serviceDeps } from '../../../shared/runtime/service-deps.ts';
import { DynamoAccounts } from './adapters/dynamo-accounts.ts';
import { DynamoDirectory } from './adapters/dynamo-directory.ts';
import { ScryptPasswordHasher } from './adapters/scrypt-password-hasher.ts';
import { seedLocalDemo } from './demo/seed.ts';
import { formatCode, readableCode } from './domain/account.ts';
import { FIRST_ADMIN, startCity } from './use-cases/start-city.ts';

/**
 * The identity manifest's local seed: the demo city gets its demo directory and accounts; any
 * other city starts as a deployed stack does (the first start: its townships and a first admin),
 * with a random one-time password made here instead of by Secrets Manager. The banner shows that
 * password once, on the start that created the admin; later starts find the admin and show none.
 */
export const startLocal: LocalSeed = async (city) => {
  if (city.demo) return seedLocalDemo(city);
  const { firstAdmin } = await startLocalCity(city);
  return {
    banner: (url) =>
      firstAdmin
        ? [
            `  first start: ${city.townships.length} townships from the city's config; first admin (shown this once, change it at the first sign-in):`,
            `    username ${firstAdmin.username}   one-time password ${firstAdmin.oneTimePassword}`,
            `  next: sign in (POST ${url}/v1/auth/login), set a password (POST /v1/auth/password), import stations, units and deputies, export activation codes`,
          ]
        : [`  first admin: created on an earlier start (an admin resets a password with POST ${url}/v1/accounts/{username}/password-reset)`],
  };
};

/** A city's first start on the local platform; the first admin's one-time password only when created now. */
export async function startLocalCity(city: CityConfig): Promise<{ firstAdmin?: { username: string; oneTimePassword: string } }> {
  const deps = serviceDeps('identity');
  const directory = new DynamoDirectory({ client: deps.client, tableName: deps.tableName, store: deps.store, cipher: fieldCipherFromEnv('identity') });
  const accounts = new DynamoAccounts(deps.client, deps.tableName, deps.store);
  const oneTimePassword = formatCode(readableCode(randomBytes(12)));
  const result = await startCity({ directory, accounts, hasher: new ScryptPasswordHasher(), city: city.name }, city.townships, oneTimePassword, deps.now());
  return result.adminCreated ? { firstAdmin: { username: FIRST_ADMIN, oneTimePassword } } : {};
}
