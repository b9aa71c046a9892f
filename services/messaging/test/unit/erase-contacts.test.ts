import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import type { ErasureRecord } from '../../src/domain/erasure.ts';
import { eraseExpired, eraseOnRequest, latestErasures } from '../../src/use-cases/erase-contacts.ts';
import { submitMessage } from '../../src/use-cases/submit-message.ts';
import { deputyLoad, MemoryDirectory, MemoryMessages, memoryIntakePorts } from './in-memory.ts';

/** Citizens' personal data: erased once the city's retention period passed after closing, or on request; the matter stays. */

function platform() {
  const messages = new MemoryMessages();
  const audit: ErasureRecord[] = [];
  let next = 0;
  const ports = {
    messages,
    erasures: { record: async (entry: ErasureRecord) => void audit.push(entry), latest: async () => [...audit].reverse() },
    newId: () => `er-${++next}`,
    city: 'demo',
  };
  const intake = memoryIntakePorts(messages, new MemoryDirectory([deputyLoad('D0001', 0)], []));
  /** A message with a name, a phone and a location, closed at `closedAt` (or still open). */
  const submitted = async (closedAt?: string) => {
    const { messageId, trackingCode } = await submitMessage(
      intake,
      {
        deputyCode: 'D0001',
        category: 'public_facilities',
        content: '村口路灯坏了，晚上看不见路。',
        name: '王小明',
        phone: '13912345678',
        location: '东华社区3组',
      },
      { clientIp: `2001:db8::${messages.items.size + 1}`, cause: { correlationId: 'c', causationId: 'c' } },
      new Date('2026-01-05T02:00:00Z'),
    );
    const stored = messages.items.get(messageId)!;
    if (closedAt) messages.items.set(messageId, { ...stored, message: { ...stored.message, status: 'closed', closedAt } });
    return { messageId, trackingCode };
  };
  return { messages, audit, ports, submitted };
}

describe('eraseExpired (the retention sweep)', () => {
  it("erases the name, phone, location and source of messages closed before the city's period, and keeps the matter", async () => {
    // Prepare
    const { messages, audit, ports, submitted } = platform();
    const old = await submitted('2026-01-20T00:00:00Z');
    const recent = await submitted('2026-06-20T00:00:00Z');
    const open = await submitted();
    const before = messages.items.get(old.messageId)!;

    // Act
    const entry = await eraseExpired(ports, new Date('2026-08-01T00:00:00Z'), 6, 100);
    const again = await eraseExpired(ports, new Date('2026-08-01T00:05:00Z'), 6, 100);

    // Assess
    const erased = messages.items.get(old.messageId)!;
    expect(erased.secrets.phoneEncrypted).toBeUndefined();
    expect(erased.secrets.nameEncrypted).toBeUndefined();
    expect(erased.message.location).toBeUndefined();
    expect(erased.secrets.sourceKey).not.toBe(before.secrets.sourceKey);
    expect(JSON.stringify(erased)).not.toContain(before.secrets.phoneEncrypted!);
    expect(erased.message).toMatchObject({
      content: before.message.content,
      category: 'public_facilities',
      status: 'closed',
      contactErasedAt: '2026-08-01T00:00:00.000Z',
    });
    expect(erased.message.timeline).toEqual(before.message.timeline);
    expect(messages.items.get(recent.messageId)!.secrets.phoneEncrypted).toBeDefined();
    expect(messages.items.get(open.messageId)!.secrets.phoneEncrypted).toBeDefined();
    expect(entry).toMatchObject({ by: 'retention', reason: 'retention', messageIds: [old.messageId], fields: ['location', 'name', 'phone', 'source'] });
    expect(again).toBeUndefined();
    expect(audit).toHaveLength(1);
  });
});

describe('eraseOnRequest', () => {
  it('erases one open message named by its tracking code, and audits who, when and what', async () => {
    // Prepare
    const { messages, audit, ports, submitted } = platform();
    const { messageId, trackingCode } = await submitted();
    const other = await submitted();

    // Act
    const entry = await eraseOnRequest(ports, { trackingCode }, 'admin', new Date('2026-02-01T08:00:00Z'));
    const repeated = await eraseOnRequest(ports, { messageId }, 'admin', new Date('2026-02-01T08:01:00Z'));

    // Assess
    expect(entry).toEqual({
      erasureId: 'er-1',
      at: '2026-02-01T08:00:00.000Z',
      by: 'admin',
      reason: 'request',
      messageIds: [messageId],
      fields: ['name', 'phone', 'location', 'source'],
    });
    expect(messages.items.get(messageId)!.secrets.phoneEncrypted).toBeUndefined();
    expect(messages.items.get(messageId)!.message.status).toBe('submitted');
    expect(messages.items.get(other.messageId)!.secrets.phoneEncrypted).toBeDefined();
    expect(repeated.fields).toEqual([]);
    expect(audit.map((e) => e.erasureId)).toEqual(['er-1', 'er-2']);
  });

  it('answers 404 for a message that does not exist, and records nothing', async () => {
    // Prepare
    const { audit, ports } = platform();

    // Act
    const attempt = eraseOnRequest(ports, { messageId: 'm-doesnotexist00' }, 'admin', new Date());

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    expect(audit).toEqual([]);
  });
});

describe('erasing an appointment (participation’s part)', () => {
  /** Participation as messaging sees it: appointments it erases and audits itself. */
  function participation(known: string[]) {
    const entries: ErasureRecord[] = [];
    return {
      entries,
      erase: async (appointmentId: string, by: string) => {
        if (!known.includes(appointmentId)) return undefined;
        const entry: ErasureRecord = {
          erasureId: `pe-${entries.length + 1}`,
          at: `2026-02-01T08:0${entries.length}:30.000Z`,
          by,
          reason: 'request',
          messageIds: [],
          appointmentIds: [appointmentId],
          fields: ['name', 'phone'],
        };
        entries.push(entry);
        return entry;
      },
      latest: async (limit: number) => [...entries].reverse().slice(0, limit),
    };
  }

  it("hands an appointment to participation, answers its audit entry, and lists both services' erasures newest first", async () => {
    // Prepare
    const { audit, ports, submitted } = platform();
    const appointments = participation(['a-00000000000000aa']);
    const withAppointments = { ...ports, appointments };
    const { messageId } = await submitted();
    await eraseOnRequest(withAppointments, { messageId }, 'admin', new Date('2026-02-01T08:00:00Z'));

    // Act
    const entry = await eraseOnRequest(withAppointments, { appointmentId: 'a-00000000000000aa' }, 'admin', new Date('2026-02-01T08:00:30Z'));
    const listed = await latestErasures(withAppointments, 100);

    // Assess
    expect(entry).toMatchObject({ by: 'admin', reason: 'request', appointmentIds: ['a-00000000000000aa'], fields: ['name', 'phone'] });
    expect(audit).toHaveLength(1);
    expect(listed.map((e) => e.erasureId)).toEqual([entry.erasureId, audit[0]!.erasureId]);
  });

  it('answers 404 for an appointment participation does not know, or where the city has no participation', async () => {
    // Prepare
    const { ports } = platform();

    // Act
    const unknown = eraseOnRequest({ ...ports, appointments: participation([]) }, { appointmentId: 'a-00000000000000ff' }, 'admin', new Date());
    const nowhere = eraseOnRequest(ports, { appointmentId: 'a-00000000000000aa' }, 'admin', new Date());

    // Assess
    await expect(unknown).rejects.toBeInstanceOf(NotFoundError);
    await expect(nowhere).rejects.toBeInstanceOf(NotFoundError);
  });
});
