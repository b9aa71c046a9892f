import {
  CaseForwarded,
  CaseOverdue,
  CaseResolved,
  SuggestionAnswered,
  SuggestionReferred,
  SuggestionRegistered,
} from '../../../shared/events/case-routing/index.ts';
import { DeputyRegistered, DeputyTermEnded, DeputyUpdated } from '../../../shared/events/identity/index.ts';
import { MessageAssigned, MessageRatingReminderDue, MessageReplied, MessageReplyOverdue, MessageSubmitted } from '../../../shared/events/messaging/index.ts';
import { DeputyFlagged } from '../../../shared/events/scoring/index.ts';

/** The events that notify someone (see domain/recipients.ts for who gets what). */
export const TRIGGER_EVENTS = [
  MessageSubmitted,
  MessageAssigned,
  MessageReplied,
  MessageReplyOverdue,
  MessageRatingReminderDue,
  CaseForwarded,
  CaseResolved,
  CaseOverdue,
  DeputyFlagged,
  SuggestionRegistered,
  SuggestionReferred,
  SuggestionAnswered,
] as const;

/** Identity's deputy events: notifications' own list of deputies, their groups and terms. */
export const DIRECTORY_EVENTS = [DeputyRegistered, DeputyUpdated, DeputyTermEnded] as const;
