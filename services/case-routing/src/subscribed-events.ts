import { DeputyRegistered, DeputyTermEnded, DeputyUpdated, UnitRegistered } from '../../../shared/events/identity/index.ts';
import { MessageClosed, MessageEscalated, MessageRated, MessageReopened, MessageSupervisionOpened } from '../../../shared/events/messaging/index.ts';

/** What case routing follows from messaging: escalations and unsatisfied direct answers open cases; the citizen's verdict reopens or closes them. */
export const MESSAGE_EVENTS = [MessageEscalated, MessageSupervisionOpened, MessageReopened, MessageRated, MessageClosed] as const;

/** What case routing follows from identity: the units it forwards to. */
export const UNIT_EVENTS = [UnitRegistered] as const;

/** What case routing follows from identity about deputies: who is in office to co-sign a suggestion. */
export const DEPUTY_EVENTS = [DeputyRegistered, DeputyUpdated, DeputyTermEnded] as const;
