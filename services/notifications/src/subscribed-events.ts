import {
  CaseForwarded,
  CaseOverdue,
  CaseResolved,
  SuggestionAnswered,
  SuggestionReferred,
  SuggestionRegistered,
} from '../../../shared/events/case-routing/index.ts';
import { DeputyRegistered, DeputyTermEnded, DeputyUpdated } from '../../../shared/events/identity/index.ts';
import {
  MessageAssigned,
  MessageRatingReminderDue,
  MessageReplied,
  MessageReplyOverdue,
  MessageSubmitted,
  MessageWeChatBound,
  MessageWeChatUnbound,
} from '../../../shared/events/messaging/index.ts';
import { DeputyFlagged } from '../../../shared/events/scoring/index.ts';

/**
 * The events that notify someone (see domain/recipients.ts for who gets what), and those that change
 * how a citizen is reached (WeChat chosen or dropped), which must be in order with them.
 */
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
  MessageWeChatBound,
  MessageWeChatUnbound,
] as const;

/** Identity's deputy events: notifications' own list of deputies, their groups and terms. */
export const DIRECTORY_EVENTS = [DeputyRegistered, DeputyUpdated, DeputyTermEnded] as const;
