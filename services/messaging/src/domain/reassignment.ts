import { emit } from '../../../../shared/domain/transition.ts';
import { MessageAssigned, MessageReassigned, type REASSIGN_REASONS } from '../../../../shared/events/messaging/index.ts';
import { type DeputyLoad, pickLeastLoaded } from './intake.ts';
import { type Message, type MessageTransition, type MessagingSla, replyDueAt } from './message.ts';
import { holdFor } from './moderation.ts';

/**
 * Reassignment (转交): a deputy who leaves office — their term ends, or their account is disabled —
 * must not keep messages nobody will answer. Each message they still owe an answer moves to the
 * least-loaded deputy in office of the same station with a fresh reply deadline, or, with nobody
 * there, to the township reviewers' queue; the citizen's timeline says which.
 */

export type ReassignReason = (typeof REASSIGN_REASONS)[number];

const WHY: Record<ReassignReason, string> = { term_ended: '原代表任期已结束', deputy_disabled: '原代表已暂停处理留言' };

/** Whether the message is still owed an answer by `deputyCode` (a redelivered event finds it moved already). */
export function owedBy(message: Message, deputyCode: string): boolean {
  return message.status === 'submitted' && message.deputyCode === deputyCode;
}

/**
 * Who takes a departing deputy's message: the least loaded in office at its station, never the
 * one leaving; undefined sends it to the reviewers' queue.
 */
export function successor(stationDeputies: readonly DeputyLoad[], departing: string): DeputyLoad | undefined {
  return pickLeastLoaded(stationDeputies.filter((d) => d.code !== departing));
}

/** Moves a message its departing deputy owes an answer to `to` (a deputy in office) or, without one, to the reviewers' queue. */
export function reassign(
  message: Message,
  input: { from: string; to: DeputyLoad | undefined; reason: ReassignReason; stationCode?: string },
  now: Date,
  sla: MessagingSla,
): MessageTransition | undefined {
  if (!owedBy(message, input.from)) return undefined;
  const at = now.toISOString();
  const moved = {
    messageId: message.messageId,
    fromDeputyCode: input.from,
    reason: input.reason,
    stationCode: input.stationCode ?? message.stationCode,
    reassignedAt: at,
  };
  const to = input.to;
  if (!to) {
    const hold = holdFor('no_deputy', now, sla);
    return {
      next: {
        ...message,
        status: 'held',
        hold,
        replyOverdue: false,
        timeline: [...message.timeline, { at, status: 'held', text: `${WHY[input.reason]}，您的留言已转交乡镇（街道）人大，由其安排代表答复。` }],
      },
      emitted: [emit(MessageReassigned, { ...moved, held: true, townshipCode: message.townshipCode, dueAt: hold.dueAt })],
    };
  }
  const dueAt = replyDueAt(now, sla);
  return {
    next: {
      ...message,
      deputyCode: to.code,
      deputyLevel: to.level,
      townshipCode: to.townshipCode,
      replyDueAt: dueAt,
      // The departing deputy's lateness stays theirs; the new deputy's time starts now.
      replyOverdue: false,
      timeline: [...message.timeline, { at, status: 'submitted', text: `${WHY[input.reason]}，您的留言已转交${to.name}代表，答复期限重新计算。` }],
    },
    emitted: [
      emit(MessageReassigned, { ...moved, toDeputyCode: to.code, held: false, townshipCode: to.townshipCode, dueAt }),
      emit(MessageAssigned, {
        messageId: message.messageId,
        deputyCode: to.code,
        stationCode: moved.stationCode,
        assignedAt: at,
        replyDueAt: dueAt,
        reason: 'reassigned',
        previousDeputyCode: input.from,
      }),
    ],
  };
}
