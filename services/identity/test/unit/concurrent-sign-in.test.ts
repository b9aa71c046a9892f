import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSigningKey } from '../../../../shared/auth/signing-key.ts';
import { localEndpointConfig } from '../../../../shared/runtime/local-endpoint.ts';
import { ensureTable, type LocalDynamo, startDynalite } from '../../../../test/support/dynamo.ts';
import { DynamoFailureCounter } from '../../src/adapters/dynamo-failure-counter.ts';
import { ScryptPasswordHasher } from '../../src/adapters/scrypt-password-hasher.ts';
import type { PasswordHasher, StoredAccount } from '../../src/ports.ts';
import { identityTable } from '../../src/table.ts';
import { signIn } from '../../src/use-cases/sign-in.ts';

/** The real scrypt hasher, counting the passwords it checks. */
class CountingHasher implements PasswordHasher {
  checks = 0;
  private readonly real = new ScryptPasswordHasher();
  hash(password: string, options?: { cost?: 'standard' | 'demo' }): Promise<string> {
    return this.real.hash(password, options);
  }
  verify(password: string, stored: string): Promise<boolean> {
    this.checks++;
    return this.real.verify(password, stored);
  }
}

/** The sign-in throttle under concurrency, with its counters in DynamoDB (dynalite). */
describe('sign-in throttle under concurrent guesses', () => {
  const table = 'identity-throttle-test';
  const now = new Date('2026-12-02T08:01:40.000Z');
  let dynamo: LocalDynamo;
  let dir: string;
  let failures: DynamoFailureCounter;
  let signingKey: FileSigningKey;
  let account: StoredAccount;

  beforeAll(async () => {
    dynamo = await startDynalite(undefined);
    const raw = new DynamoDBClient(localEndpointConfig(dynamo.endpoint));
    await ensureTable(raw, table, identityTable);
    failures = new DynamoFailureCounter(DynamoDBDocumentClient.from(raw), table);
    dir = mkdtempSync(join(tmpdir(), 'minqing-throttle-'));
    signingKey = new FileSigningKey(join(dir, 'signing.pem'));
    const passwordHash = await new ScryptPasswordHasher().hash('the-right-password-1', { cost: 'demo' });
    account = {
      accountId: 'acc-lucheng',
      username: 'lucheng.reviewer',
      name: '李明',
      role: 'township_reviewer',
      scope: { townshipCode: 'lucheng' },
      passwordHash,
    };
  });
  afterAll(async () => {
    await dynamo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks at most 5 passwords when 50 wrong guesses for one username arrive at once; the rest get 429', async () => {
    // Prepare
    const hasher = new CountingHasher();
    const ports = { directory: { getAccount: async () => account }, hasher, failures, signingKey, city: 'demo' };

    // Act: each guess from its own client, so only the username's limit applies
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => signIn(ports, { username: 'lucheng.reviewer', password: `guess-${i}`, clientIp: `10.0.${i}.1` }, now)),
    );

    // Assess
    const statuses = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { status: number }).status : 200));
    expect(hasher.checks).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401)).toHaveLength(hasher.checks);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50 - hasher.checks);
    const right = await signIn(ports, { username: 'lucheng.reviewer', password: 'the-right-password-1', clientIp: '10.9.9.9' }, now).catch((e: unknown) => e);
    expect(right).toMatchObject({ status: 429 });
  });
});
