import { describe, expect, it } from 'vitest';
import type { ErasureRecord } from '../../../../shared/privacy/erasure.ts';
import { ConflictError, NotFoundError } from '../../../../shared/runtime/errors.ts';
import type { Appointment } from '../../src/domain/reception.ts';
import type { StoredAppointment } from '../../src/ports.ts';
import { eraseAppointmentOnRequest, eraseExpiredAppointments } from '../../src/use-cases/erase-appointments.ts';

/** Reception-day appointments' names and phones: erased once the city's period passed after the day, or on request; the appointment stays. */

/** Appointments in memory, with the contacts index the retention sweep reads (a day, while a phone is held). */
class MemoryAppointments {
  readonly items = new Map<string, StoredAppointment>();
  /** Conflicts to answer before a save goes through (another writer came first). */
  conflicts = 0;

  async get(appointmentId: string) {
    return this.items.get(appointmentId);
  }

  async save(stored: StoredAppointment, next: Appointment) {
    if (this.conflicts > 0) {
      this.conflicts -= 1;
      throw new ConflictError('changed', 'VERSION_CONFLICT');
    }
    if (this.items.get(stored.appointmentId)?.version !== stored.version) throw new ConflictError('changed', 'VERSION_CONFLICT');
    this.items.set(next.appointmentId, { ...next, version: stored.version + 1 });
  }

  async withContactBefore(date: string, limit: number) {
    return [...this.items.values()]
      .filter((a) => a.contact && a.date < date)
      .sort((a, b) => a.date.localeCompare(b.date))
      .slice(0, limit)
      .map((a) => a.appointmentId);
  }
}

function world() {
  const appointments = new MemoryAppointments();
  const audit: ErasureRecord[] = [];
  let next = 0;
  const ports = {
    appointments,
    erasures: { record: async (entry: ErasureRecord) => void audit.push(entry), latest: async () => [...audit].reverse() },
    city: { timeZone: 'Asia/Shanghai' },
    newId: () => `er-${++next}`,
  };
  const booked = (appointmentId: string, date: string, status: Appointment['status'] = 'held', named = true) => {
    const appointment: StoredAppointment = {
      appointmentId,
      groupCode: 'grp-a',
      stationCode: 'st-1',
      townshipCode: 'lucheng',
      date,
      slot: '09:30',
      slotEnd: '10:00',
      topic: '小区门口道路破损',
      contact: { phoneEncrypted: 'v2.phone', phoneMasked: '139****5678', ...(named ? { nameEncrypted: 'v2.name' } : {}) },
      status,
      requestedAt: `${date}T00:00:00.000Z`,
      verified: true,
      version: 3,
    };
    appointments.items.set(appointmentId, appointment);
    return appointment;
  };
  return { appointments, audit, ports, booked };
}

describe('eraseExpiredAppointments (the retention sweep)', () => {
  it("erases the name and phone of appointments whose day is older than the city's period, whatever became of them, and keeps the appointment", async () => {
    // Prepare: the city's period is 3 months; on 2026-08-01 (city time) days before 2026-05-01 are due
    const { appointments, audit, ports, booked } = world();
    const held = booked('a-0000000000000001', '2026-04-15', 'held');
    booked('a-0000000000000002', '2026-04-30', 'pending', false);
    booked('a-0000000000000003', '2026-05-01', 'cancelled');
    booked('a-0000000000000004', '2026-07-15', 'booked');

    // Act
    const entry = await eraseExpiredAppointments(ports, new Date('2026-07-31T16:30:00Z'), 3, 100);
    const again = await eraseExpiredAppointments(ports, new Date('2026-07-31T16:35:00Z'), 3, 100);

    // Assess
    const erased = appointments.items.get(held.appointmentId)!;
    expect(erased.contact).toBeUndefined();
    expect(JSON.stringify(erased)).not.toContain('139****5678');
    expect(erased).toMatchObject({ date: '2026-04-15', status: 'held', topic: held.topic, contactErasedAt: '2026-07-31T16:30:00.000Z' });
    expect(appointments.items.get('a-0000000000000002')!.contact).toBeUndefined();
    expect(appointments.items.get('a-0000000000000003')!.contact).toEqual(expect.objectContaining({ phoneEncrypted: 'v2.phone' }));
    expect(appointments.items.get('a-0000000000000004')!.contact).toBeDefined();
    expect(entry).toMatchObject({
      by: 'retention',
      reason: 'retention',
      messageIds: [],
      appointmentIds: ['a-0000000000000001', 'a-0000000000000002'],
      fields: ['name', 'phone'],
    });
    expect(again).toBeUndefined();
    expect(audit).toHaveLength(1);
  });

  it('takes at most a batch a run and reads again when another write came first', async () => {
    // Prepare
    const { appointments, ports, booked } = world();
    for (let i = 1; i <= 3; i++) booked(`a-000000000000000${i}`, `2026-01-0${i}`);
    appointments.conflicts = 1;

    // Act
    const first = await eraseExpiredAppointments(ports, new Date('2026-08-01T00:00:00Z'), 3, 2);
    const second = await eraseExpiredAppointments(ports, new Date('2026-08-02T00:00:00Z'), 3, 2);

    // Assess
    expect(first?.appointmentIds).toEqual(['a-0000000000000001', 'a-0000000000000002']);
    expect(second?.appointmentIds).toEqual(['a-0000000000000003']);
    expect([...appointments.items.values()].every((a) => a.contact === undefined)).toBe(true);
  });
});

describe('eraseAppointmentOnRequest', () => {
  it('erases one coming appointment at once, and audits who, when and what', async () => {
    // Prepare
    const { appointments, audit, ports, booked } = world();
    booked('a-00000000000000aa', '2026-12-15', 'booked');

    // Act
    const entry = await eraseAppointmentOnRequest(ports, 'a-00000000000000aa', 'admin', new Date('2026-12-01T02:00:00Z'));
    const again = await eraseAppointmentOnRequest(ports, 'a-00000000000000aa', 'admin', new Date('2026-12-01T02:05:00Z'));

    // Assess
    expect(appointments.items.get('a-00000000000000aa')).toMatchObject({ status: 'booked', contactErasedAt: '2026-12-01T02:00:00.000Z' });
    expect(appointments.items.get('a-00000000000000aa')!.contact).toBeUndefined();
    expect(entry).toEqual({
      erasureId: 'er-1',
      at: '2026-12-01T02:00:00.000Z',
      by: 'admin',
      reason: 'request',
      messageIds: [],
      appointmentIds: ['a-00000000000000aa'],
      fields: ['name', 'phone'],
    });
    expect(again.fields).toEqual([]);
    expect(audit).toHaveLength(2);
  });

  it('answers 404 for an unknown appointment and audits nothing', async () => {
    // Prepare
    const { audit, ports } = world();

    // Act
    const erasing = eraseAppointmentOnRequest(ports, 'a-00000000000000ff', 'admin', new Date('2026-12-01T02:00:00Z'));

    // Assess
    await expect(erasing).rejects.toBeInstanceOf(NotFoundError);
    expect(audit).toEqual([]);
  });
});
