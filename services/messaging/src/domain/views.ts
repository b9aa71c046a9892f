import { maskPhone } from '../../../../shared/crypto/field-cipher.ts';
import type { Message, MessageStatus, TimelineEntry } from './message.ts';

/** Statuses a citizen may see; `held` shows as `submitted` (a flood is not told it was caught). */
export function citizenStatus(status: MessageStatus): Exclude<MessageStatus, 'held'> {
  return status === 'held' ? 'submitted' : status;
}

/** What the tracking page shows (API.md `GET /v1/track/{trackingCode}`). */
export function trackingView(message: Message) {
  return {
    trackingCode: message.trackingCode,
    status: citizenStatus(message.status),
    category: message.category,
    submittedAt: message.submittedAt,
    timeline: message.timeline.map((entry: TimelineEntry) => ({ ...entry, status: citizenStatus(entry.status) })),
    canRate: (message.status === 'answered' || message.status === 'resolved') && !message.rating,
    ...(message.rating ? { rating: message.rating.rating } : {}),
  };
}

/** One line of a deputy's inbox. */
export function inboxItem(message: Message) {
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
export function staffView(message: Message, contact: { name?: string; phone?: string }) {
  return {
    ...inboxItem(message),
    trackingCode: message.trackingCode,
    deputyCode: message.deputyCode ?? null,
    townshipCode: message.townshipCode ?? null,
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
  };
}
