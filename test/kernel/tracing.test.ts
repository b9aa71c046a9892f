import { createSocket, type Socket } from 'node:dgram';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient, PutEventsCommand, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { APIGatewayProxyEventV2, Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEvent } from '../../shared/events/envelope.ts';
import { EventBridgePublisher } from '../../shared/events/eventbridge-publisher.ts';
import { localEndpointConfig } from '../../shared/runtime/local-endpoint.ts';
import { NoteCreated } from '../fixture/events.ts';

const TRACE = 'Root=1-67a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1';
const context = { awsRequestId: 'r-1', functionName: 'minqing-demo-fixture-route', getRemainingTimeInMillis: () => 3000 } as unknown as Context;

/** An X-Ray daemon on a loopback port: the segment documents the tracer sends, by UDP as in Lambda. */
async function startDaemon(): Promise<{ socket: Socket; port: number; documents: Record<string, any>[] }> {
  const socket = createSocket('udp4');
  const documents: Record<string, any>[] = [];
  // Each datagram is a JSON header line, then the segment document.
  socket.on('message', (message) => documents.push(JSON.parse(message.toString('utf8').split('\n')[1]!)));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, port: socket.address().port, documents };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('tracing: a traced invocation in Lambda (X-Ray daemon on loopback)', () => {
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let runtime: { http: typeof import('../../shared/runtime/http.ts'); queue: typeof import('../../shared/runtime/queue.ts') };

  beforeAll(async () => {
    // Prepare: the environment Lambda gives a function with active tracing, before the tracer loads
    daemon = await startDaemon();
    Object.assign(process.env, {
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      LAMBDA_TASK_ROOT: '/var/task',
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.port}`,
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
      POWERTOOLS_SERVICE_NAME: 'minqing-fixture',
      _HANDLER: 'index.handler',
      _X_AMZN_TRACE_ID: TRACE,
    });
    runtime = { http: await import('../../shared/runtime/http.ts'), queue: await import('../../shared/runtime/queue.ts') };
  });
  afterAll(() => {
    for (const name of [
      'AWS_EXECUTION_ENV',
      'LAMBDA_TASK_ROOT',
      'AWS_XRAY_DAEMON_ADDRESS',
      'AWS_XRAY_CONTEXT_MISSING',
      'POWERTOOLS_SERVICE_NAME',
      '_HANDLER',
      '_X_AMZN_TRACE_ID',
    ]) {
      delete process.env[name];
    }
    daemon?.socket.close();
  });

  it('records an HTTP invocation in the trace, annotated with its request id as the flow, and never its response', async () => {
    // Prepare
    const { createLogger } = await import('../../shared/runtime/logger.ts');
    const handler = runtime.http.httpHandler({ logger: createLogger('fixture') }, async () => ({ status: 200, body: { phone: '13800000000' } }));
    const event = {
      version: '2.0',
      routeKey: 'GET /v1/fixture',
      rawPath: '/v1/fixture',
      headers: {},
      requestContext: { requestId: 'req-intake-1', http: { method: 'GET', path: '/v1/fixture', sourceIp: '203.0.113.7' } },
    } as unknown as APIGatewayProxyEventV2;

    // Act
    await handler(event, context);
    await settle();

    // Assess
    const invocation = daemon.documents.find((d) => d.name === '## index.handler');
    expect(invocation, JSON.stringify(daemon.documents)).toBeDefined();
    expect(invocation!.trace_id).toBe('1-67a1b2c3-0123456789abcdef01234567');
    expect(invocation!.annotations).toMatchObject({ correlationId: 'req-intake-1', Service: 'minqing-fixture' });
    expect(JSON.stringify(daemon.documents)).not.toContain('13800000000');
  });

  it('gives each consumed record a subsegment annotated with the flow its event belongs to', async () => {
    // Prepare
    const { createLogger } = await import('../../shared/runtime/logger.ts');
    const handler = runtime.queue.queueHandler(
      {
        logger: createLogger('fixture'),
        subscription: 'tally-notes',
        contracts: [NoteCreated],
        // No idempotency store listens there: each record fails inside its subsegment, which is what is traced.
        idempotency: { client: new DynamoDBClient({ ...localEndpointConfig('http://127.0.0.1:9'), maxAttempts: 1 }), tableName: 'fixture' },
      },
      async () => undefined,
    );
    const record = (correlationId: string, i: number) => {
      const note = createEvent(
        NoteCreated,
        { noteId: `n-${i}`, kind: 'plain' },
        { city: 'demo', now: new Date(), cause: { correlationId, causationId: correlationId } },
      );
      return { messageId: `m-${i}`, body: JSON.stringify({ source: note.source, 'detail-type': note.detailType, detail: note.detail }) };
    };
    const batch = { Records: [record('req-a', 1), record('req-b', 2)] } as unknown as SQSEvent;

    // Act
    await handler(batch, context);
    await settle();

    // Assess
    const records = daemon.documents.filter((d) => d.name === 'tally-notes');
    expect(records.map((d) => d.annotations?.correlationId).sort()).toEqual(['req-a', 'req-b']);
    expect(records.every((d) => d.trace_id === '1-67a1b2c3-0123456789abcdef01234567' && d.fault)).toBe(true);
  });
});

describe('tracing: the bus carries the trace on', () => {
  const publishTo = (entries: PutEventsRequestEntry[][]) =>
    new EventBridgePublisher({
      eventBusName: 'minqing-demo',
      client: {
        send: async (command: PutEventsCommand) => {
          entries.push(command.input.Entries ?? []);
          return { Entries: (command.input.Entries ?? []).map((_, i) => ({ EventId: `eb-${i}` })) };
        },
      } as unknown as Pick<EventBridgeClient, 'send'>,
    });
  const note = createEvent(NoteCreated, { noteId: 'n-1', kind: 'plain' }, { city: 'demo', now: new Date('2026-03-05T02:00:00Z') });

  it("puts the invocation's trace header on each entry, and none outside a traced invocation", async () => {
    // Prepare
    const traced: PutEventsRequestEntry[][] = [];
    const untraced: PutEventsRequestEntry[][] = [];

    // Act
    process.env._X_AMZN_TRACE_ID = TRACE;
    await publishTo(traced).publish([note]);
    delete process.env._X_AMZN_TRACE_ID;
    await publishTo(untraced).publish([note]);

    // Assess
    expect(traced[0]![0]!.TraceHeader).toBe(TRACE);
    expect(untraced[0]![0]).not.toHaveProperty('TraceHeader');
    expect(z.string().parse(untraced[0]![0]!.Detail)).toContain('n-1');
  });
});
