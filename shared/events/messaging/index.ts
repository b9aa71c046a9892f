import { z } from 'zod';
import { defineEvent } from '../envelope.ts';

/**
 * Events of the messaging service (民情直通): a citizen's message from submission to closing.
 * Identifiers and facts only — never the citizen's name, phone or the message text.
 */
const source = 'minqing.messaging' as const;
const id = z.string().min(1).max(64);
const at = z.iso.datetime({ offset: true });

export const MESSAGE_RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;

/** Why a message is held for a reviewer (待审核): a flood from one source, or no deputy in office at its station. */
export const HOLD_REASONS = ['flood', 'no_deputy'] as const;

export const MessageSubmitted = defineEvent({
  source,
  detailType: 'MessageSubmitted',
  schemaVersion: '1.0',
  description: 'A citizen left a message by a station code (站码) or a deputy code (代表码).',
  data: z
    .object({
      messageId: id,
      trackingCode: z.string(),
      category: z.string(),
      via: z.enum(['station', 'deputy']),
      stationCode: id.optional(),
      deputyCode: id.optional().describe('The deputy answerable for it; absent while the message is held for review.'),
      townshipCode: id.optional(),
      submittedAt: at,
      replyDueAt: at.optional(),
      citizenCanBeTexted: z.boolean().describe('A phone was given: notifications may send SMS (the number itself is never on the bus).'),
      heldForReview: z.boolean().describe("Held in its township reviewers' queue (待审核) until a reviewer releases or rejects it."),
      holdReason: z.enum(HOLD_REASONS).optional().describe('Why it is held: a flood from one source, or a station with no deputy in office.'),
      holdDueAt: at.optional().describe('By when a reviewer must release or reject it.'),
    })
    .strict(),
  sample: {
    messageId: 'm-01JNQ5Y8R2W3',
    trackingCode: 'K7PQ-3MXD',
    category: 'public_facilities',
    via: 'station',
    stationCode: 'st-lucheng-01',
    deputyCode: 'D0001',
    townshipCode: 'lucheng',
    submittedAt: '2026-03-05T09:30:00+08:00',
    replyDueAt: '2026-03-08T09:30:00+08:00',
    citizenCanBeTexted: true,
    heldForReview: false,
  },
});

export const MessageAssigned = defineEvent({
  source,
  detailType: 'MessageAssigned',
  schemaVersion: '1.0',
  description:
    'A deputy became answerable for a message (the one named by the code, the least loaded of the station, after release from review, or in place of a deputy who left office: `reassigned`, with `previousDeputyCode`).',
  data: z
    .object({
      messageId: id,
      deputyCode: id,
      stationCode: id.optional(),
      assignedAt: at,
      replyDueAt: at,
      reason: z.enum(['deputy_code', 'least_loaded', 'released', 'reassigned']),
      previousDeputyCode: id.optional(),
    })
    .strict(),
  sample: {
    messageId: 'm-01JNQ5Y8R2W3',
    deputyCode: 'D0001',
    stationCode: 'st-lucheng-01',
    assignedAt: '2026-03-05T09:30:00+08:00',
    replyDueAt: '2026-03-08T09:30:00+08:00',
    reason: 'least_loaded',
  },
});

export const MessageReplied = defineEvent({
  source,
  detailType: 'MessageReplied',
  schemaVersion: '1.0',
  description: 'The deputy replied (代表直接查阅回复); `closed` means the reply answers the message.',
  data: z.object({ messageId: id, deputyCode: id, repliedAt: at, closed: z.boolean(), withinSla: z.boolean(), trackingCode: z.string() }).strict(),
  sample: {
    messageId: 'm-01JNQ5Y8R2W3',
    deputyCode: 'D0001',
    repliedAt: '2026-03-06T10:00:00+08:00',
    closed: true,
    withinSla: true,
    trackingCode: 'K7PQ-3MXD',
  },
});

