import { outboxRelayHandler } from '../../../../shared/runtime/outbox-relay.ts';
import { deps } from './deps.ts';

/** The notifications service's outbox relay. */
export const handler = outboxRelayHandler(deps);
