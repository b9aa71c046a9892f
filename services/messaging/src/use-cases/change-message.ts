import type { EventCause } from '../../../../shared/events/envelope.ts';
import { changeWithEvents } from '../../../../shared/store/optimistic.ts';
import type { Message, MessageTransition } from '../domain/message.ts';
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
 * write. A concurrent change is retried on fresh state; the transition decides again. A deputy's
 * load follows the message in or out of the statuses that owe an answer.
 * Returns undefined when `decide` says there is nothing to do.
 */
export async function changeMessage(
  ports: ChangePorts,
  messageId: string,
  decide: (stored: StoredMessage) => MessageTransition | undefined,
  context: { now: Date; cause?: EventCause },
): Promise<Message | undefined> {
  const changed = await changeWithEvents(ports.messages, messageId, decide, { ...context, city: ports.city, notFound: 'No such message.' });
  if (!changed) return undefined;
  // A release or a reassignment may also change who owes the answer: the load moves with it.
  const before = OPEN.has(changed.from.message.status) ? changed.from.message.deputyCode : undefined;
  const after = OPEN.has(changed.next.status) ? changed.next.deputyCode : undefined;
  if (before !== after) {
    if (before) await ports.directory.adjustLoad(before, -1);
    if (after) await ports.directory.adjustLoad(after, 1);
  }
  return changed.next;
}
