import { readFile } from 'node:fs/promises';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Where providers' credentials are kept, by the name the city config gives. The value is a JSON
 * object (`{"accessKeyId": …, "accessKeySecret": …}` for Aliyun SMS); `undefined` means there is
 * no such secret — the channel is not configured.
 */
export interface SecretSource {
  json(secretId: string): Promise<Readonly<Record<string, unknown>> | undefined>;
}

/** The secret exists but could not be read now (throttled, unreachable): worth trying again. */
export class SecretUnavailableError extends Error {
  constructor(readonly code: string) {
    super(`secret could not be read: ${code}`);
    this.name = 'SecretUnavailableError';
  }
}

/**
 * Secrets Manager `GetSecretValue`, each secret read once per cold start (a rotated secret is
 * picked up by the next cold start). A failed read is not cached.
 */
export class SecretsManagerSource implements SecretSource {
  private readonly cache = new Map<string, Promise<Readonly<Record<string, unknown>> | undefined>>();

  constructor(private readonly client: Pick<SecretsManagerClient, 'send'> = new SecretsManagerClient({})) {}

  json(secretId: string): Promise<Readonly<Record<string, unknown>> | undefined> {
    let value = this.cache.get(secretId);
    if (!value) {
      const pending = this.read(secretId);
      value = pending;
      this.cache.set(secretId, pending);
      pending.catch(() => {
        if (this.cache.get(secretId) === pending) this.cache.delete(secretId);
      });
    }
    return value;
  }

  private async read(secretId: string): Promise<Readonly<Record<string, unknown>> | undefined> {
    let text: string | undefined;
    try {
      ({ SecretString: text } = await this.client.send(new GetSecretValueCommand({ SecretId: secretId })));
    } catch (error) {
      const name = (error as Error).name;
      // Not there (or not there yet): the channel is not configured, which the operator sees.
      if (name === 'ResourceNotFoundException') return undefined;
      throw new SecretUnavailableError(/^\w{1,60}$/.test(name) ? name : 'SecretsManager');
    }
    return parseSecret(text);
  }
}

/**
 * The local platform's secrets: a JSON file `{"<secret name>": {…}}` named by
 * `MINQING_LOCAL_SECRETS` (kept outside the repository). Without it no channel has credentials.
 */
export class FileSecretSource implements SecretSource {
  private content: Promise<Record<string, unknown>> | undefined;

  constructor(private readonly path: string | undefined) {}

  async json(secretId: string): Promise<Readonly<Record<string, unknown>> | undefined> {
    if (!this.path) return undefined;
    this.content ??= readFile(this.path, 'utf8').then((text) => JSON.parse(text) as Record<string, unknown>);
    const value = (await this.content)[secretId];
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  }
}

export const LOCAL_SECRETS_ENV = 'MINQING_LOCAL_SECRETS';

function parseSecret(text: string | undefined): Readonly<Record<string, unknown>> | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