export const MessageEscalated = defineEvent({
  source,
  detailType: 'MessageEscalated',
  schemaVersion: '1.0',
  description: 'The deputy could not answer and escalated the matter for review (经人大常委会审核后转交).',
  data: z
    .object({
      messageId: id,
      caseId: id,
      deputyCode: id,
      deputyLevel: z.enum(['city', 'township']),
      townshipCode: id.optional(),
      category: z.string(),
      suggestedUnitCode: id.optional(),
      escalatedAt: at,
      similar: z
        .array(z.object({ messageId: id, score: z.number().min(0).max(1) }).strict())
        .max(10)
        .optional()
        .describe('Open messages of the same township and category whose text is alike (相似诉求), closest first: candidates for merging.'),
      triage: z
        .object({ category: z.string(), unitCode: id.optional(), confidence: z.number().min(0).max(1) })
        .strict()
        .optional()
        .describe("The category and unit the message's text suggests (智能分拣), with its confidence: a suggestion only."),
    })
    .strict(),
  sample: {
    messageId: 'm-01JNQ5Y8R2W3',
    caseId: 'c-01JNQ5Y8R2W3',
    deputyCode: 'D0001',
    deputyLevel: 'township',
    townshipCode: 'lucheng',
    category: 'public_facilities',
    suggestedUnitCode: 'u-lucheng-jianshe',
    escalatedAt: '2026-03-06T10:00:00+08:00',
    similar: [{ messageId: 'm-01JNQ4K2P7A1', score: 0.41 }],
    triage: { category: 'public_facilities', unitCode: 'u-lucheng-jianshe', confidence: 0.62 },
  },
});

export const MessageReplyOverdue = defineEvent({
  source,
  detailType: 'MessageReplyOverdue',
  schemaVersion: '1.0',
  description: "The deputy's reply is past due (the city's reply SLA).",
  data: z.object({ messageId: id, deputyCode: id, replyDueAt: at, townshipCode: id.optional() }).strict(),
  sample: { messageId: 'm-01JNQ5Y8R2W3', deputyCode: 'D0001', replyDueAt: '2026-03-08T09:30:00+08:00', townshipCode: 'lucheng' },
});

export const MessageRated = defineEvent({
  source,
  detailType: 'MessageRated',
  schemaVersion: '1.0',
  description: 'The citizen rated the outcome (满意度评价).',
  data: z
    .object({
      messageId: id,
      deputyCode: id,
      caseId: id.optional(),
      rating: z.enum(MESSAGE_RATINGS),
      ratedStatus: z.enum(['answered', 'resolved']),
      ratedAt: at,
    })
    .strict(),
  sample: { messageId: 'm-01JNQ5Y8R2W3', deputyCode: 'D0001', rating: 'satisfied', ratedStatus: 'answered', ratedAt: '2026-03-07T08:00:00+08:00' },
});

export const MessageReopened = defineEvent({
  source,
  detailType: 'MessageReopened',
  schemaVersion: '1.0',
  description: 'The citizen was unsatisfied with a resolved matter: it goes back under supervision (督办), once.',
  data: z.object({ messageId: id, caseId: id, deputyCode: id, reopenedAt: at }).strict(),
  sample: { messageId: 'm-01JNQ5Y8R2W3', caseId: 'c-01JNQ5Y8R2W3', deputyCode: 'D0001', reopenedAt: '2026-03-20T08:00:00+08:00' },
});

export const MessageSupervisionOpened = defineEvent({
  source,
  detailType: 'MessageSupervisionOpened',
  schemaVersion: '1.0',
  description:
    "The citizen was unsatisfied with a deputy's direct answer (no case yet): the matter goes to the township reviewers (the city's for a city deputy without a township) as a supervised case (督办), once.",
  data: z
    .object({
      messageId: id,
      caseId: id,
      deputyCode: id,
      townshipCode: id.optional(),
      category: z.string(),
      openedAt: at,
    })
    .strict(),
  sample: {
    messageId: 'm-01JNQ5Y8R2W3',
    caseId: 'c-01JNQ5Y8R2W3',
    deputyCode: 'D0001',
    townshipCode: 'lucheng',
    category: 'public_facilities',
    openedAt: '2026-03-09T08:00:00+08:00',
  },
});

export const MessageRatingReminderDue = defineEvent({
  source,
  detailType: 'MessageRatingReminderDue',
  schemaVersion: '1.0',
  description:
    'The rating window of an answered or resolved message closes soon and the citizen has not rated: notifications reminds a citizen who left a phone, once per message, with the tracking page.',
  data: z.object({ messageId: id, trackingCode: z.string(), closeDueAt: at, remindedAt: at }).strict(),
  sample: { messageId: 'm-01JNQ5Y8R2W3', trackingCode: 'K7PQ-3MXD', closeDueAt: '2026-03-13T10:00:00+08:00', remindedAt: '2026-03-11T10:00:00+08:00' },
});

/** 问题是否解决: the citizen's own word on the follow-up questionnaire. */
export const FOLLOW_UP_SOLVED = ['yes', 'partly', 'no'] as const;

