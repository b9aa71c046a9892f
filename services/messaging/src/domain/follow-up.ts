import { emit } from '../../../../shared/domain/transition.ts';
import { type FOLLOW_UP_SOLVED, MessageFollowUpAnswered } from '../../../../shared/events/messaging/index.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import type { Message, MessageStatus, MessageTransition } from './message.ts';

/** The citizen's answers to the follow-up questionnaire (回访问卷). */
export interface FollowUp {
  solved: (typeof FOLLOW_UP_SOLVED)[number];
  replyUseful: boolean;
  wouldUseAgain: boolean;
  at: string;
}

/** Once there is an answer or a result to judge: answered, resolved, or closed after one. */
const ASKED_IN: readonly MessageStatus[] = ['answered', 'resolved', 'closed'];

/** Whether the tracking page asks the questionnaire now: after an answer or result, and only once. */
export function canFollowUp(message: Message): boolean {
  return ASKED_IN.includes(message.status) && !message.followUp && (message.thread.length > 0 || !!message.caseId);
}

/**
 * 回访: the citizen says whether the matter was solved, whether the reply was useful and whether
 * they would use the platform again. Once per message (409 `ALREADY_ANSWERED`); the answers are
 * facts for statistics, not a rating, so they never move the message.
 */
export function answerFollowUp(message: Message, input: Omit<FollowUp, 'at'>, now: Date): MessageTransition {
  if (message.followUp) throw new ConflictError('The follow-up questionnaire was already answered.', 'ALREADY_ANSWERED');
  if (!canFollowUp(message)) {
    throw new ConflictError(`A message that is ${message.status} has no follow-up questionnaire yet.`, 'INVALID_STATE', { status: message.status });
  }
  const at = now.toISOString();
  return {
    next: { ...message, followUp: { ...input, at } },
    emitted: [emit(MessageFollowUpAnswered, { messageId: message.messageId, ...input, answeredAt: at })],
  };
}
