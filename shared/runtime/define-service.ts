import { ACCESS_REVOCATIONS_SUBSCRIPTION, REVOKING_EVENTS } from '../auth/revocations.ts';
import { handlerRef, patternFor, type ScheduleSpec, type ServiceManifest, type SubscriptionSpec } from './manifest.ts';

/** Records per invocation of a subscription's handler, unless the subscription says otherwise. */
export const DEFAULT_BATCH_SIZE = 10;

/** Receives before a message moves to the dead-letter queue, unless the subscription says otherwise. */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;

/** How often every service's outbox relay looks for events left unpublished. */
const OUTBOX_RELAY_EVERY_MINUTES = 1;

/** A subscription as a manifest states it: batch size and receive count only where they differ. */
export type SubscriptionDefinition = Omit<SubscriptionSpec, 'batchSize' | 'maxReceiveCount'> & Partial<Pick<SubscriptionSpec, 'batchSize' | 'maxReceiveCount'>>;

/** What is particular to a service; {@link defineService} adds what every service has. */
export interface ServiceDefinition extends Omit<ServiceManifest, 'subscriptions' | 'schedules'> {
  readonly subscriptions?: readonly SubscriptionDefinition[];
  readonly schedules?: readonly ScheduleSpec[];
}

/**
 * A service's manifest from its definition, with what every service has: the outbox relay schedule
 * (`handlers/outbox-relay.ts` beside the manifest, after the service's own schedules), the
 * revocation view kept from identity's `AccountAccessRevoked` and `DeputyTermEnded` (`handlers/access-revocations.ts`,
 * after the service's own subscriptions), and the default batch size and receive count of its
 * subscriptions.
 *
 * @param manifestUrl the manifest's `import.meta.url`
 */
export function defineService(manifestUrl: string, definition: ServiceDefinition): ServiceManifest {
  const { subscriptions = [], schedules = [], ...particular } = definition;
  return {
    ...particular,
    subscriptions: [
      ...subscriptions,
      {
        name: ACCESS_REVOCATIONS_SUBSCRIPTION,
        pattern: patternFor(...REVOKING_EVENTS),
        handler: handlerRef(manifestUrl, './handlers/access-revocations.ts'),
      },
    ].map((s) => ({ batchSize: DEFAULT_BATCH_SIZE, maxReceiveCount: DEFAULT_MAX_RECEIVE_COUNT, ...s })),
    schedules: [
      ...schedules,
      { name: 'outbox-relay', every: { minutes: OUTBOX_RELAY_EVERY_MINUTES }, handler: handlerRef(manifestUrl, './handlers/outbox-relay.ts') },
    ],
  };
}
