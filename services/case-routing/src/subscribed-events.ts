import { DeputyRegistered, DeputyTermEnded, DeputyUpdated, UnitRegistered } from '../../../shared/events/identity/index.ts';
import { MessageClosed, MessageEscalated, MessageRated, MessageReopened } from '../../../shared/events/messaging/index.ts';

/** What case routing follows from messaging: escalations open cases; the citizen's verdict reopens or closes them. */
export const MESSAGE_EVENTS = [MessageEscalated, MessageReopened, MessageRated, MessageClosed] as const;

/** What case routing follows from identity: the units it forwards to. */
export const UNIT_EVENTS = [UnitRegistered] as const;

/** What case routing follows from identity about deputies: who is in office to co-sign a suggestion. */
export const DEPUTY_EVENTS = [DeputyRegistered, DeputyUpdated, DeputyTermEnded] as const;
