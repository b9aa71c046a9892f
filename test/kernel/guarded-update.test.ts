import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startDynalite, type LocalDynamo } from '../../infra/local/local-dynamo.ts';
import { localEndpointConfig } from '../../shared/runtime/local-endpoint.ts';
import { singleTable } from '../../shared/store/table.ts';
import { guardedUpdate } from '../../shared/store/guarded-update.ts';

/** Read models updated from events never move backwards, whatever order the events arrive in. */
describe('guardedUpdate (on dynalite)', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBDocumentClient;
  const table = 'guarded-update-test';
  const key = { pk: 'deputy#D0001', sk: 'deputy' };
  const setName = (name: string) => ({ set: '#name = :name', names: { '#name': 'name' }, values: { ':name': name } });
  const read = async () => (await client.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

  beforeAll(async () => {
    dynamo = await startDynalite(undefined);
    const raw = new DynamoDBClient(localEndpointConfig(dynamo.endpoint));
    await ensureTable(raw, table, singleTable());
    client = DynamoDBDocumentClient.from(raw);
  });
  afterAll(async () => dynamo?.stop());

  it('applies newer facts, refuses older ones, and applies a repeat of the same fact again harmlessly', async () => {
    // Act
    const first = await guardedUpdate(client, table, key, 'postsAsOf', '2026-03-05T10:00:00.000Z', setName('李春华'));
    const newer = await guardedUpdate(client, table, key, 'postsAsOf', '2026-03-06T10:00:00.000Z', setName('李春华（更新）'));
    const late = await guardedUpdate(client, table, key, 'postsAsOf', '2026-03-05T12:00:00.000Z', setName('迟到的旧名'));
    const repeat = await guardedUpdate(client, table, key, 'postsAsOf', '2026-03-06T10:00:00.000Z', setName('李春华（更新）'));

    // Assess
    expect([first, newer, late, repeat]).toEqual([true, true, false, true]);
    expect(await read()).toMatchObject({ name: '李春华（更新）', postsAsOf: '2026-03-06T10:00:00.000Z' });
  });

  it('keeps a separate clock per kind of fact', async () => {
    // Prepare: a term ended later than the posts were last changed
    await guardedUpdate(client, table, key, 'termAsOf', '2026-04-01T00:00:00.000Z', { set: 'active = :no', values: { ':no': false } });

    // Act: an older posts update still applies, since posts have their own clock
    const posts = await guardedUpdate(client, table, key, 'postsAsOf', '2026-03-07T00:00:00.000Z', setName('李春华（再更新）'));

    // Assess
    expect(posts).toBe(true);
    expect(await read()).toMatchObject({ name: '李春华（再更新）', active: false });
  });
});
