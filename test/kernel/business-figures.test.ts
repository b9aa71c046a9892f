import { type DynamoDBDocumentClient, GetCommand, type QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, ScheduledEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { z } from 'zod';
import { CaseForwarded, CaseOverdue } from '../../shared/events/case-routing/index.ts';
import { createEvent, type DomainEvent, type EventContract } from '../../shared/events/envelope.ts';
import { MessageSubmitted } from '../../shared/events/messaging/index.ts';
import { BUSINESS_METRICS, type BusinessMetric, METRICS_NAMESPACE, OUTBOX_AGE_METRIC } from '../../shared/runtime/business-metrics.ts';
import { countEventFigures } from '../../shared/runtime/event-figures.ts';
import { TooManyRequestsError } from '../../shared/runtime/errors.ts';
import { httpHandler } from '../../shared/runtime/http.ts';
import { createLogger } from '../../shared/runtime/logger.ts';
import { BusinessFigures, type FigureRecorder } from '../../shared/runtime/metrics.ts';
import { outboxRelayHandler } from '../../shared/runtime/outbox-relay.ts';
import { ItemStore } from '../../shared/store/item-store.ts';

process.env.MINQING_LOG_LEVEL = 'SILENT';
const logger = createLogger('test');
const now = new Date('2026-03-05T02:00:00Z');
const context = { awsRequestId: 'r-1', functionName: 'minqing-demo-test', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

/** A recorder that keeps what it was told, for the code that counts (not for the EMF format). */
class RecordedFigures implements FigureRecorder {
  readonly counted: { name: string; by: Record<string, string>; value: number }[] = [];
  readonly timed: { name: string; value: number }[] = [];
  count(metric: BusinessMetric, by: Readonly<Record<string, string>> = {}, value = 1) {
    this.counted.push({ name: metric.name, by: { ...by }, value });
  }
  seconds(name: string, value: number) {
    this.timed.push({ name, value });
  }
}

interface EmfLine {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

/** The EMF lines written to standard output, as CloudWatch Logs would read them. */
function captureStdout() {
  const lines: string[] = [];
  const spy: MockInstance = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  return { emf: () => lines.map((l) => JSON.parse(l) as EmfLine).filter((l) => l._aws), restore: () => spy.mockRestore() };
}

/** An event from its contract's sample, with some facts changed. */
const event = (contract: EventContract, changes: Record<string, unknown> = {}): DomainEvent =>
  createEvent(contract, { ...(contract.sample as object), ...changes }, { city: 'demo', now });

describe('BusinessFigures: CloudWatch embedded metric format on stdout', () => {
  let stdout: ReturnType<typeof captureStdout>;
  beforeEach(() => {
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    stdout = captureStdout();
  });
  afterEach(() => stdout.restore());

  it('writes a count with the city and service dimensions, and again broken down by channel', () => {
    // Prepare
    const figures = new BusinessFigures({ city: 'demo', service: 'notifications' });

    // Act
    figures.count(BUSINESS_METRICS.deliveriesSent, { channel: 'sms' });

    // Assess
    const [total, byChannel] = stdout.emf();
    expect(stdout.emf()).toHaveLength(2);
    expect(total!._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [['service', 'city']],
      Metrics: [{ Name: 'DeliveriesSent', Unit: 'Count' }],
    });
    expect(total).toMatchObject({ service: 'notifications', city: 'demo', DeliveriesSent: 1 });
    expect(byChannel!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'city', 'channel']]);
    expect(byChannel).toMatchObject({ channel: 'sms', DeliveriesSent: 1 });
  });

  it('writes the outbox age in seconds, with no dimension left over from an earlier count', () => {
    // Prepare
    const figures = new BusinessFigures({ city: 'demo', service: 'messaging' });
    figures.count(BUSINESS_METRICS.messagesRefused, { code: 'TOO_MANY_REQUESTS' });

    // Act
    figures.seconds(OUTBOX_AGE_METRIC, 95);

    // Assess
    const age = stdout.emf().at(-1)!;
    expect(age._aws.CloudWatchMetrics[0]).toMatchObject({ Dimensions: [['service', 'city']], Metrics: [{ Name: OUTBOX_AGE_METRIC, Unit: 'Seconds' }] });
    expect(age).not.toHaveProperty('code');
    expect(age[OUTBOX_AGE_METRIC]).toBe(95);
  });

  it('writes nothing when metrics are switched off, as the local platform does', () => {
    // Prepare
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const figures = new BusinessFigures({ city: 'demo', service: 'messaging' });

    // Act
    figures.count(BUSINESS_METRICS.messagesAccepted, { via: 'station' });

    // Assess
    expect(stdout.emf()).toEqual([]);
    delete process.env.POWERTOOLS_METRICS_DISABLED;
  });
});

