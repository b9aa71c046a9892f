import { causedBy } from '../../../../shared/events/envelope.ts';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { MESSAGE_EVENTS } from '../subscribed-events.ts';
import { followMessage } from '../use-cases/follow-message.ts';
import { city, deps, ports, queue, rules } from './deps.ts';

/** Follows messaging's escalations and the citizen's verdicts (see use-cases/follow-message.ts). */
export const handler = queue({ subscription: 'messages', contracts: MESSAGE_EVENTS }, async (event) => {
  const context = { now: new Date(event.metadata.occurredAt), cause: causedBy(event.metadata) };
  try {
    await followMessage({ ...ports, rules, routing: city.routing }, event, context);
  } catch (error) {
    // A verdict about a case this city never opened is not retried forever.
    if (!(error instanceof NotFoundError)) throw error;
    deps.logger.warn('event about an unknown case ignored');
  }
});
