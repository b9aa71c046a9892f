import { causedBy } from '../../../../shared/events/envelope.ts';
import { TRIGGER_EVENTS } from '../subscribed-events.ts';
import { notifyEvent } from '../use-cases/notify-event.ts';
import { deps, ports, queue } from './deps.ts';

/**
 * Notifies whoever an event concerns. Delivery times are decided from the event's `occurredAt`;
 * a delivery that must be tried again fails the record, so SQS redelivers it, and after
 * `maxReceiveCount` receives the event rests in the DLQ with its deliveries marked failed. A second
 * delivery of the event finds its deliveries already created (keyed by the event id) and claimed
 * or sent, and the message's facts written again are the same facts: no idempotency record needed.
 */
export const handler = queue(
  {
    subscription: 'triggers',
    contracts: TRIGGER_EVENTS,
    replaySafe: 'each delivery is created once under a key of the event id and sent only by the worker whose conditional claim wins',
  },
  async (event) => {
    const source = { sourceId: event.metadata.eventId, occurredAt: new Date(event.metadata.occurredAt), cause: causedBy(event.metadata) };
    const summary = await notifyEvent(ports, event, source, deps.now());
    deps.logger.debug('event notified', { eventId: event.metadata.eventId, ...summary });
  },
);
