import { relayOutbox } from '../store/outbox.ts';
import { OUTBOX_AGE_METRIC } from './business-metrics.ts';
import { scheduleHandler } from './schedule.ts';
import type { ServiceDeps } from './service-deps.ts';

/**
 * The scheduled outbox relay of one service: publishes events whose immediate publish failed, and
 * reports the age of the oldest event it still could not publish (0 when none), which an alarm
 * watches. Each service exports it from `handlers/outbox-relay.ts` and lists it in its manifest's
 * schedules.
 */
export function outboxRelayHandler(deps: Pick<ServiceDeps, 'logger' | 'client' | 'tableName' | 'store' | 'figures'>, options: { graceMs?: number } = {}) {
  return scheduleHandler({ logger: deps.logger, name: 'outbox-relay' }, async (now) => {
    const report = await relayOutbox({ client: deps.client, tableName: deps.tableName, store: deps.store, now, graceMs: options.graceMs });
    deps.figures.seconds(OUTBOX_AGE_METRIC, report.oldestPendingSeconds);
    return report;
  });
}