export const MessageFollowUpAnswered = defineEvent({
  source,
  detailType: 'MessageFollowUpAnswered',
  schemaVersion: '1.0',
  description:
    'The citizen answered the short follow-up questionnaire on the tracking page (回访): was it solved, was the reply useful, would they use the platform again. Once per message; counted by statistics.',
  data: z.object({ messageId: id, solved: z.enum(FOLLOW_UP_SOLVED), replyUseful: z.boolean(), wouldUseAgain: z.boolean(), answeredAt: at }).strict(),
  sample: { messageId: 'm-01JNQ5Y8R2W3', solved: 'partly', replyUseful: true, wouldUseAgain: true, answeredAt: '2026-03-09T20:00:00+08:00' },
});

export const MessageClosed = defineEvent({
  source,
  detailType: 'MessageClosed',
  schemaVersion: '1.0',
  description: 'The message is closed: rated, its rating window passed, its case closed, or a reviewer rejected it while it was held (`rejected`).',
  data: z
    .object({
      messageId: id,
      deputyCode: id.optional(),
      caseId: id.optional(),
      closedAt: at,
      reason: z.enum(['rated', 'rating_window_elapsed', 'declined', 'case_closed', 'rejected']),
    })
    .strict(),
  sample: { messageId: 'm-01JNQ5Y8R2W3', deputyCode: 'D0001', closedAt: '2026-03-14T09:30:00+08:00', reason: 'rating_window_elapsed' },
});

export const MessageHoldOverdue = defineEvent({
  source,
  detailType: 'MessageHoldOverdue',
  schemaVersion: '1.0',
  description: 'A held message was neither released nor rejected by its deadline: it goes on the supervision lists (督办).',
  data: z.object({ messageId: id, reason: z.enum(HOLD_REASONS), townshipCode: id.optional(), heldAt: at, dueAt: at }).strict(),
  sample: { messageId: 'm-01JNQ5Y8R2W3', reason: 'flood', townshipCode: 'lucheng', heldAt: '2026-03-05T09:30:00+08:00', dueAt: '2026-03-08T09:30:00+08:00' },
});

/** Why a deputy's open messages move to someone else: their term ended, or their account was disabled. */
export const REASSIGN_REASONS = ['term_ended', 'deputy_disabled'] as const;

export const MessageReassigned = defineEvent({
  source,
  detailType: 'MessageReassigned',
  schemaVersion: '1.0',
  description:
    "A deputy left office (term ended, or account disabled) owing a message an answer: it moved to the least-loaded deputy in office of the same station (`toDeputyCode`, with a new reply deadline) or, with none, to the township reviewers' queue (`held`).",
  data: z
    .object({
      messageId: id,
      fromDeputyCode: id,
      toDeputyCode: id.optional(),
      held: z.boolean(),
      reason: z.enum(REASSIGN_REASONS),
      stationCode: id.optional(),
      townshipCode: id.optional(),
      reassignedAt: at,
      dueAt: at.describe("The new deputy's reply deadline, or the reviewers' deadline for a held message."),
    })
    .strict(),
  sample: {
    messageId: 'm-01JNQ5Y8R2W3',
    fromDeputyCode: 'D0001',
    toDeputyCode: 'D0002',
    held: false,
    reason: 'term_ended',
    stationCode: 'st-lucheng-01',
    townshipCode: 'lucheng',
    reassignedAt: '2026-03-06T09:30:00+08:00',
    dueAt: '2026-03-09T09:30:00+08:00',
  },
});

export const MessageWeChatBound = defineEvent({
  source,
  detailType: 'MessageWeChatBound',
  schemaVersion: '1.0',
  description:
    "The citizen chose, on the message's tracking page opened inside WeChat, to be told of its progress there (微信接收进展通知): their later notices go to WeChat instead of SMS. Never the openid.",
  data: z.object({ messageId: id, boundAt: at }).strict(),
  sample: { messageId: 'm-01JNQ5Y8R2W3', boundAt: '2026-03-06T10:00:00+08:00' },
});

export const MessageWeChatUnbound = defineEvent({
  source,
  detailType: 'MessageWeChatUnbound',
  schemaVersion: '1.0',
  description: 'The citizen stopped WeChat notices for the message (or its personal data was erased): SMS again if they left a phone, else nothing.',
  data: z.object({ messageId: id, unboundAt: at }).strict(),
  sample: { messageId: 'm-01JNQ5Y8R2W3', unboundAt: '2026-03-07T10:00:00+08:00' },
});

/** Every contract the messaging service publishes. */
export const messagingEvents = [
  MessageSubmitted,
  MessageAssigned,
  MessageReplied,
  MessageEscalated,
  MessageReplyOverdue,
  MessageRated,
  MessageReopened,
  MessageSupervisionOpened,
  MessageRatingReminderDue,
  MessageFollowUpAnswered,
  MessageClosed,
  MessageHoldOverdue,
  MessageReassigned,
  MessageWeChatBound,
  MessageWeChatUnbound,
] as const;
