import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, localEndpointConfig, startDynalite, type LocalDynamo } from '../support/dynamo.ts';
import { RECORD_BUDGETS } from '../../shared/domain/record-budget.ts';
import type { DomainEvent } from '../../shared/events/envelope.ts';
import type { EventPublisher, PublishResult } from '../../shared/events/publisher.ts';

import { ConflictError } from '../../shared/runtime/errors.ts';
import { ItemStore } from '../../shared/store/item-store.ts';
import { singleTable } from '../../shared/store/table.ts';
import { reportProgress, resolve, type Case } from '../../services/case-routing/src/domain/case.ts';
import { followCase } from '../../services/messaging/src/domain/case-steps.ts';
import { reply, type Message } from '../../services/messaging/src/domain/message.ts';
import { accepted, handler, rules, T } from '../../services/case-routing/test/domain/fixtures.ts';

/**
 * Limits: a message with 200 replies and a case with 500 ledger entries are written and read back
 * whole; past a record's budget a reply or note is a clear 409 `RECORD_FULL`, and the record can
 * still be finished.
 */

const sla = { replyDays: 5, ratingWindowDays: 7 };
const UNIT = 'u-lucheng-jianshe';
const minute = (n: number) => new Date(T.act.getTime() + n * 60_000);

const submitted: Message = {
  messageId: 'm-0000000000000001',
  trackingCode: 'TC01-0000',
  category: 'public_facilities',
  content: '村里篮球场晚上没有灯，孩子们天黑以后没法打球，希望能装几盏灯。',
  via: 'deputy',
  deputyCode: 'D0001',
  deputyLevel: 'township',
  townshipCode: 'lucheng',
  status: 'submitted',
  submittedAt: '2026-03-05T01:00:00.000Z',
  replyOverdue: false,
  reopenedOnce: false,
  thread: [],
  timeline: [{ at: '2026-03-05T01:00:00.000Z', status: 'submitted', text: '您的留言已收到。' }],
} as Message;

const accepting: EventPublisher = {
  async publish(events: readonly DomainEvent[]): Promise<PublishResult> {
    return { published: events.map((e) => e.detail.metadata.eventId), failed: [] };
  },
};

describe('records that grow: messages and cases (on dynalite)', () => {
  const table = 'records-limits-test';
  let dynamo: LocalDynamo;
  let store: ItemStore;

  beforeAll(async () => {
    dynamo = await startDynalite(undefined);
    const raw = new DynamoDBClient(localEndpointConfig(dynamo.endpoint));
    await ensureTable(raw, table, singleTable());
    const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    store = new ItemStore({ client, tableName: table, publisher: accepting, now: () => T.act });
  });
  afterAll(async () => dynamo?.stop());

  /** Writes a record and reads it back as DynamoDB keeps it. */
  async function roundTrip<R extends object>(pk: string, record: R): Promise<R> {
    await store.create({ pk, sk: 'record', ...record });
    const { pk: _pk, sk: _sk, version: _v, ...stored } = (await store.get<R>({ pk, sk: 'record' }))!;
    return stored as unknown as R;
  }

  it('writes and reads a message with 200 replies that also followed 500 steps of its case', async () => {
    // Prepare
    let message = submitted;
    for (let i = 1; i <= 200; i++) {
      message = reply(
        message,
        { deputyCode: 'D0001', content: `第${i}次答复：已联系村委会，正在协调电工和灯具，请耐心等待。`, close: i === 200 },
        minute(i),
        sla,
      ).next;
    }
    message = { ...message, status: 'escalated', caseId: 'c-0000000000000001' };
    message = followCase(message, { type: 'accepted', unitCode: UNIT, committedDate: '2026-03-20' }, 1, minute(300), sla)!.next;
    for (let seq = 2; seq <= 501; seq++) message = followCase(message, { type: 'progress', unitCode: UNIT }, seq, minute(300 + seq), sla)!.next;

    // Act
    const stored = await roundTrip('message#m-0000000000000001', message);

    // Assess
    expect(stored.thread).toHaveLength(200);
    expect(stored.timeline).toHaveLength(1 + 200 + 1 + 500);
    expect(stored).toEqual(message);
  });

  it('writes and reads a case with 500 ledger entries', async () => {
    // Prepare
    let record: Case = accepted();
    for (let i = 1; record.ledger.length < 500; i++) {
      record = reportProgress(record, handler, `第${i}次进展：已采购灯具，安排电工施工。`, minute(i), rules).next;
    }

    // Act
    const stored = await roundTrip('case#c-01JNQ5Y8R2W3', record);

    // Assess
    expect(stored.ledger).toHaveLength(500);
    expect(stored.ledger.map((e) => e.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(stored).toEqual(record);
  });

  it('refuses a reply past the message budget with 409 RECORD_FULL, lets the closing reply in, and the full message still stores', async () => {
    // Prepare: replies of the longest kind until one is refused
    const longest = '灯'.repeat(2000);
    let message = submitted;
    let refused: ConflictError | undefined;
    for (let i = 0; !refused && i < 400; i++) {
      try {
        message = reply(message, { deputyCode: 'D0001', content: longest, close: false }, minute(i), sla).next;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        refused = error;
      }
    }

    // Act
    const closed = reply(message, { deputyCode: 'D0001', content: longest, close: true }, minute(999), sla).next;
    const stored = await roundTrip('message#m-full', closed);

    // Assess
    expect(refused?.code).toBe('RECORD_FULL');
    expect(refused?.details).toMatchObject({ budget: RECORD_BUDGETS.message });
    expect(message.thread.length).toBeGreaterThan(5);
    expect(stored.status).toBe('answered');
    expect(stored).toEqual(closed);
  });

  it('refuses a progress note past the case budget with 409 RECORD_FULL, and the full case can still be resolved and stored', async () => {
    // Prepare
    const longest = '进'.repeat(2000);
    let record: Case = accepted();
    let refused: ConflictError | undefined;
    for (let i = 0; !refused && i < 400; i++) {
      try {
        record = reportProgress(record, handler, longest, minute(i), rules).next;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        refused = error;
      }
    }

    // Act
    const done = resolve(record, handler, longest, minute(2000), rules).next;
    const stored = await roundTrip('case#c-full', done);

    // Assess
    expect(refused?.code).toBe('RECORD_FULL');
    expect(refused?.details).toMatchObject({ budget: RECORD_BUDGETS.case });
    expect(stored.status).toBe('resolved');
    expect(stored).toEqual(done);
  });
});
