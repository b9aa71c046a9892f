import { describe, expect, it } from 'vitest';
import { receptionDates, receptionSlots, receptionDaySchema } from '../../../../shared/city/reception-day.ts';
import {
  type Appointment,
  cancel,
  checkBooking,
  checkCode,
  confirm,
  type KnownDeputy,
  receptionGroups,
  recordOutcome,
  secretHash,
  withCode,
} from '../../src/domain/reception.ts';

const rule = receptionDaySchema.parse({ byGroup: { 'grp-b': 31 } });
const now = new Date('2026-12-14T01:00:00Z');
const deputy = (code: string, groupCode: string, stationCode: string, active = true): KnownDeputy => ({
  code,
  name: `代表${code}`,
  groupCode,
  stationCode,
  townshipCode: 'lucheng',
  active,
});
const deputies = [
  deputy('D3', 'grp-a', 'st-2'),
  deputy('D1', 'grp-a', 'st-1'),
  deputy('D2', 'grp-a', 'st-2'),
  deputy('D4', 'grp-a', 'st-1', false),
  deputy('D5', 'grp-b', 'st-3'),
];
const [groupA] = receptionGroups(deputies);
const appointment: Appointment = {
  appointmentId: 'a-0123456789abcdef',
  groupCode: 'grp-a',
  stationCode: 'st-2',
  townshipCode: 'lucheng',
  date: '2026-12-15',
  slot: '09:30',
  slotEnd: '10:00',
  topic: '路灯',
  contact: { phoneEncrypted: 'v2.x', phoneMasked: '139****5678' },
  status: 'pending',
  requestedAt: now.toISOString(),
  verified: false,
};

describe('reception days (代表固定接待日)', () => {
  it('places each group at the station most of its deputies in office belong to, the smallest code on a tie', () => {
    // Act
    const groups = receptionGroups([...deputies, deputy('D6', 'grp-c', 'st-9'), deputy('D7', 'grp-c', 'st-8')]);

    // Assess
    expect(groups.map((g) => [g.groupCode, g.stationCode])).toEqual([
      ['grp-a', 'st-2'],
      ['grp-b', 'st-3'],
      ['grp-c', 'st-8'],
    ]);
    expect(groups[0]!.deputies.map((d) => d.code)).toEqual(['D1', 'D2', 'D3']);
  });

  it("turns the city's rule into dates kept inside the month and slots of the day", () => {
    // Act
    const dates = receptionDates(rule, 'grp-b', '2027-04-02', 2);
    const slots = receptionSlots(rule);

    // Assess
    expect(dates).toEqual(['2027-04-30', '2027-05-31']);
    expect(receptionDates(rule, 'grp-a', '2026-12-16', 2)).toEqual(['2027-01-15']);
    expect(slots).toHaveLength(6);
    expect(slots[0]).toEqual({ start: '09:00', end: '09:30' });
    expect(slots.at(-1)).toEqual({ start: '11:30', end: '12:00' });
  });

  it("books only the group's reception day, in a slot not yet begun", () => {
    // Prepare
    const request = { groupCode: 'grp-a', date: '2026-12-15', slot: '09:30', topic: '路灯' };

    // Act
    const slot = checkBooking(request, groupA, rule, { date: '2026-12-14', minute: 540 });

    // Assess
    expect(slot).toEqual({ start: '09:30', end: '10:00' });
    expect(() => checkBooking({ ...request, date: '2026-12-16' }, groupA, rule, { date: '2026-12-14', minute: 0 })).toThrow(/有误/);
    expect(() => checkBooking({ ...request, slot: '09:10' }, groupA, rule, { date: '2026-12-14', minute: 0 })).toThrow(/有误/);
    expect(() => checkBooking(request, groupA, rule, { date: '2026-12-15', minute: 600 })).toThrow(/有误/);
    expect(() => checkBooking(request, undefined, rule, { date: '2026-12-14', minute: 0 })).toThrow(/有误/);
  });

  it('takes the right code once, counts wrong ones and refuses a spent or expired code', () => {
    // Prepare
    const pending = withCode(appointment, secretHash(appointment.appointmentId, '123456'), now);
    const later = new Date(now.getTime() + 11 * 60_000);

    // Act
    const wrong = checkCode(pending, secretHash(appointment.appointmentId, '654321'), now);
    const right = checkCode(pending, secretHash(appointment.appointmentId, '123456'), now);

    // Assess
    expect(wrong).not.toBe(true);
    expect((wrong as Appointment).code?.attempts).toBe(1);
    expect(right).toBe(true);
    expect(() => checkCode(pending, secretHash(appointment.appointmentId, '123456'), later)).toThrow(/失效/);
    expect(() => checkCode({ ...pending, code: { ...pending.code!, attempts: 5 } }, pending.code!.hash, now)).toThrow(/失效/);
  });

  it('books, cancels only with the token and before the slot, and tells the bus no personal data', () => {
    // Act
    const booked = confirm(withCode(appointment, 'h', now), secretHash(appointment.appointmentId, 'token'), true, now);
    const cancelled = cancel(booked.next, secretHash(appointment.appointmentId, 'token'), false, now);

    // Assess
    expect(booked.next).toMatchObject({ status: 'booked', verified: true });
    expect(booked.next.code).toBeUndefined();
    expect(booked.emitted[0]!.data).toEqual({
      appointmentId: appointment.appointmentId,
      groupCode: 'grp-a',
      stationCode: 'st-2',
      date: '2026-12-15',
      slot: '09:30',
      verified: true,
    });
    expect(cancelled.next.status).toBe('cancelled');
    expect(() => cancel(booked.next, secretHash(appointment.appointmentId, 'other'), false, now)).toThrow(/没有找到/);
    expect(() => cancel(booked.next, secretHash(appointment.appointmentId, 'token'), true, now)).toThrow(/无法取消/);
    expect(() => cancel(cancelled.next, secretHash(appointment.appointmentId, 'token'), false, now)).toThrow(/已取消/);
  });

  it("records held with the group's deputies present, or not attended, from the day on, once", () => {
    // Prepare
    const booked = { ...appointment, status: 'booked' as const };

    // Act
    const held = recordOutcome(booked, { held: true, deputiesPresent: ['D2', 'D1', 'D2'] }, groupA, '2026-12-15', 'D1', now);
    const missed = recordOutcome(booked, { held: false, deputiesPresent: [] }, groupA, '2026-12-16', 'lucheng.reviewer', now);

    // Assess
    expect(held.next).toMatchObject({ status: 'held', deputiesPresent: ['D1', 'D2'], recordedBy: 'D1' });
    expect(held.emitted[0]!.data).toMatchObject({ deputyCodes: ['D1', 'D2'] });
    expect(missed.next.status).toBe('not_attended');
    expect(missed.emitted[0]!.contract.detailType).toBe('AppointmentMissed');
    expect(() => recordOutcome(booked, { held: true, deputiesPresent: ['D1'] }, groupA, '2026-12-14', 'D1', now)).toThrow(/not come yet|尚未|还没/);
    expect(() => recordOutcome(booked, { held: true, deputiesPresent: ['D5'] }, groupA, '2026-12-15', 'D1', now)).toThrow(/not valid/);
    expect(() => recordOutcome(booked, { held: true, deputiesPresent: [] }, groupA, '2026-12-15', 'D1', now)).toThrow(/not valid/);
    expect(() => recordOutcome(held.next, { held: false, deputiesPresent: [] }, groupA, '2026-12-15', 'D1', now)).toThrow(/已登记/);
  });
});
