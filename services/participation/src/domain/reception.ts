import { createHash } from 'node:crypto';
import { emit, type Transition } from '../../../../shared/domain/transition.ts';
import { AppointmentBooked, AppointmentCancelled, AppointmentHeld, AppointmentMissed } from '../../../../shared/events/participation/index.ts';
import { isReceptionDate, receptionSlots, type ReceptionDayRule } from '../../../../shared/city/reception-day.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../../shared/runtime/errors.ts';

/**
 * 代表固定接待日: a deputy group's monthly reception day at its station, booked by citizens slot by
 * slot, then recorded as held or missed. Pure rules; the clock is passed in.
 */

/** A deputy as participation knows them from identity's events (public directory facts only). */
export interface KnownDeputy {
  code: string;
  name: string;
  groupCode: string;
  stationCode: string;
  townshipCode: string;
  active: boolean;
}

/** A liaison station (代表联络站) from identity's events. */
export interface KnownStation {
  code: string;
  name: string;
  townshipCode: string;
}

/** A deputy group as the reception day needs it: where it receives, and who is in it. */
export interface ReceptionGroup {
  groupCode: string;
  stationCode: string;
  townshipCode: string;
  deputies: { code: string; name: string }[];
}

/**
 * The groups in office, each at its station: the station most of its deputies in office belong to
 * (the smallest code on a tie), since the directory gives deputies a station and a group but gives
 * a group no station of its own.
 */
export function receptionGroups(deputies: readonly KnownDeputy[]): ReceptionGroup[] {
  const byGroup = new Map<string, KnownDeputy[]>();
  for (const deputy of deputies) if (deputy.active) byGroup.set(deputy.groupCode, [...(byGroup.get(deputy.groupCode) ?? []), deputy]);
  return [...byGroup.entries()]
    .map(([groupCode, members]) => {
      const counts = new Map<string, number>();
      for (const m of members) counts.set(m.stationCode, (counts.get(m.stationCode) ?? 0) + 1);
      const [stationCode] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
      const home = members.find((m) => m.stationCode === stationCode)!;
      return {
        groupCode,
        stationCode,
        townshipCode: home.townshipCode,
        deputies: members.map((m) => ({ code: m.code, name: m.name })).sort((a, b) => a.code.localeCompare(b.code)),
      };
    })
    .sort((a, b) => a.groupCode.localeCompare(b.groupCode));
}

export type AppointmentStatus = 'pending' | 'booked' | 'cancelled' | 'held' | 'not_attended';

/** How the citizen is reached, as stored: encrypted with the field cipher, and the masked phone for staff. */
export interface AppointmentContact {
  phoneEncrypted: string;
  nameEncrypted?: string;
  phoneMasked: string;
}

/** One citizen's appointment on a group's reception day. */
export interface Appointment {
  appointmentId: string;
  groupCode: string;
  stationCode: string;
  townshipCode: string;
  date: string;
  slot: string;
  slotEnd: string;
  /** What the citizen wants to raise (来访事由). */
  topic: string;
  /** How the citizen is reached; gone once erased (decision 40). */
  contact?: AppointmentContact;
  /** When the name and phone were erased, by the retention sweep or on request. */
  contactErasedAt?: string;
  status: AppointmentStatus;
  requestedAt: string;
  /** Whether the phone answered an SMS code (only where the city has an SMS channel). */
  verified: boolean;
  /** While pending: the code's hash, its expiry and the wrong tries so far. */
  code?: { hash: string; expiresAt: string; attempts: number };
  /** The hash of the token the confirmation gives the citizen, which cancels. */
  tokenHash?: string;
  bookedAt?: string;
  remindedAt?: string;
  cancelledAt?: string;
  recordedAt?: string;
  recordedBy?: string;
  deputiesPresent?: string[];
}

/** A code lives ten minutes and takes five wrong tries. */
export const CODE_MINUTES = 10;
export const CODE_ATTEMPTS = 5;

/** A secret's stored form: the hash, bound to the appointment, so a copied hash opens nothing else. */
export function secretHash(appointmentId: string, secret: string): string {
  return createHash('sha256').update(`${appointmentId}|${secret}`).digest('hex');
}

const citizenError = (path: string, message: string) => new InvalidInputError('提交的内容有误，请检查后重试。', [{ path, message }]);

/** What a citizen asks for: a slot of a group's day, and why. */
export interface BookingRequest {
  groupCode: string;
  date: string;
  slot: string;
  topic: string;
}

/**
 * A booking request checked against the group and the city's reception rule: the date must be the
 * group's reception day, today or later, and the slot one of the day's not yet begun.
 */
export function checkBooking(
  request: BookingRequest,
  group: ReceptionGroup | undefined,
  rule: ReceptionDayRule,
  today: { date: string; minute: number },
): { start: string; end: string } {
  if (!group) throw citizenError('groupCode', '该代表小组暂无接待安排');
  if (!isReceptionDate(rule, group.groupCode, request.date) || request.date < today.date) throw citizenError('date', '该日期不是接待日');
  const slot = receptionSlots(rule).find((s) => s.start === request.slot);
  if (!slot) throw citizenError('slot', '请选择列出的时段');
  const minute = Number(slot.start.slice(0, 2)) * 60 + Number(slot.start.slice(3));
  if (request.date === today.date && minute <= today.minute) throw citizenError('slot', '该时段已开始，请选择其他时段');
  return slot;
}

