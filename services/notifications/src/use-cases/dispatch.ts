import { eventsOf } from '../../../../shared/domain/transition.ts';
import type { EventCause } from '../../../../shared/events/envelope.ts';
import { deliverInApp, planDeliveries, type Delivery } from '../domain/delivery.ts';
import { channelsWanted, type Preferences } from '../domain/preferences.ts';
import type { Notice } from '../domain/recipients.ts';
import type { NotificationSettings } from '../domain/settings.ts';
import type { TemplateCatalog } from '../domain/templates.ts';
import type { PreferenceStore, StoredDelivery } from '../ports.ts';
import { attemptDelivery, createClaimedAndSend, type AttemptPorts, type AttemptResult } from './attempt-delivery.ts';

export interface DispatchPorts extends AttemptPorts {
  preferences: PreferenceStore;
  settings: NotificationSettings;
  catalog: TemplateCatalog;
  timeZone: string;
}

/** What became of a source's deliveries in one run. */
export type DispatchSummary = Record<AttemptResult | 'deferred', number>;

/** What caused the notices: its id (the delivery keys' first part), when it happened, its trace. */
export interface NoticeSource {
  sourceId: string;
  occurredAt: Date;
  cause?: EventCause;
}

/**
 * Turns notices into deliveries and delivers what is due: each (source, recipient, channel) is
 * created once with a conditional write before anything is sent; in-app deliveries are complete
 * when stored; external ones due at the source's time are attempted now, the rest (quiet hours)
 * wait for the send-due schedule. Deliveries a redelivered source finds already sent are left alone.
 */
export async function dispatch(
  ports: DispatchPorts,
  notices: readonly Notice[],
  source: NoticeSource,
  now: Date,
  options: { concurrency?: number } = {},
): Promise<DispatchSummary> {
  const summary: DispatchSummary = { sent: 0, retry: 0, busy: 0, failed: 0, exhausted: 0, done: 0, deferred: 0 };
  const preferences = new Map<string, Promise<Preferences | undefined>>();
  const plans: Delivery[] = [];
  for (const notice of notices) {
    const { recipient } = notice;
    let channels = notice.offered;
    if (recipient.kind !== 'citizen') {
      if (!preferences.has(recipient.account)) preferences.set(recipient.account, ports.preferences.get(recipient.account));
      channels = channelsWanted(notice.offered, await preferences.get(recipient.account));
    }
    plans.push(
      ...planDeliveries(notice, channels, {
        sourceId: source.sourceId,
        occurredAt: source.occurredAt,
        settings: ports.settings,
        timeZone: ports.timeZone,
        catalog: ports.catalog,
      }),
    );
  }
  await inPool(plans, options.concurrency ?? 4, async (plan) => {
    summary[await deliver(ports, plan, source, now)]++;
  });
  return summary;
}

async function deliver(ports: DispatchPorts, plan: Delivery, source: NoticeSource, now: Date): Promise<AttemptResult | 'deferred'> {
  if (plan.channel === 'inapp') {
    const delivered = deliverInApp(plan, now);
    const events = eventsOf(delivered.emitted, { city: ports.city, now, cause: source.cause });
    const { created } = await ports.deliveries.createOnce(delivered.next, events);
    return created ? 'sent' : 'done';
  }
  // Due at the source's time: created already claimed and sent. Otherwise (quiet hours) created
  // pending for the send-due schedule.
  if (!plan.notBefore || plan.notBefore <= source.occurredAt.toISOString()) {
    const first = await createClaimedAndSend(ports, plan, now, { cause: source.cause });
    return 'result' in first ? first.result : attemptStored(ports, first.existing, source, now);
  }
  const { stored } = await ports.deliveries.createOnce(plan, []);
  return attemptStored(ports, stored, source, now);
}

/** Attempts a delivery already stored (a redelivered source, or created pending). */
async function attemptStored(ports: DispatchPorts, stored: StoredDelivery, source: NoticeSource, now: Date): Promise<AttemptResult | 'deferred'> {
  // Due later than the source (quiet hours): the send-due schedule takes it; decided by the
  // source's time, never by when this consumer happens to run.
  if (stored.delivery.status === 'pending' && stored.delivery.notBefore && stored.delivery.notBefore > source.occurredAt.toISOString()) {
    return 'deferred';
  }
  return attemptDelivery(ports, stored, now, { revive: true, cause: source.cause });
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
