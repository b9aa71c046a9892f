import { CaseAccepted, CaseClosed, CaseDeclined, CaseForwarded, CaseReassignRequested, CaseResolved } from '../../../shared/events/case-routing/index.ts';
import { DeputyRegistered, DeputyUpdated } from '../../../shared/events/identity/index.ts';
import {
  MessageAssigned,
  MessageClosed,
  MessageEscalated,
  MessageFollowUpAnswered,
  MessageRated,
  MessageReplied,
  MessageSubmitted,
} from '../../../shared/events/messaging/index.ts';

/** Messaging's facts about each message, from submission to closing, and the citizen's follow-up answers. */
export const MESSAGE_EVENTS = [
  MessageSubmitted,
  MessageAssigned,
  MessageReplied,
  MessageEscalated,
  MessageRated,
  MessageFollowUpAnswered,
  MessageClosed,
] as const;

/** Case-routing's facts about each case at its handling units. */
export const CASE_EVENTS = [CaseForwarded, CaseAccepted, CaseResolved, CaseReassignRequested, CaseDeclined, CaseClosed] as const;

/** Identity's public facts about deputies (names, townships and stations of the tables). */
export const DEPUTY_EVENTS = [DeputyRegistered, DeputyUpdated] as const;

/** Every event statistics counts from. */
export const COUNTED_EVENTS = [...MESSAGE_EVENTS, ...CASE_EVENTS, ...DEPUTY_EVENTS] as const;
