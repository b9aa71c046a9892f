import { SuggestionRegistered } from '../../../shared/events/case-routing/index.ts';
import { DeputyRegistered, DeputyTermEnded, DeputyUpdated } from '../../../shared/events/identity/index.ts';
import { MessageAssigned, MessageRated, MessageReplied, MessageReplyOverdue } from '../../../shared/events/messaging/index.ts';
import { AppointmentHeld } from '../../../shared/events/participation/index.ts';

/**
 * Messaging's facts, case routing's registered suggestions and motions, and participation's held
 * reception-day appointments (the reception duty of the deputies present), that count in a deputy's archive.
 */
export const DUTY_EVENTS = [MessageAssigned, MessageReplied, MessageReplyOverdue, MessageRated, SuggestionRegistered, AppointmentHeld] as const;

/** Identity's facts about deputies (names and townships for rankings, ended terms for flags). */
export const DEPUTY_EVENTS = [DeputyRegistered, DeputyUpdated, DeputyTermEnded] as const;
