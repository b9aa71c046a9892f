import type { ServiceManifest } from '../../shared/runtime/manifest.ts';
import { cityResourceName, NAME_LIMITS } from '../../shared/runtime/names.ts';

/**
 * One dead-letter queue of a deployed city, named as the stack names it (infra/cdk/subscription.ts,
 * schedule-trigger.ts, work-queue.ts), and where its messages go back to:
 * - `source`: a consumer's or worker's DLQ; SQS moves each message back to the queue it came from;
 * - a queue name: a rule target's DLQ holds events EventBridge could not deliver to that queue;
 * - `none`: a schedule's DLQ holds missed ticks, which the next tick supersedes.
 */
export interface CityDeadLetterQueue {
  readonly name: string;
  readonly service: string;
  readonly kind: 'consumer' | 'delivery' | 'worker' | 'schedule';
  readonly redriveTo: 'source' | 'none' | { readonly queue: string };
}

/** Every dead-letter queue of a city, from the manifests the stack is built from. */
export function cityDeadLetterQueues(city: string, services: readonly ServiceManifest[]): CityDeadLetterQueue[] {
  const name = (...parts: string[]) => cityResourceName(city, parts, NAME_LIMITS.queue);
  return services.flatMap((service) => [
    ...service.subscriptions.flatMap((s): CityDeadLetterQueue[] => [
      { name: name(service.name, s.name, 'dlq'), service: service.name, kind: 'consumer', redriveTo: 'source' },
      { name: name(service.name, s.name, 'delivery-dlq'), service: service.name, kind: 'delivery', redriveTo: { queue: name(service.name, s.name) } },
    ]),
    ...(service.workQueues ?? []).map(
      (q): CityDeadLetterQueue => ({ name: name(service.name, q.name, 'dlq'), service: service.name, kind: 'worker', redriveTo: 'source' }),
    ),
    ...service.schedules.map(
      (s): CityDeadLetterQueue => ({ name: name(service.name, s.name, 'schedule-dlq'), service: service.name, kind: 'schedule', redriveTo: 'none' }),
    ),
  ]);
}
