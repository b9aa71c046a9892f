import type { PlatformRoute } from './gateway.ts';
import type { LocalQueue } from './local-queue.ts';
import type { LocalScheduler } from './scheduler.ts';
import { costFigures } from './metering/cost.ts';
import type { MeterRow } from './metering/meter.ts';
import type { OutboxStatus } from '../ops/outbox-status.ts';

/** What the operator routes act on. */
export interface OperatorRouteOptions {
  queues: Map<string, LocalQueue>;
  scheduler: LocalScheduler;
  /** Moves a dead-letter queue's messages back to its source queue. */
  redrive(queueName: string): number;
  /** What the platform still waits for before it is ready (none: ready); `/health` answers 503 until then. */
  waiting(): Promise<string[]>;
  /** What AWS would have billed so far, per service and operation. */
  billing(): Promise<MeterRow[]>;
  /** Each service's unpublished events (`npm run outbox:status`). */
  outbox(): Promise<OutboxStatus[]>;
}

/**
 * The local platform's own routes beside the services' API: `/health`, and the operator's
 * `/_local/*` (queue depths, redriving a dead-letter queue, each service's unpublished events, running a schedule now, the billable
 * units counted since the start: `GET /_local/billing`). They exist
 * only locally; in AWS the console and CLI do these jobs.
 */
export function operatorRoutes(options: OperatorRouteOptions): PlatformRoute {
  return async (req, url) => {
    if (url.pathname === '/health' && req.method === 'GET') {
      const waiting = await options.waiting();
      return waiting.length === 0 ? { status: 200, body: { status: 'ok' } } : { status: 503, body: { status: 'starting', waiting } };
    }
    if (!url.pathname.startsWith('/_local/')) return undefined;
    req.resume();
    if (url.pathname === '/_local/queues' && req.method === 'GET') {
      return { status: 200, body: { items: [...options.queues.values()].map((q) => ({ name: q.name, ...q.depth() })) } };
    }
    if (url.pathname === '/_local/outbox' && req.method === 'GET') {
      return { status: 200, body: { items: await options.outbox() } };
    }
    if (url.pathname === '/_local/billing' && req.method === 'GET') {
      const rows = await options.billing();
      return { status: 200, body: { totals: costFigures(rows), items: rows } };
    }
    const redriveMatch = /^\/_local\/queues\/([^/]+)\/redrive$/.exec(url.pathname);
    if (redriveMatch && req.method === 'POST') {
      try {
        return { status: 200, body: { moved: options.redrive(decodeURIComponent(redriveMatch[1]!)) } };
      } catch (error) {
        return { status: 404, body: { error: { code: 'NOT_FOUND', message: (error as Error).message } } };
      }
    }
    const runMatch = /^\/_local\/schedules\/([^/]+)\/run$/.exec(url.pathname);
    if (runMatch && req.method === 'POST') {
      const name = decodeURIComponent(runMatch[1]!);
      if (!options.scheduler.names().includes(name)) return { status: 404, body: { error: { code: 'NOT_FOUND', message: `no schedule ${name}` } } };
      return { status: 200, body: { result: await options.scheduler.run(name) } };
    }
    return { status: 404, body: { error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${url.pathname}.` } } };
  };
}
