import { causedBy } from '../../../../shared/events/envelope.ts';
import { TRIGGER_EVENTS } from '../subscribed-events.ts';
import { notifyEvent } from '../use-cases/notify-event.ts';
import { deps, ports, queue } from './deps.ts';

/**
 * Notifies whoever an event concerns. Delivery times are decided from the event's `occurredAt`;
 * a delivery that must be tried again fails the record, so SQS redelivers it, and after
 * `maxReceiveCount` receives the event rests in the DLQ with its deliveries marked failed.
 */
export const handler = queue({ subscription: 'triggers', contracts: TRIGGER_EVENTS }, async (event) => {
  const source = { sourceId: event.metadata.eventId, occurredAt: new Date(event.metadata.occurredAt), cause: causedBy(event.metadata) };
  const summary = await notifyEvent(ports, event, source, deps.now());
  deps.logger.debug('event notified', { eventId: event.metadata.eventId, ...summary });
});
