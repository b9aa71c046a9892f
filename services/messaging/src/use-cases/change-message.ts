import { createEvent, type EventCause } from '../../../../shared/events/envelope.ts';
import { ConflictError, NotFoundError } from '../../../../shared/runtime/errors.ts';
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
export async function changeMessage(
  ports: ChangePorts,
  messageId: string,
  decide: (stored: StoredMessage) => Transition | undefined,
  context: { now: Date; cause?: EventCause },
): Promise<Message | undefined> {
  for (let attempt = 0; ; attempt++) {
    const stored = await ports.messages.get(messageId);
    if (!stored) throw new NotFoundError('No such message.');
    const transition = decide(stored);
    if (!transition) return undefined;
    const events = transition.emitted.map((e) => createEvent(e.contract, e.data, { city: ports.city, now: context.now, cause: context.cause }));
    try {
      await ports.messages.save(stored, transition.next, events);
    } catch (error) {
      if (error instanceof ConflictError && error.code === 'VERSION_CONFLICT' && attempt < 2) continue;
      throw error;
    }
    const deputy = stored.message.deputyCode;
    const wasOpen = OPEN.has(stored.message.status);
    const isOpen = OPEN.has(transition.next.status);
    if (deputy && wasOpen !== isOpen) await ports.directory.adjustLoad(deputy, isOpen ? 1 : -1);
    return transition.next;
  }
}
