import { relayOutbox } from '../store/outbox.ts';
import { scheduleHandler } from './schedule.ts';
import type { ServiceDeps } from './service-deps.ts';

/**
 * The scheduled outbox relay of one service: publishes events whose immediate publish failed.
 * Each service exports it from `handlers/outbox-relay.ts` and lists it in its manifest's schedules.
 */
export function outboxRelayHandler(deps: ServiceDeps, options: { graceMs?: number } = {}) {
  return scheduleHandler({ logger: deps.logger, name: 'outbox-relay' }, (now) =>
    relayOutbox({ client: deps.client, tableName: deps.tableName, store: deps.store, now, graceMs: options.graceMs }),
  );
}
