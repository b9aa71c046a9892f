import { eventsOf } from '../../../../shared/domain/transition.ts';
import { ConflictError, NotFoundError } from '../../../../shared/runtime/errors.ts';
import { newestFirst } from '../../../../shared/privacy/erasure.ts';
import { type ErasedField, eraseContact, type ErasureRecord, retentionCutoff } from '../domain/erasure.ts';
import type { AppointmentErasures, ErasureLog, MessageRepository, StoredMessage } from '../ports.ts';

/** What erasing needs: the messages, the audit, and fresh ids. */
export interface ErasurePorts {
  messages: Pick<MessageRepository, 'get' | 'saveWithSecrets' | 'findByTrackingCode' | 'due'>;
  erasures: ErasureLog;
  /** The city's name, on the events an erasure causes. */
  city: string;
  newId: () => string;
  /** Participation's appointments, erased by participation (absent: none in this city stack). */
  appointments?: AppointmentErasures;
}

/** Erases one message's personal data, again from a fresh read if another write came first; the fields erased. */
async function eraseOne(ports: ErasurePorts, messageId: string, at: string, closedBefore?: Date): Promise<ErasedField[] | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await ports.messages.get(messageId);
    if (!stored) return undefined;
    // Retention erases only what closed before the cutoff (a reopened message is not due).
    if (closedBefore && (stored.message.status !== 'closed' || !stored.message.closedAt || new Date(stored.message.closedAt) > closedBefore)) return undefined;
    const erased = eraseContact(stored.message, stored.secrets, at);
    if (!erased) return [];
    try {
      await ports.messages.saveWithSecrets(stored, erased.message, erased.secrets, eventsOf(erased.emitted, { city: ports.city, now: new Date(at) }));
      return erased.erased;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  throw new ConflictError('The message kept changing; try again.', 'VERSION_CONFLICT');
}

function record(ports: ErasurePorts, entry: Omit<ErasureRecord, 'erasureId'>): ErasureRecord {
  return { erasureId: ports.newId(), ...entry };
}

/**
 * 删除个人信息 on request: an admin erases the personal data left with one message (named by its
 * id or its tracking code) or one reception-day appointment (by its id, erased and audited by
 * participation), and the audit records who, when, which message or appointment and which fields.
 */
export async function eraseOnRequest(
  ports: ErasurePorts,
  target: { messageId: string } | { trackingCode: string } | { appointmentId: string },
  by: string,
  now: Date,
): Promise<ErasureRecord> {
  if ('appointmentId' in target) {
    const entry = await ports.appointments?.erase(target.appointmentId, by);
    if (!entry) throw new NotFoundError('No such appointment.');
    return entry;
  }
  let stored: StoredMessage | undefined;
  if ('messageId' in target) stored = await ports.messages.get(target.messageId);
  else {
    const found = await ports.messages.findByTrackingCode(target.trackingCode);
    if (found.length > 1) throw new ConflictError('Several messages have this tracking code; name the message by its id.', 'AMBIGUOUS_TRACKING_CODE');
    stored = found[0];
  }
  if (!stored) throw new NotFoundError('No such message.');
  const at = now.toISOString();
  const fields = (await eraseOne(ports, stored.message.messageId, at)) ?? [];
  const entry = record(ports, { at, by, reason: 'request', messageIds: [stored.message.messageId], fields });
  await ports.erasures.record(entry);
  return entry;
}

/**
 * The retention sweep: erases the personal data of messages closed more than `months` ago (the
 * city's `retention.citizenContactMonths`), up to `limit` a run, with one audit entry per run that
 * erased anything.
 */
export async function eraseExpired(ports: ErasurePorts, now: Date, months: number, limit: number): Promise<ErasureRecord | undefined> {
  const cutoff = retentionCutoff(now, months);
  const at = now.toISOString();
  const messageIds: string[] = [];
  const fields = new Set<ErasedField>();
  for (const messageId of await ports.messages.due('erase', cutoff, limit)) {
    const erased = await eraseOne(ports, messageId, at, cutoff);
    if (erased === undefined) continue;
    messageIds.push(messageId);
    for (const field of erased) fields.add(field);
  }
  if (messageIds.length === 0) return undefined;
  const entry = record(ports, { at, by: 'retention', reason: 'retention', messageIds, fields: [...fields].sort() });
  await ports.erasures.record(entry);
  return entry;
}

/** The latest erasures of messages and of appointments, newest first. */
export async function latestErasures(ports: Pick<ErasurePorts, 'erasures' | 'appointments'>, limit: number): Promise<ErasureRecord[]> {
  const [own, appointments] = await Promise.all([ports.erasures.latest(limit), ports.appointments?.latest(limit) ?? []]);
  return newestFirst(limit, own, appointments);
}
