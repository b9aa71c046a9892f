import { MessageClosed } from '../../../../shared/events/messaging/index.ts';
import { emit, type Emitted } from '../../../../shared/domain/transition.ts';
import { addDays } from '../../../../shared/time/city-dates.ts';
import type { Message, MessageTransition, MessagingSla, TimelineEntry } from './message.ts';

/** A step of the message's case, as messaging hears it from case routing's events. */
export type CaseStep =
  | { type: 'opened' }
  | { type: 'forwarded'; unitCode: string; unitName: string; dueDate: string }
  | { type: 'returned' }
  | { type: 'declined'; reason: string }
  | { type: 'accepted'; unitCode: string; committedDate: string }
  | { type: 'progress'; unitCode: string }
  | { type: 'resolved'; unitCode: string; result: string }
  | { type: 'reassign_requested' }
  | { type: 'reopened' }
  | { type: 'closed' }
  // 合并办理: the case was merged with reports of the same problem (as the follower or the primary).
  | { type: 'merged'; role: 'merged' | 'primary'; reporters: number };

/** Missing steps remembered at most: enough for any reordering a queue makes, bounded in the item. */
const MAX_GAPS = 50;

/**
 * Follows the case so the citizen sees every step (实时反馈). Steps carry the case's sequence and
 * may arrive out of order (SQS promises no order): a step above the highest seen is applied and
 * the sequences it skipped are remembered as gaps; a step filling a gap arrived late and adds its
 * line to the timeline in its place, changing the unit only if no later step did; anything else
 * at or below the highest seen is a replay and changes nothing.
 */
export function followCase(message: Message, step: CaseStep, sequence: number, now: Date, sla: MessagingSla): MessageTransition | undefined {
  const seen = message.caseSequence ?? 0;
  if (sequence <= seen) return message.caseGaps?.includes(sequence) ? lateStep(message, step, sequence, now) : undefined;
  if (message.status === 'closed') return undefined;
  const at = now.toISOString();
  const skipped = Array.from({ length: sequence - seen - 1 }, (_, i) => seen + 1 + i);
  const gaps = [...(message.caseGaps ?? []), ...skipped].slice(-MAX_GAPS);
  const base: Message = {
    ...message,
    caseSequence: sequence,
    ...unitAfter(message, step, sequence),
    ...(gaps.length > 0 ? { caseGaps: gaps } : { caseGaps: undefined }),
  };
  const entry = (status: Message['status'], text: string, patch: Partial<Message> = {}, emitted: Emitted[] = []): MessageTransition => ({
    next: { ...base, ...patch, status, timeline: [...message.timeline, { at, status, text }] },
    emitted,
  });
  switch (step.type) {
    case 'opened':
    case 'forwarded':
    case 'declined':
    case 'accepted':
    case 'reassign_requested':
      return entry(...stepLine(step));
    case 'returned':
      // Back to the deputy, who owes an answer again.
      return entry(...stepLine(step), { replyDueAt: addDays(now, sla.replyDays), replyOverdue: false, firstRepliedAt: undefined });
    case 'progress':
      return entry(message.status === 'reopened' ? 'reopened' : 'in_progress', stepLine(step)[1]);
    case 'resolved':
      return entry(...stepLine(step), { closeDueAt: addDays(now, sla.ratingWindowDays), rating: undefined });
    case 'reopened':
      return { next: base, emitted: [] };
    case 'merged':
      // The matter keeps its place; the citizen learns it is handled together with the others.
      return entry(message.status, stepLine(step)[1]);
    case 'closed':
      return {
        next: {
          ...base,
          status: 'closed',
          closedAt: at,
          closeDueAt: undefined,
          timeline: [...message.timeline, { at, status: 'closed', text: stepLine(step)[1] }],
        },
        emitted: [
          emit(MessageClosed, { messageId: message.messageId, deputyCode: message.deputyCode, caseId: message.caseId, closedAt: at, reason: 'case_closed' }),
        ],
      };
  }
}

/** A step that fills a gap: its timeline line in time order, the unit if no later step set it; the status stays the later step's. */
function lateStep(message: Message, step: CaseStep, sequence: number, now: Date): MessageTransition {
  const gaps = message.caseGaps!.filter((g) => g !== sequence);
  const at = now.toISOString();
  const [lineStatus, text] = stepLine(step);
  // A merge changes no status: its late line says the status of the line before it.
  const status = step.type === 'merged' ? (message.timeline.findLast((e) => e.at <= at)?.status ?? message.status) : lineStatus;
  const line: TimelineEntry = { at, status, text };
  const timeline = step.type === 'reopened' ? message.timeline : insertInTimeOrder(message.timeline, line);
  return {
    next: { ...message, ...unitAfter(message, step, sequence), timeline, caseGaps: gaps.length > 0 ? gaps : undefined },
    emitted: [],
  };
}

function insertInTimeOrder(timeline: readonly TimelineEntry[], line: TimelineEntry): TimelineEntry[] {
  const after = timeline.findIndex((e) => e.at > line.at);
  return after < 0 ? [...timeline, line] : [...timeline.slice(0, after), line, ...timeline.slice(after)];
}

/**
 * Which unit may read the message after a step: the unit a step names; none once the case leaves
 * it (returned, declined, reassignment asked). A step older than the last one that set the unit
 * leaves it alone.
 */
function unitAfter(message: Message, step: CaseStep, sequence: number): Pick<Message, 'forwardedUnitCode' | 'unitSequence'> | Record<string, never> {
  if (sequence < (message.unitSequence ?? 0)) return {};
  switch (step.type) {
    case 'forwarded':
    case 'accepted':
    case 'progress':
    case 'resolved':
      return { forwardedUnitCode: step.unitCode, unitSequence: sequence };
    case 'returned':
    case 'declined':
    case 'reassign_requested':
      return { forwardedUnitCode: undefined, unitSequence: sequence };
    default:
      return {};
  }
}

/** The status a step puts the message in, and the line the citizen reads. */
function stepLine(step: CaseStep): [Message['status'], string] {
  switch (step.type) {
    case 'opened':
      return ['under_review', '人大常委会正在审核您的诉求。'];
    case 'forwarded':
      return ['forwarded', `已转交${step.unitName}办理，限${step.dueDate}前办结。`];
    case 'returned':
      return ['submitted', '审核后退回代表直接答复。'];
    case 'declined':
      return ['declined', step.reason];
    case 'accepted':
      return ['in_progress', `办理单位已受理，承诺${step.committedDate}前办结。`];
    case 'progress':
      return ['in_progress', '办理单位报告了新的办理进展。'];
    case 'resolved':
      return ['resolved', step.result];
    case 'reassign_requested':
      return ['under_review', '办理单位申请改派，正在重新审核。'];
    case 'reopened':
      return ['reopened', ''];
    case 'closed':
      return ['closed', '本件已办结。'];
    case 'merged':
      return [
        'under_review',
        step.role === 'merged' ? '已与同类诉求合并办理，办理进展和结果会同步显示在这里。' : `已与同类诉求合并办理，共${step.reporters}位群众反映了这一问题。`,
      ];
  }
}
