import { z } from 'zod';
import { maskPhone } from '../../../../shared/crypto/field-cipher.ts';
import { FOLLOW_UP_SOLVED, HOLD_REASONS, MESSAGE_RATINGS } from '../../../../shared/events/messaging/index.ts';
import { canFollowUp } from './follow-up.ts';
import { MESSAGE_STATUSES, type Message, type MessageStatus, type TimelineEntry } from './message.ts';
import type { SimilarMessage } from './text/similar-matters.ts';

const CITIZEN_STATUSES = MESSAGE_STATUSES.filter((s): s is Exclude<MessageStatus, 'held'> => s !== 'held');
const timelineEntry = <S extends readonly string[]>(statuses: S) => z.object({ at: z.string(), status: z.enum(statuses), text: z.string().optional() });

/** `GET /v1/track/{trackingCode}`: what the tracking page shows. */
export const trackingViewSchema = z.object({
  trackingCode: z.string(),
  status: z.enum(CITIZEN_STATUSES),
  category: z.string(),
  submittedAt: z.string(),
  timeline: z.array(timelineEntry(CITIZEN_STATUSES as [Exclude<MessageStatus, 'held'>, ...Exclude<MessageStatus, 'held'>[]])),
  /** The message is answered or resolved and not rated yet. */
  canRate: z.boolean(),
  rating: z.enum(MESSAGE_RATINGS).optional(),
  /** The follow-up questionnaire (回访) is open: an answer or result came and it is not answered yet. */
  canFollowUp: z.boolean(),
  followUp: z.object({ solved: z.enum(FOLLOW_UP_SOLVED), replyUseful: z.boolean(), wouldUseAgain: z.boolean() }).optional(),
  /** The citizen is told of progress on WeChat (微信通知) instead of SMS. */
  wechat: z.boolean(),
});

/** One line of `GET /v1/inbox`. */
export const inboxItemSchema = z.object({
  messageId: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  category: z.string(),
  content: z.string(),
  submittedAt: z.string(),
  replyDueAt: z.string().nullable(),
  replyOverdue: z.boolean(),
  via: z.enum(['station', 'deputy']),
  stationCode: z.string().nullable(),
});

/** One line of `GET /v1/moderation/overdue-replies`: a message whose deputy's reply is overdue (督办). */
export const overdueReplySchema = inboxItemSchema.extend({ deputyCode: z.string().nullable(), townshipCode: z.string().nullable() });
export const overdueReplyPageSchema = z.object({ items: z.array(overdueReplySchema), nextCursor: z.string().nullable() });

/** `GET /v1/messages/{messageId}`: the message as staff see it, the citizen's contact masked. */
export const staffViewSchema = inboxItemSchema.extend({
  trackingCode: z.string(),
  deputyCode: z.string().nullable(),
  townshipCode: z.string().nullable(),
  location: z.string().nullable(),
  caseId: z.string().nullable(),
  citizen: z.object({ name: z.string().nullable(), phone: z.string().nullable() }),
  thread: z.array(z.object({ at: z.string(), by: z.literal('deputy'), deputyCode: z.string(), content: z.string() })),
  timeline: z.array(timelineEntry(MESSAGE_STATUSES)),
  escalation: z.object({ at: z.string(), reason: z.string(), suggestedUnitCode: z.string().optional() }).nullable(),
  rating: z
    .object({ rating: z.enum(MESSAGE_RATINGS), comment: z.string().optional(), at: z.string(), ratedStatus: z.enum(['answered', 'resolved']) })
    .nullable(),
  similar: z
    .array(z.object({ messageId: z.string(), score: z.number() }))
    .describe('Open messages of the same township and category whose text is alike (相似诉求), closest first; score 0–1.'),
  triage: z
    .object({ category: z.string(), unitCode: z.string().optional(), confidence: z.number() })
    .nullable()
    .describe('The category and unit the text suggests (智能分拣) with its confidence 0–1: a suggestion for staff, never applied by itself.'),
});

/** One line of `GET /v1/moderation/held`: a held message, why and since when. */
export const heldItemSchema = z.object({
  messageId: z.string(),
  reason: z.enum(HOLD_REASONS),
  heldAt: z.string(),
  dueAt: z.string().describe('By when a reviewer must release or reject it; past it, it is on the supervision lists.'),
  overdue: z.boolean(),
  category: z.string(),
  content: z.string(),
  stationCode: z.string().nullable(),
  deputyCode: z.string().nullable().describe('The deputy a flood was addressed to, if any.'),
  townshipCode: z.string().nullable(),
  submittedAt: z.string(),
});
export const heldPageSchema = z.object({ items: z.array(heldItemSchema), nextCursor: z.string().nullable() });