describe('countEventFigures: the facts committed events stand for', () => {
  it('counts accepted and held messages, forwarded and overdue cases, and nothing for other events', () => {
    // Prepare
    const figures = new RecordedFigures();
    const events = [
      event(MessageSubmitted),
      event(MessageSubmitted, { deputyCode: undefined, heldForReview: true, holdReason: 'flood' }),
      event(CaseForwarded),
      event(CaseOverdue),
    ];

    // Act
    countEventFigures(figures, events);

    // Assess
    expect(figures.counted).toEqual([
      { name: 'MessagesAccepted', by: { via: 'station' }, value: 1 },
      { name: 'MessagesHeld', by: { reason: 'flood' }, value: 1 },
      { name: 'CasesForwarded', by: {}, value: 1 },
      { name: 'CasesOverdue', by: { stage: 'resolution' }, value: 1 },
    ]);
  });

  it('is told by the item store once per committed write, not when the write is refused', async () => {
    // Prepare
    const figures = new RecordedFigures();
    let refuse = false;
    const client = {
      send: async () => {
        if (refuse) throw Object.assign(new Error('conditional'), { name: 'ConditionalCheckFailedException' });
        return {};
      },
    } as unknown as DynamoDBDocumentClient;
    const publisher = { publish: async (events: readonly DomainEvent[]) => ({ published: events.map((e) => e.detail.metadata.eventId), failed: [] }) };
    const store = new ItemStore({ client, tableName: 't', publisher, now: () => now, onCommitted: (events) => countEventFigures(figures, events) });
    const forwarded = event(CaseForwarded);

    // Act
    await store.create({ pk: 'case#1', sk: 'case' }, [forwarded]);
    await store.create({ pk: 'case#2', sk: 'case' });
    refuse = true;
    await store.create({ pk: 'case#1', sk: 'case' }, [forwarded]).catch(() => undefined);

    // Assess
    expect(figures.counted.map((c) => c.name)).toEqual(['CasesForwarded']);
  });
});

describe('intake refusals and the outbox relay', () => {
  const httpEvent = (body: string): APIGatewayProxyEventV2 =>
    ({
      version: '2.0',
      routeKey: 'POST /v1/messages',
      rawPath: '/v1/messages',
      headers: { 'content-type': 'application/json' },
      requestContext: { requestId: 'req-1', http: { method: 'POST', path: '/v1/messages', sourceIp: '203.0.113.7' } },
      body,
      isBase64Encoded: false,
    }) as unknown as APIGatewayProxyEventV2;

  it('counts a route’s refused requests by error code, and neither its successes nor another route’s refusals', async () => {
    // Prepare
    const figures = new RecordedFigures();
    const body = z.object({ text: z.string().min(1) }).strict();
    const intake = httpHandler({ logger, figures, body, refusedAs: BUSINESS_METRICS.messagesRefused }, async ({ body: b }) => {
      if (b.text === 'flood') throw new TooManyRequestsError(60);
      return { status: 202, body: { ok: true } };
    });
    const other = httpHandler({ logger, figures, body }, async () => ({ status: 201 }));

    // Act
    const statuses = [
      ((await intake(httpEvent('{"text":"路灯坏了"}'), context)) as APIGatewayProxyStructuredResultV2).statusCode,
      ((await intake(httpEvent('{"text":""}'), context)) as APIGatewayProxyStructuredResultV2).statusCode,
      ((await intake(httpEvent('{"text":"flood"}'), context)) as APIGatewayProxyStructuredResultV2).statusCode,
      ((await other(httpEvent('{"text":""}'), context)) as APIGatewayProxyStructuredResultV2).statusCode,
    ];

    // Assess
    expect(statuses).toEqual([202, 400, 429, 400]);
    expect(figures.counted).toEqual([
      { name: 'MessagesRefused', by: { code: 'INVALID_INPUT' }, value: 1 },
      { name: 'MessagesRefused', by: { code: 'TOO_MANY_REQUESTS' }, value: 1 },
    ]);
  });

  it('reports the age of the oldest event the relay could not publish, and 0 once all left', async () => {
    // Prepare
    const figures = new RecordedFigures();
    const pending = [
      { pk: 'case#1', sk: 'case', version: 2, outbox: ['{}'], outboxSince: '2026-03-05T01:50:00.000Z' },
      { pk: 'case#2', sk: 'case', version: 1, outbox: ['{}'], outboxSince: '2026-03-05T01:58:30.000Z' },
    ];
    // The outbox index answers keys and version; the relay reads each item's events itself.
    const client = {
      send: async (command: QueryCommand | GetCommand) =>
        command instanceof GetCommand ? { Item: pending.find((item) => item.pk === command.input.Key?.pk) } : { Items: pending },
    } as unknown as DynamoDBDocumentClient;
    let busUp = false;
    const store = { publishAndClear: async () => busUp } as unknown as ItemStore;
    const relay = outboxRelayHandler({ logger, client, tableName: 't', store, figures });
    const tick = { time: now.toISOString() } as ScheduledEvent;

    // Act
    await relay(tick, context);
    busUp = true;
    await relay(tick, context);

    // Assess
    expect(figures.timed).toEqual([
      { name: OUTBOX_AGE_METRIC, value: 600 },
      { name: OUTBOX_AGE_METRIC, value: 0 },
    ]);
  });
});
