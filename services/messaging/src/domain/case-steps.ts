import { MessageClosed } from '../../../../shared/events/messaging/index.ts';
import { emit, type Emitted } from '../../../../shared/domain/transition.ts';
import { addDays } from '../../../../shared/time/city-dates.ts';
import type { Message, MessageTransition, MessagingSla } from './message.ts';

/** A step of the message's case, as messaging hears it from case routing's events. */
export type CaseStep =
  | { type: 'opened' }
  | { type: 'forwarded'; unitCode: string; unitName: string; dueDate: string }
  | { type: 'returned' }
  | { type: 'declined'; reason: string }
  | { type: 'accepted'; committedDate: string }
  | { type: 'progress' }
  | { type: 'resolved'; result: string }
  | { type: 'reassign_requested' }
  | { type: 'reopened' }
  | { type: 'closed' };

/**
 * Follows the case so the citizen sees every step (实时反馈). Steps carry the case's sequence: one
 * at or below what the message has seen is a replay or arrived late, and changes nothing.
 */
export function followCase(
  message: Message & { caseSequence?: number },
  step: CaseStep,
  sequence: number,
  now: Date,
  sla: MessagingSla,
): MessageTransition | undefined {
  if (sequence <= (message.caseSequence ?? 0) || message.status === 'closed') return undefined;
  const at = now.toISOString();
  const base = { ...message, caseSequence: sequence };
  const entry = (status: Message['status'], text: string, patch: Partial<Message> = {}, emitted: Emitted[] = []): MessageTransition => ({
    next: { ...base, ...patch, status, timeline: [...message.timeline, { at, status, text }] },
    emitted,
  });
  switch (step.type) {
    case 'opened':
      return entry('under_review', '人大常委会正在审核您的诉求。');
    case 'forwarded':
      return entry('forwarded', `已转交${step.unitName}办理，限${step.dueDate}前办结。`, { forwardedUnitCode: step.unitCode });
    case 'returned':
      // Back to the deputy, who owes an answer again.
      return entry('submitted', '审核后退回代表直接答复。', { replyDueAt: addDays(now, sla.replyDays), replyOverdue: false, firstRepliedAt: undefined });
    case 'declined':
      return entry('declined', step.reason);
    case 'accepted':
      return entry('in_progress', `办理单位已受理，承诺${step.committedDate}前办结。`);
    case 'progress':
      return entry(message.status === 'reopened' ? 'reopened' : 'in_progress', '办理单位报告了新的办理进展。');
    case 'resolved':
      return entry('resolved', step.result, { closeDueAt: addDays(now, sla.ratingWindowDays), rating: undefined });
    case 'reassign_requested':
      return entry('under_review', '办理单位申请改派，正在重新审核。');
    case 'reopened':
      return { next: base, emitted: [] };
    case 'closed':
      return {
        next: {
          ...base,
          status: 'closed',
          closedAt: at,
          closeDueAt: undefined,
          timeline: [...message.timeline, { at, status: 'closed', text: '本件已办结。' }],
        },
        emitted: [
          emit(MessageClosed, { messageId: message.messageId, deputyCode: message.deputyCode, caseId: message.caseId, closedAt: at, reason: 'case_closed' }),
        ],
      };
  }
}