/** A new appointment: pending an SMS code, or booked at once where no code can be sent. */
export function newAppointment(
  appointmentId: string,
  request: BookingRequest,
  group: ReceptionGroup,
  slot: { start: string; end: string },
  contact: AppointmentContact,
  now: Date,
): Appointment {
  return {
    appointmentId,
    groupCode: group.groupCode,
    stationCode: group.stationCode,
    townshipCode: group.townshipCode,
    date: request.date,
    slot: slot.start,
    slotEnd: slot.end,
    topic: request.topic,
    contact,
    status: 'pending',
    requestedAt: now.toISOString(),
    verified: false,
  };
}

/** Pending with this code until it expires. */
export function withCode(appointment: Appointment, codeHash: string, now: Date): Appointment {
  return { ...appointment, code: { hash: codeHash, expiresAt: new Date(now.getTime() + CODE_MINUTES * 60_000).toISOString(), attempts: 0 } };
}

/**
 * Checks a code: right → `true`; wrong → the appointment with one more wrong try (409
 * `CODE_EXPIRED` once it expired or took too many).
 */
export function checkCode(appointment: Appointment, codeHash: string, now: Date): true | Appointment {
  if (appointment.status !== 'pending' || !appointment.code) throw new ConflictError('该预约无需验证。', 'NOT_PENDING');
  const { code } = appointment;
  if (now.getTime() > Date.parse(code.expiresAt) || code.attempts >= CODE_ATTEMPTS) throw new ConflictError('验证码已失效，请重新预约。', 'CODE_EXPIRED');
  if (code.hash === codeHash) return true;
  return { ...appointment, code: { ...code, attempts: code.attempts + 1 } };
}

const facts = (a: Appointment) => ({ appointmentId: a.appointmentId, groupCode: a.groupCode, stationCode: a.stationCode, date: a.date, slot: a.slot });

/** Booked (a seat of the slot taken): the token that cancels it is hashed on it. */
export function confirm(appointment: Appointment, tokenHash: string, verified: boolean, now: Date): Transition<Appointment> {
  const { code: _code, ...rest } = appointment;
  const next: Appointment = { ...rest, status: 'booked', verified, tokenHash, bookedAt: now.toISOString() };
  return { next, emitted: [emit(AppointmentBooked, { ...facts(next), verified })] };
}

/** The citizen cancels with their token until the slot begins (a wrong token finds nothing: 404). */
export function cancel(appointment: Appointment, tokenHash: string, slotStarted: boolean, now: Date): Transition<Appointment> {
  if (!appointment.tokenHash || appointment.tokenHash !== tokenHash) throw new NotFoundError('没有找到该预约。');
  if (appointment.status === 'cancelled') throw new ConflictError('该预约已取消。', 'ALREADY_CANCELLED');
  if (appointment.status !== 'booked' || slotStarted) throw new ConflictError('接待已开始或已结束，无法取消。', 'TOO_LATE');
  const next: Appointment = { ...appointment, status: 'cancelled', cancelledAt: now.toISOString() };
  return { next, emitted: [emit(AppointmentCancelled, facts(next))] };
}

/** The reminder went out (once). */
export function reminded(appointment: Appointment, now: Date): Appointment {
  return { ...appointment, remindedAt: now.toISOString() };
}

/**
 * After the day has begun, the group records each booked appointment: held, with the deputies of
 * the group who received the citizen (each credited the reception duty by scoring, once per day),
 * or not attended.
 */
export function recordOutcome(
  appointment: Appointment,
  outcome: { held: boolean; deputiesPresent: string[] },
  group: ReceptionGroup | undefined,
  today: string,
  by: string,
  now: Date,
): Transition<Appointment> {
  if (appointment.status === 'held' || appointment.status === 'not_attended') throw new ConflictError('该预约已登记接待结果。', 'ALREADY_RECORDED');
  if (appointment.status !== 'booked') throw new ConflictError('只有已预约的接待才能登记结果。', 'NOT_BOOKED');
  if (appointment.date > today) throw new ConflictError('接待日还没到，当天起才能登记接待结果。', 'NOT_YET');
  const recorded = { ...appointment, recordedAt: now.toISOString(), recordedBy: by };
  if (!outcome.held) return { next: { ...recorded, status: 'not_attended' }, emitted: [emit(AppointmentMissed, facts(appointment))] };
  const members = new Set(group?.deputies.map((d) => d.code) ?? []);
  const present = [...new Set(outcome.deputiesPresent)].sort();
  if (present.length === 0)
    throw new InvalidInputError('The body is not valid.', [{ path: 'deputiesPresent', message: 'name the deputies who received the citizen' }]);
  const strangers = present.filter((code) => !members.has(code));
  if (strangers.length > 0)
    throw new InvalidInputError('The body is not valid.', [
      { path: 'deputiesPresent', message: `not in group ${appointment.groupCode}: ${strangers.join(', ')}` },
    ]);
  return {
    next: { ...recorded, status: 'held', deputiesPresent: present },
    emitted: [emit(AppointmentHeld, { ...facts(appointment), deputyCodes: present })],
  };
}
