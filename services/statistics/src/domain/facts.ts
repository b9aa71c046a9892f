import type { FOLLOW_UP_SOLVED, MESSAGE_RATINGS } from '../../../../shared/events/messaging/index.ts';

/** A citizen's rating of an outcome (满意度). */
export type Rating = (typeof MESSAGE_RATINGS)[number];

/**
 * What statistics knows of one message: one attribute per source fact, written by the event that
 * tells it. Every figure is derived from these records when it is read, so an event seen twice
 * writes the same value twice and events arriving out of order meet in the same record.
 * Times are UTC ISO strings, so they compare as text.
 */
export interface MessageFacts {
  messageId: string;
  submittedAt?: string;
  category?: string;
  townshipCode?: string;
  stationCode?: string;
  heldForReview?: boolean;
  deputyCode?: string;
  assignedAt?: string;
  replyDueAt?: string;
  firstReplyAt?: string;
  firstReplyWithinSla?: boolean;
  escalatedAt?: string;
  caseId?: string;
  resolvedAt?: string;
  resolvedOnTime?: boolean;
  /** The unit's official result (办结反馈), addressed to the citizen: public by design. */
  result?: string;
  resolvedBy?: string;
  declinedAt?: string;
  rating?: Rating;
  ratedAt?: string;
  closedAt?: string;
  /** The follow-up questionnaire (回访): solved?, the reply useful?, would use it again? */
  followUpSolved?: (typeof FOLLOW_UP_SOLVED)[number];
  followUpReplyUseful?: boolean;
  followUpWouldUseAgain?: boolean;
}

/** What statistics knows of a case at one handling unit (a case reassigned has one per unit). */
export interface UnitCaseFacts {
  caseId: string;
  unitCode: string;
  unitName?: string;
  messageId?: string;
  forwardedAt?: string;
  acceptDueAt?: string;
  dueDate?: string;
  acceptedAt?: string;
  committedDate?: string;
  resolvedAt?: string;
  resolvedOnTime?: boolean;
  reassignRequestedAt?: string;
}

/** What statistics knows of a case as a whole: how it closed and how the citizen rated it. */
export interface CaseFacts {
  caseId: string;
  closedAt?: string;
  rating?: Rating;
}

/** A deputy's public posts, for names and township scopes. */
export interface DeputyFacts {
  code: string;
  name?: string;
  townshipCode?: string;
  stationCode?: string;
  asOf?: string;
}

/** The record a fact is written to. */
export type FactTarget =
  | { kind: 'message'; messageId: string }
  | { kind: 'unitCase'; caseId: string; unitCode: string }
  | { kind: 'case'; caseId: string }
  | { kind: 'deputy'; code: string };

/**
 * One source fact as a conditional write: set these attributes, unless the guard says the record
 * already holds an earlier (`earliest`) or a later (`latest`) fact of the same kind. Without a
 * guard the attributes are the same whenever the fact is told, so writing them again is harmless.
 */
export interface FactWrite {
  target: FactTarget;
  set: Record<string, string | boolean | number>;
  guard?: { attribute: string; keep: 'earliest' | 'latest' };
}

/** Whether a write's guard lets it change a record that holds `current` in the guarded attribute. */
export function guardAllows(write: FactWrite, current: unknown): boolean {
  if (!write.guard || current === undefined) return true;
  const incoming = write.set[write.guard.attribute] as string;
  return write.guard.keep === 'earliest' ? incoming < (current as string) : incoming > (current as string);
}

/**
 * Applies a fact write to a record as the store does (the in-memory twin of the conditional
 * update): the attributes are set when the guard allows, and the record is otherwise unchanged.
 */
export function applyWrite<R extends object>(record: R, write: FactWrite): R {
  const current = write.guard ? (record as Record<string, unknown>)[write.guard.attribute] : undefined;
  return guardAllows(write, current) ? { ...record, ...write.set } : record;
}

/** A time as UTC ISO, so that times written by different offsets compare as text. */
export const utc = (at: string) => new Date(at).toISOString();