/** `POST /v1/messages/{messageId}/release` and `/reject`: the message's new status and deputy. */
export const moderatedSchema = z.object({ messageId: z.string(), status: z.enum(MESSAGE_STATUSES), deputyCode: z.string().nullable() });

export const inboxSchema = z.object({ items: z.array(inboxItemSchema), nextCursor: z.string().nullable() });
export const categoriesSchema = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      resolutionDays: z.number().int().describe("The category's usual time to resolve, in days: the due date a reviewer is offered."),
    }),
  ),
  // The city config's categories: a short list, answered whole.
  nextCursor: z.null(),
});

/** `POST /v1/messages` → 202: what the citizen keeps to follow the message. */
export const submittedSchema = z.object({
  messageId: z.string(),
  trackingCode: z.string(),
  /** Shown once; the tracking page needs it (`X-Tracking-Token`). */
  trackingToken: z.string(),
  status: z.literal('submitted'),
});
export const repliedSchema = z.object({ messageId: z.string(), status: z.enum(MESSAGE_STATUSES) });
export const escalatedSchema = z.object({ caseId: z.string(), status: z.enum(MESSAGE_STATUSES) });

/** Statuses a citizen may see; `held` shows as `submitted` (a flood is not told it was caught). */
export function citizenStatus(status: MessageStatus): Exclude<MessageStatus, 'held'> {
  return status === 'held' ? 'submitted' : status;
}

/** What the tracking page shows (`GET /v1/track/{trackingCode}`). */
export function trackingView(message: Message): z.infer<typeof trackingViewSchema> {
  return {
    trackingCode: message.trackingCode,
    status: citizenStatus(message.status),
    category: message.category,
    submittedAt: message.submittedAt,
    timeline: message.timeline.map((entry: TimelineEntry) => ({ ...entry, status: citizenStatus(entry.status) })),
    canRate: (message.status === 'answered' || message.status === 'resolved') && !message.rating,
    ...(message.rating ? { rating: message.rating.rating } : {}),
    canFollowUp: canFollowUp(message),
    ...(message.followUp
      ? { followUp: { solved: message.followUp.solved, replyUseful: message.followUp.replyUseful, wouldUseAgain: message.followUp.wouldUseAgain } }
      : {}),
    wechat: Boolean(message.wechatSince),
  };
}

/** One line of a deputy's inbox. */
export function inboxItem(message: Message): z.infer<typeof inboxItemSchema> {
  return {
    messageId: message.messageId,
    status: message.status,
    category: message.category,
    content: message.content,
    submittedAt: message.submittedAt,
    replyDueAt: message.replyDueAt ?? null,
    replyOverdue: message.replyOverdue,
    via: message.via,
    stationCode: message.stationCode ?? null,
  };
}

/** The message as staff see it: thread and timeline, the citizen's contact masked. */
export function staffView(
  message: Message,
  contact: { name?: string; phone?: string },
  similar: readonly SimilarMessage[] = [],
): z.infer<typeof staffViewSchema> {
  return {
    ...inboxItem(message),
    trackingCode: message.trackingCode,
    deputyCode: message.deputyCode ?? null,
    // Where the matter is: the citizen's township when given, else the deputy's.
    townshipCode: message.locationTownshipCode ?? message.townshipCode ?? null,
    location: message.location ?? null,
    caseId: message.caseId ?? null,
    citizen: {
      name: contact.name ? `${[...contact.name][0]}*` : null,
      phone: contact.phone ? maskPhone(contact.phone) : null,
    },
    thread: message.thread,
    timeline: message.timeline,
    escalation: message.escalation ?? null,
    rating: message.rating ?? null,
    similar: [...similar],
    triage: message.triage ?? null,
  };
}

/** One line of the reviewers' queue. A message held before holds had reasons counts as a flood. */
export function heldItem(message: Message): z.infer<typeof heldItemSchema> {
  return {
    messageId: message.messageId,
    reason: message.hold?.reason ?? 'flood',
    heldAt: message.hold?.at ?? message.submittedAt,
    dueAt: message.hold?.dueAt ?? message.submittedAt,
    overdue: message.hold?.overdue ?? false,
    category: message.category,
    content: message.content,
    stationCode: message.stationCode ?? null,
    deputyCode: message.deputyCode ?? null,
    townshipCode: message.townshipCode ?? null,
    submittedAt: message.submittedAt,
  };
}

/** A message whose reply is overdue, as the supervision list shows it. */
export function overdueReply(message: Message): z.infer<typeof overdueReplySchema> {
  return { ...inboxItem(message), deputyCode: message.deputyCode ?? null, townshipCode: message.townshipCode ?? null };
}
