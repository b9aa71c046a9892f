import { emit } from '../../../../shared/domain/transition.ts';
import { MessageAssigned, MessageClosed, MessageHoldOverdue } from '../../../../shared/events/messaging/index.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import { addDays } from '../../../../shared/time/city-dates.ts';
import type { DeputyLoad } from './intake.ts';
import { replyDueAt, type Hold, type HoldReason, type Message, type MessagingSla, type MessageTransition } from './message.ts';

/**
 * Moderation (留言审核): a held message waits in its township reviewers' queue until a reviewer
 * releases it to a deputy or rejects it with a reason its sender reads. Nothing stays held
 * forever: past its deadline it is flagged for the supervision lists.
 */

/** How long reviewers have to release or reject a held message: the deputies' reply time. */
export function holdFor(reason: HoldReason, now: Date, sla: Pick<MessagingSla, 'replyDays'>): Hold {
  return { reason, at: now.toISOString(), dueAt: addDays(now, sla.replyDays), overdue: false };
}

function assertHeld(message: Message, action: string): void {
  if (message.status !== 'held') {
    throw new ConflictError(`A message that is ${message.status} cannot be ${action}.`, 'INVALID_STATE', { status: message.status });
  }
}

/** A reviewer gives the held message to a deputy in office, who now owes it a reply. */
export function release(message: Message, deputy: DeputyLoad, now: Date, sla: MessagingSla): MessageTransition {
  assertHeld(message, 'released');
  if (!deputy.active) throw new ConflictError('The deputy is not in office.', 'DEPUTY_NOT_ACTIVE', { deputyCode: deputy.code });
  const at = now.toISOString();
  const dueAt = replyDueAt(now, sla);
  return {
    next: {
      ...message,
      status: 'submitted',
      deputyCode: deputy.code,
      deputyLevel: deputy.level,
      townshipCode: message.townshipCode ?? deputy.townshipCode,
      replyDueAt: dueAt,
      timeline: [...message.timeline, { at, status: 'submitted', text: `您的留言已送达${deputy.name}代表。` }],
    },
    emitted: [
      emit(MessageAssigned, {
        messageId: message.messageId,
        deputyCode: deputy.code,
        stationCode: message.stationCode,
        assignedAt: at,
        replyDueAt: dueAt,
        reason: 'released',
      }),
    ],
  };
}

/** A reviewer refuses the held message (不予受理); the reason is on its sender's tracking page. */
export function reject(message: Message, input: { reason: string; by: string }, now: Date): MessageTransition {
  assertHeld(message, 'rejected');
  const at = now.toISOString();
  return {
    next: {
      ...message,
      status: 'closed',
      closedAt: at,
      rejection: { at, reason: input.reason, by: input.by },
      timeline: [...message.timeline, { at, status: 'closed', text: `您的留言未予受理：${input.reason}` }],
    },
    emitted: [emit(MessageClosed, { messageId: message.messageId, deputyCode: message.deputyCode, closedAt: at, reason: 'rejected' })],
  };
}

/** The reviewers' deadline passed with the message still held: flagged once, for supervision. */
export function markHoldOverdue(message: Message, now: Date): MessageTransition | undefined {
  const hold = message.hold;
  if (message.status !== 'held' || !hold || hold.overdue || hold.dueAt > now.toISOString()) return undefined;
  return {
    next: { ...message, hold: { ...hold, overdue: true } },
    emitted: [
      emit(MessageHoldOverdue, { messageId: message.messageId, reason: hold.reason, townshipCode: message.townshipCode, heldAt: hold.at, dueAt: hold.dueAt }),
    ],
  };
}
