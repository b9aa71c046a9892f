import { ensureRoom } from '../../../../shared/domain/record-budget.ts';
import { emit, type Transition } from '../../../../shared/domain/transition.ts';
import {
  type HOLD_REASONS,
  type MESSAGE_RATINGS,
  MessageClosed,
  MessageEscalated,
  MessageRated,
  MessageRatingReminderDue,
  MessageReopened,
  MessageReplied,
  MessageReplyOverdue,
  MessageSupervisionOpened,
} from '../../../../shared/events/messaging/index.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import type { FollowUp } from './follow-up.ts';
import { caseIdOf } from './identifiers.ts';
import { addDays } from '../../../../shared/time/city-dates.ts';
import type { SimilarMessage } from './text/similar-matters.ts';
import type { Triage } from './text/triage.ts';

/**
 * Where a message stands. `held` is internal: a suspected flood, or a message to a station with no
 * deputy in office, waiting in the township reviewers' queue (待审核).
 */
export const MESSAGE_STATUSES = [
  'held',
  'submitted',
  'answered',
  'escalated',
  'under_review',
  'forwarded',
  'in_progress',
  'resolved',
  'declined',
  'reopened',
  'closed',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export type Rating = (typeof MESSAGE_RATINGS)[number];

/** Why a message waits for a reviewer. */
export type HoldReason = (typeof HOLD_REASONS)[number];

/** A message's stay in the reviewers' queue: why, since when, by when a reviewer must act. */
export interface Hold {
  reason: HoldReason;
  at: string;
  dueAt: string;
  /** The deadline passed with the message still held (it is on the supervision lists). */
  overdue: boolean;
}

/** One step the citizen sees on the tracking page (实时反馈). */
export interface TimelineEntry {
  at: string;
  status: MessageStatus;
  /** Chinese text shown to the citizen: the deputy's reply, or what happened. */
  text?: string;
}

/** One reply of the deputy. */
export interface ThreadEntry {
  at: string;
  by: 'deputy';
  deputyCode: string;
  content: string;
}

/** A citizen's message (民情留言) as the messaging service keeps it. */
export interface Message {
  messageId: string;
  trackingCode: string;
  category: string;
  content: string;
  via: 'station' | 'deputy';
  stationCode?: string;
  deputyCode?: string;
  deputyLevel?: 'city' | 'township';
  /** The answerable deputy's township: decides which township reviewers may read the message. */
  townshipCode?: string;
  /** The township the citizen says the matter is in: a location only, never a scope. */
  locationTownshipCode?: string;
  location?: string;
  status: MessageStatus;
  submittedAt: string;
  replyDueAt?: string;
  firstRepliedAt?: string;
  replyOverdue: boolean;
  caseId?: string;
  escalation?: { at: string; reason: string; suggestedUnitCode?: string };
  rating?: { rating: Rating; comment?: string; at: string; ratedStatus: 'answered' | 'resolved' };
  reopenedOnce: boolean;
  /** When the message closes by itself if the citizen does not rate it. */
  closeDueAt?: string;
  /** When the citizen was reminded to rate (once per message, whatever the windows). */
  ratingRemindedAt?: string;
  /** The citizen's answers to the follow-up questionnaire (回访), once. */
  followUp?: FollowUp;
  closedAt?: string;
  thread: ThreadEntry[];
  timeline: TimelineEntry[];
  /** The last step of the message's case applied here (steps arrive as events, maybe twice). */
  caseSequence?: number;
  /** Case steps below `caseSequence` not seen yet (they arrived out of order or never will). */
  caseGaps?: number[];
  /** The unit the case is with: its handlers may read the message. */
  forwardedUnitCode?: string;
  /** Set while (and after) the message waited in the reviewers' queue. */
  hold?: Hold;
  /** A reviewer refused the held message (不予受理), with the reason its sender sees. */
  rejection?: { at: string; reason: string; by: string };
  /** The case step that last set or cleared `forwardedUnitCode`. */
  unitSequence?: number;
  /** Open messages of the same township and category found alike when this one arrived (相似诉求). */
  similar?: SimilarMessage[];
  /** The category and unit its text suggests (智能分拣), for staff to weigh; never applied by itself. */
  triage?: Triage;
  /** When the citizen's personal data (name, phone, location) was erased: by retention or on request. */
  contactErasedAt?: string;
  /** Since when the citizen is told of progress on WeChat (微信通知) instead of SMS; the openid is a secret beside the message. */
  wechatSince?: string;
}

/** A decided change of a message and the events it causes. */
export type MessageTransition = Transition<Message>;

/** City time limits that transitions need (from the city config). */
export interface MessagingSla {
  replyDays: number;
  ratingWindowDays: number;
}

function refuse(message: Message, action: string): never {
  throw new ConflictError(`A message that is ${message.status} cannot be ${action}.`, 'INVALID_STATE', { status: message.status });
}

/** The deputy replies (代表答复). `close` answers the message and opens the rating window. */
export function reply(message: Message, input: { deputyCode: string; content: string; close: boolean }, now: Date, sla: MessagingSla): MessageTransition {
  if (message.status !== 'submitted') refuse(message, 'replied to');
  const at = now.toISOString();
  const withinSla = !message.replyDueAt || at <= message.replyDueAt;
  const next: Message = ensureRoom(
    {
      ...message,
      firstRepliedAt: message.firstRepliedAt ?? at,
      thread: [...message.thread, { at, by: 'deputy', deputyCode: input.deputyCode, content: input.content }],
      timeline: [...message.timeline, { at, status: input.close ? 'answered' : 'submitted', text: input.content }],
      ...(input.close ? { status: 'answered' as const, closeDueAt: addDays(now, sla.ratingWindowDays) } : {}),
    },
    'message',
    input.close,
  );
  return {
    next,
    emitted: [
      emit(MessageReplied, {
        messageId: message.messageId,
        deputyCode: input.deputyCode,
        repliedAt: at,
        closed: input.close,
        withinSla,
        trackingCode: message.trackingCode,
      }),
    ],
  };
}

/** The deputy cannot answer: the matter goes for review (提交审核). */
export function escalate(
  message: Message,
  input: { deputyCode: string; reason: string; suggestedUnitCode?: string; caseId: string; similar?: readonly SimilarMessage[] },
  now: Date,
): MessageTransition {
  if (message.status !== 'submitted') refuse(message, 'escalated');
  const similar = input.similar ?? message.similar ?? [];
  const at = now.toISOString();
  return {
    next: {
      ...message,
      status: 'escalated',
      caseId: input.caseId,
      escalation: { at, reason: input.reason, ...(input.suggestedUnitCode ? { suggestedUnitCode: input.suggestedUnitCode } : {}) },
      timeline: [...message.timeline, { at, status: 'escalated', text: '代表已将您的诉求提交人大常委会审核，转交有关部门办理。' }],
    },
    emitted: [
      emit(MessageEscalated, {
        messageId: message.messageId,
        caseId: input.caseId,
        deputyCode: input.deputyCode,
        deputyLevel: message.deputyLevel ?? 'township',
        townshipCode: message.townshipCode,
        category: message.category,
        suggestedUnitCode: input.suggestedUnitCode,
        escalatedAt: at,
        ...(similar.length > 0 ? { similar: [...similar] } : {}),
        ...(message.triage ? { triage: message.triage } : {}),
      }),
    ],
  };
}

/**
 * The citizen rates (满意度评价), once, after an answer or a resolution. Unsatisfied reopens the
 * matter under supervision (督办), once: a resolved case goes back to its unit; a deputy's direct
 * answer opens a case with the township reviewers. Any other rating, or a second unsatisfied one,
 * closes the message.
 */
export function rate(message: Message, input: { rating: Rating; comment?: string }, now: Date): MessageTransition {
  if (message.status !== 'answered' && message.status !== 'resolved') refuse(message, 'rated');
  const at = now.toISOString();
  const ratedStatus = message.status;
  const base: Message = { ...message, rating: { rating: input.rating, ...(input.comment ? { comment: input.comment } : {}), at, ratedStatus } };
  const rated = emit(MessageRated, {
    messageId: message.messageId,
    deputyCode: message.deputyCode!,
    caseId: message.caseId,
    rating: input.rating,
    ratedStatus,
    ratedAt: at,
  });
  if (input.rating === 'unsatisfied' && ratedStatus === 'resolved' && message.caseId && !message.reopenedOnce) {
    return {
      next: {
        ...base,
        status: 'reopened',
        reopenedOnce: true,
        closeDueAt: undefined,
        timeline: [...message.timeline, { at, status: 'reopened', text: '您对办理结果不满意，已转入督办。' }],
      },
      emitted: [rated, emit(MessageReopened, { messageId: message.messageId, caseId: message.caseId, deputyCode: message.deputyCode!, reopenedAt: at })],
    };
  }
  if (input.rating === 'unsatisfied' && ratedStatus === 'answered' && !message.caseId && !message.reopenedOnce) {
    const caseId = caseIdOf(message.messageId);
    return {
      next: {
        ...base,
        status: 'reopened',
        caseId,
        reopenedOnce: true,
        closeDueAt: undefined,
        timeline: [...message.timeline, { at, status: 'reopened', text: '您对代表的答复不满意，已转人大常委会审核督办。' }],
      },
      emitted: [
        rated,
        emit(MessageSupervisionOpened, {
          messageId: message.messageId,
          caseId,
          deputyCode: message.deputyCode!,
          townshipCode: message.townshipCode,
          category: message.category,
          openedAt: at,
        }),
      ],
    };
  }
  return {
    next: {
      ...base,
      status: 'closed',
      closedAt: at,
      closeDueAt: undefined,
      timeline: [...message.timeline, { at, status: 'closed', text: '感谢您的评价，本件已办结。' }],
    },
    emitted: [
      rated,
      emit(MessageClosed, { messageId: message.messageId, deputyCode: message.deputyCode, caseId: message.caseId, closedAt: at, reason: 'rated' }),
    ],
  };
}

/** The reply deadline passed with no reply: flagged once (the deputy's archive counts it). */
export function markReplyOverdue(message: Message, now: Date): MessageTransition | undefined {
  if (message.status !== 'submitted' || message.firstRepliedAt || message.replyOverdue || !message.replyDueAt) return undefined;
  if (message.replyDueAt > now.toISOString()) return undefined;
  return {
    next: { ...message, replyOverdue: true },
    emitted: [
      emit(MessageReplyOverdue, {
        messageId: message.messageId,
        deputyCode: message.deputyCode!,
        replyDueAt: message.replyDueAt,
        townshipCode: message.townshipCode,
      }),
    ],
  };
}

/** How long before the rating window closes the citizen is reminded to rate (评价提醒). */
export const RATING_REMINDER_DAYS_BEFORE_CLOSE = 2;

/** When the reminder to rate is due: a few days before the window closes. */
function ratingReminderAt(closeDueAt: string): string {
  return new Date(Date.parse(closeDueAt) - RATING_REMINDER_DAYS_BEFORE_CLOSE * 86_400_000).toISOString();
}

/**
 * The rating window closes soon and the citizen has not rated: one reminder per message
 * (notifications texts a citizen who left a phone). A sweep that comes after the window already
 * closed closes the message unrated instead, so nobody is reminded of a window that is gone.
 */
export function remindToRate(message: Message, now: Date): MessageTransition | undefined {
  if ((message.status !== 'answered' && message.status !== 'resolved') || message.rating || !message.closeDueAt || message.ratingRemindedAt) return undefined;
  const at = now.toISOString();
  if (message.closeDueAt <= at) return closeUnrated(message, now);
  if (ratingReminderAt(message.closeDueAt) > at) return undefined;
  return {
    next: { ...message, ratingRemindedAt: at },
    emitted: [
      emit(MessageRatingReminderDue, { messageId: message.messageId, trackingCode: message.trackingCode, closeDueAt: message.closeDueAt, remindedAt: at }),
    ],
  };
}

/** The closing line of a message nobody rated (未评价). */
export const UNRATED_CLOSE = '评价期内未收到您的评价，本件已自动办结（未评价）。';

/** Neither rated nor reopened within the rating window: the message closes by itself, and the citizen's timeline says it closed unrated. */
export function closeUnrated(message: Message, now: Date): MessageTransition | undefined {
  if ((message.status !== 'answered' && message.status !== 'resolved') || message.rating || !message.closeDueAt) return undefined;
  if (message.closeDueAt > now.toISOString()) return undefined;
  const at = now.toISOString();
  return {
    next: {
      ...message,
      status: 'closed',
      closedAt: at,
      closeDueAt: undefined,
      timeline: [...message.timeline, { at, status: 'closed', text: UNRATED_CLOSE }],
    },
    emitted: [
      emit(MessageClosed, {
        messageId: message.messageId,
        deputyCode: message.deputyCode,
        caseId: message.caseId,
        closedAt: at,
        reason: 'rating_window_elapsed',
      }),
    ],
  };
}

/**
 * The deadlines a sweep looks at: a deputy's reply, a reviewer's decision on a held message, the
 * reminder to rate, the rating window, and the erasure of a closed message's personal data (dated
 * by its closing; the sweep asks for those closed before the city's retention period); and
 * `reply_overdue`, no sweep's but the supervision list's: a reply flagged overdue and still owed,
 * by its deadline.
 */
export type DeadlineKind = 'reply' | 'held' | 'remind' | 'close' | 'erase' | 'reply_overdue';

/** The next deadline a sweep must look at, for the deadlines index; none once nothing is due. */
export function nextDeadline(message: Message): { kind: DeadlineKind; at: string } | undefined {
  if (message.status === 'held' && message.hold && !message.hold.overdue) return { kind: 'held', at: message.hold.dueAt };
  if (message.status === 'submitted' && !message.firstRepliedAt && !message.replyOverdue && message.replyDueAt) {
    return { kind: 'reply', at: message.replyDueAt };
  }
  if (message.status === 'submitted' && !message.firstRepliedAt && message.replyOverdue && message.replyDueAt) {
    return { kind: 'reply_overdue', at: message.replyDueAt };
  }
  if ((message.status === 'answered' || message.status === 'resolved') && !message.rating && message.closeDueAt) {
    if (!message.ratingRemindedAt) return { kind: 'remind', at: ratingReminderAt(message.closeDueAt) };
    return { kind: 'close', at: message.closeDueAt };
  }
  if (message.status === 'closed' && message.closedAt && !message.contactErasedAt) return { kind: 'erase', at: message.closedAt };
  return undefined;
}

/** The reply deadline for a message assigned at `now`. */
export function replyDueAt(now: Date, sla: MessagingSla): string {
  return addDays(now, sla.replyDays);
}
