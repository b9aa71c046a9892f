import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';

/** Environment variable naming the city's source key in AWS: a KMS HMAC key (its ARN). */
export const SOURCE_KEY_ENV = 'MINQING_SOURCE_KEY_ID';
/** Environment variable naming the local file of the source secret (created on first use). */
export const SOURCE_SECRET_FILE_ENV = 'MINQING_SOURCE_SECRET_FILE';

/**
 * Turns a client's address into the key its per-source counters are stored under: HMAC-SHA-256
 * under the city's secret, so a stored key cannot be reversed by hashing the 2³² IPv4 addresses
 * (an unkeyed hash could), nor matched across cities.
 */
export interface SourceKeys {
  keyOf(clientIp: string): Promise<string>;
}

/** How much of the MAC is kept: 128 bits, hex. */
const asKey = (mac: Uint8Array) => Buffer.from(mac).toString('hex').slice(0, 32);

/** The keyed source hash of an address under a secret held in memory (the local platform, tests). */
export function keyedSourceKey(clientIp: string, secret: string | Buffer): string {
  return asKey(createHmac('sha256', secret).update(clientIp, 'utf8').digest());
}

/** Source keys under a secret read once, when first needed; a failed read is retried next time. */
export function sourceKeysFrom(readSecret: () => Promise<string | Buffer>): SourceKeys {
  let secret: Promise<string | Buffer> | undefined;
  return {
    async keyOf(clientIp) {
      secret ??= readSecret().catch((error: unknown) => {
        secret = undefined;
        throw error;
      });
      return keyedSourceKey(clientIp, await secret);
    },
  };
}

/** Addresses remembered per cold start: a flood from one address asks KMS once. */
const REMEMBERED_ADDRESSES = 2_000;

/**
 * Source keys from a KMS HMAC key (`GenerateMac`, HMAC_SHA_256): the secret never leaves KMS, so no
 * function, log or memory dump holds it. Recent addresses are remembered, oldest forgotten first.
 */
export function kmsSourceKeys(keyId: string, client: Pick<KMSClient, 'send'> = new KMSClient({})): SourceKeys {
  const remembered = new Map<string, Promise<string>>();
  return {
    keyOf(clientIp) {
      const known = remembered.get(clientIp);
      if (known) return known;
      const pending = client
        .send(new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(clientIp, 'utf8') }))
        .then((out) => {
          if (!out.Mac) throw new Error('KMS returned no MAC');
          return asKey(out.Mac);
        });
      remembered.set(clientIp, pending);
      pending.catch(() => remembered.delete(clientIp));
      if (remembered.size > REMEMBERED_ADDRESSES) remembered.delete(remembered.keys().next().value!);
      return pending;
    },
  };
}

/** The secret of a local file, 32 random bytes made the first time (as the local data key is). */
function localSecret(path: string): Buffer {
  try {
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  } catch {
    try {
      writeFileSync(path, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
    } catch {
      // Another service of the local platform wrote it first: read theirs.
    }
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  }
}

/** The city's source keys as the environment names them: a KMS HMAC key in AWS, a generated file locally. */
export function sourceKeysFromEnv(): SourceKeys {
  const keyId = process.env[SOURCE_KEY_ENV];
  const file = process.env[SOURCE_SECRET_FILE_ENV];
  if (keyId) return kmsSourceKeys(keyId);
  if (file) return sourceKeysFrom(async () => localSecret(file));
  throw new Error(`set ${SOURCE_KEY_ENV} (KMS) or ${SOURCE_SECRET_FILE_ENV} (local)`);
}
