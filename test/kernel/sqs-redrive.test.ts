import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { type CityDeadLetterQueue, cityDeadLetterQueues } from '../../infra/ops/city-queues.ts';
import { listDeadLetterQueues, redriveDeadLetterQueue } from '../../infra/ops/sqs-redrive.ts';
import { services } from '../../services/manifests.ts';

interface Exchange {
  request: { target: string; body: Record<string, unknown> };
  response: { status: number; body: unknown };
}

const recorded = JSON.parse(readFileSync(new URL('../fixture/sqs-redrive-exchange.json', import.meta.url), 'utf8')) as { exchanges: Exchange[] };

/**
 * An SQS client whose HTTP layer replays a recorded exchange: each request the SDK sends is kept
 * for the test to compare with the recording, and answered with the recorded response. No account,
 * no network.
 */
function replayingSqs(exchanges: readonly Exchange[]) {
  const sent: Exchange['request'][] = [];
  const requestHandler = {
    handle: async (request: { headers: Record<string, string>; body?: string | Uint8Array }) => {
      const text = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
      sent.push({ target: request.headers['x-amz-target'] ?? '', body: JSON.parse(text || '{}') });
      const reply = exchanges[sent.length - 1];
      if (!reply) throw new Error(`request ${sent.length} was not in the recording`);
      return {
        response: {
          statusCode: reply.response.status,
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `recorded-${sent.length}` },
          body: Readable.from([Buffer.from(JSON.stringify(reply.response.body))]),
        },
      };
    },
  };
  const sqs = new SQSClient({ region: 'cn-north-1', credentials: { accessKeyId: 'AKIDRECORDED', secretAccessKey: 'recorded' }, requestHandler });
  return { sqs, sent };
}

describe('queues:redrive against a deployed city (recorded SQS exchange)', () => {
  const queues = cityDeadLetterQueues('demo', services);
  const byName = (name: string) => queues.find((q) => q.name === name) as CityDeadLetterQueue;
  const triggers = [byName('minqing-demo-notifications-triggers-dlq'), byName('minqing-demo-notifications-triggers-delivery-dlq')];

  it('names every dead-letter queue of the city as the stack does, each with where its messages go back', () => {
    // Assess
    expect(queues.length).toBe(services.reduce((n, s) => n + 2 * s.subscriptions.length + s.schedules.length + (s.workQueues?.length ?? 0), 0));
    expect(new Set(queues.map((q) => q.name)).size).toBe(queues.length);
    expect(triggers[1]!.redriveTo).toEqual({ queue: 'minqing-demo-notifications-triggers' });
    expect(queues.filter((q) => q.kind === 'schedule').every((q) => q.redriveTo === 'none')).toBe(true);
  });

  it("lists each queue with its messages and their failure reasons, moves a rule target's DLQ by hand and starts SQS's move task for a consumer's, sending exactly the recorded requests", async () => {
    // Prepare
    const { sqs, sent } = replayingSqs(recorded.exchanges);

    // Act
    const listed = await listDeadLetterQueues(sqs, triggers);
    const delivery = await redriveDeadLetterQueue(sqs, triggers[1]!);
    const consumer = await redriveDeadLetterQueue(sqs, triggers[0]!);

    // Assess
    expect(sent).toEqual(recorded.exchanges.map((e) => e.request));
    expect(listed).toEqual([
      {
        name: 'minqing-demo-notifications-triggers-dlq',
        kind: 'consumer',
        depth: 1,
        messages: [
          {
            messageId: 'a3f1c9e2-6b7d-4e08-9f11-2c4d5e6f7a80',
            detailType: 'MessageSubmitted',
            eventId: '0b6f3a52-7f61-4d3e-9a8e-4f1c2d7e9b10',
            firstSentAt: '2026-03-05T01:30:00.000Z',
            receives: 6,
            reason: 'its consumer failed it on every receive: see the function log for the event id',
          },
        ],
      },
      {
        name: 'minqing-demo-notifications-triggers-delivery-dlq',
        kind: 'delivery',
        depth: 1,
        messages: [
          {
            messageId: 'b4e2d0f3-7c8e-4f19-8a22-3d5e6f708b91',
            detailType: 'CaseForwarded',
            eventId: '5e2d9c41-1a7b-4c8e-b3f2-6d0a9e8f7c31',
            firstSentAt: '2026-03-05T02:10:00.000Z',
            receives: 1,
            reason: 'EventBridge could not deliver it: SQS.KmsAccessDenied (KMS key access denied)',
          },
        ],
      },
    ]);
    expect(delivery).toEqual({
      moved: 1,
      from: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/minqing-demo-notifications-triggers-delivery-dlq',
      to: 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/minqing-demo-notifications-triggers',
    });
    expect(consumer).toMatchObject({ taskHandle: 'eyJ0YXNrSWQiOiJjb25zdW1lciJ9', to: 'source' });
  });

  it("refuses to redrive a schedule's dead-letter queue without calling SQS", async () => {
    // Prepare
    const { sqs, sent } = replayingSqs([]);
    const schedule = queues.find((q) => q.kind === 'schedule')!;

    // Act
    const attempt = redriveDeadLetterQueue(sqs, schedule);

    // Assess
    await expect(attempt).rejects.toThrow(/next tick/);
    expect(sent).toEqual([]);
  });
});
