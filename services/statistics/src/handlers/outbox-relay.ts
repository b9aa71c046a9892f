import { outboxRelayHandler } from '../../../../shared/runtime/outbox-relay.ts';
import { deps } from './deps.ts';

/** The statistics service's outbox relay (every service has one; statistics publishes no events today). */
export const handler = outboxRelayHandler(deps);
