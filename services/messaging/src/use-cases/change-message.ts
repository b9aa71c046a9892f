import { createEvent, type EventCause } from '../../../../shared/events/envelope.ts';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { withOptimisticRetry } from '../../../../shared/store/optimistic.ts';
import type { Message, Transition } from '../domain/message.ts';
import type { DirectoryModel, MessageRepository, StoredMessage } from '../ports.ts';

export interface ChangePorts {
  messages: MessageRepository;
  directory: DirectoryModel;
  city: string;
}

/** Statuses in which a deputy still owes the message an answer (counted in their load). */
const OPEN = new Set<Message['status']>(['submitted']);

/**
 * Applies a transition to a stored message and writes it with its events in one conditional
 * write. A concurrent change is retried once on fresh state; the transition decides again.
 * Returns undefined when `decide` says there is nothing to do.
 */
export function changeMessage(
  ports: ChangePorts,
  messageId: string,
  decide: (stored: StoredMessage) => Transition | undefined,
  context: { now: Date; cause?: EventCause },
): Promise<Message | undefined> {
  return withOptimisticRetry(async () => {
    const stored = await ports.messages.get(messageId);
    if (!stored) throw new NotFoundError('No such message.');
    const transition = decide(stored);
    if (!transition) return undefined;
    const events = transition.emitted.map((e) => createEvent(e.contract, e.data, { city: ports.city, now: context.now, cause: context.cause }));
    await ports.messages.save(stored, transition.next, events);
    const deputy = stored.message.deputyCode;
    const wasOpen = OPEN.has(stored.message.status);
    const isOpen = OPEN.has(transition.next.status);
    if (deputy && wasOpen !== isOpen) await ports.directory.adjustLoad(deputy, isOpen ? 1 : -1);
    return transition.next;
  });
}
