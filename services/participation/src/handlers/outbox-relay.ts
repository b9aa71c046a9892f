import { outboxRelayHandler } from '../../../../shared/runtime/outbox-relay.ts';
import { deps } from './deps.ts';

/** The participation service's outbox relay. */
export const handler = outboxRelayHandler(deps);
