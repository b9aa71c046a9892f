import type { EventCause } from '../../../../shared/events/envelope.ts';
import { eventsOf, type Transition } from '../../../../shared/domain/transition.ts';
import type { SourceKeys } from '../../../../shared/abuse/source-keys.ts';
import { receptionDates, receptionSlots, type ReceptionDayRule } from '../../../../shared/city/reception-day.ts';
import { type FieldCipher, maskPhone } from '../../../../shared/crypto/field-cipher.ts';
import { ConflictError, InvalidInputError, NotFoundError, TooManyRequestsError, TransientError } from '../../../../shared/runtime/errors.ts';
import { addDaysToDate, cityDate, offsetMinutes } from '../../../../shared/time/city-dates.ts';
import {
  type Appointment,
  cancel,
  checkBooking,
  checkCode,
  confirm,
  newAppointment,
  type ReceptionGroup,
  receptionGroups,
  recordOutcome,
  reminded,
  secretHash,
  withCode,
} from '../domain/reception.ts';
import type { Appointments, CitizenTexts, DirectoryView, SourceCounters, StoredAppointment } from '../ports.ts';

/** What the reception-day use cases work on. */
export interface ReceptionPorts {
  directory: DirectoryView;
  appointments: Appointments;
  texts: CitizenTexts;
  counters: SourceCounters;
  sources: SourceKeys;
  cipher: FieldCipher;
  city: { name: string; timeZone: string; publicBaseUrl: string; receptionDay: ReceptionDayRule };
  newId: () => string;
  /** Six digits for the SMS code. */
  newCode: () => string;
  /** The confirmation's secret token, which cancels. */
  newToken: () => string;
}

const NOT_FOUND = '没有找到该预约。';

/** The city's date and minute of the day at `now`. */
function cityToday(now: Date, timeZone: string): { date: string; minute: number } {
  const local = new Date(now.getTime() + offsetMinutes(now, timeZone) * 60_000);
  return { date: cityDate(now, timeZone), minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

function slotStarted(appointment: Pick<Appointment, 'date' | 'slot'>, today: { date: string; minute: number }): boolean {
  return appointment.date < today.date || (appointment.date === today.date && minuteOf(appointment.slot) <= today.minute);
}

async function groups(ports: ReceptionPorts): Promise<ReceptionGroup[]> {
  return receptionGroups(await ports.directory.deputies());
}

async function load(ports: ReceptionPorts, appointmentId: string): Promise<StoredAppointment> {
  const stored = await ports.appointments.get(appointmentId);
  if (!stored) throw new NotFoundError(NOT_FOUND);
  return stored;
}

async function save(ports: ReceptionPorts, stored: StoredAppointment, change: Transition<Appointment>, now: Date, cause?: EventCause): Promise<void> {
  await ports.appointments.save(stored, change.next, eventsOf(change.emitted, { city: ports.city.name, now, cause }));
}

const fieldOf = (appointmentId: string, field: 'phone' | 'name') => ({ record: appointmentId, field });

/**
 * A station's coming reception days (this month's and next month's), for its public page: each
 * group received there, its deputies, and the seats left in each slot.
 */
export async function stationReceptionDays(ports: ReceptionPorts, stationCode: string, now: Date) {
  const station = await ports.directory.station(stationCode);
  if (!station) throw new NotFoundError('没有找到该联络站。');
  const today = cityToday(now, ports.city.timeZone);
  const rule = ports.city.receptionDay;
  const here = (await groups(ports)).filter((g) => g.stationCode === stationCode);
  const days = [];
  for (const group of here) {
    for (const date of receptionDates(rule, group.groupCode, today.date)) {
      const taken = await ports.appointments.seatsTaken(group.groupCode, date);
      days.push({
        groupCode: group.groupCode,
        date,
        deputies: group.deputies.map((d) => d.name),
        slots: receptionSlots(rule).map((slot) => ({
          ...slot,
          left: slotStarted({ date, slot: slot.start }, today) ? 0 : Math.max(0, rule.slots.perSlot - (taken[slot.start] ?? 0)),
        })),
      });
    }
  }
  days.sort((a, b) => a.date.localeCompare(b.date) || a.groupCode.localeCompare(b.groupCode));
  return { station: { code: station.code, name: station.name }, days };
}

/** What a citizen sends to book. */
export interface BookingInput {
  groupCode: string;
  date: string;
  slot: string;
  topic: string;
  phone: string;
  name?: string;
}

/** What a booking answers: pending an SMS code, or booked with the token that cancels it. */
export type BookingAnswer = { appointmentId: string; status: 'pending' } | { appointmentId: string; status: 'booked'; cancelToken: string };

/**
 * A citizen books a slot: throttled per source like intake; the phone and name encrypted at once.
 * Where the city texts, an SMS code is sent and the appointment waits for it; where it cannot, it is
 * booked unverified (the page says why the phone matters: it is how the group reaches them).
 */
export async function book(ports: ReceptionPorts, input: BookingInput, from: { clientIp: string }, now: Date, cause: EventCause): Promise<BookingAnswer> {
  const verdict = await ports.counters.admit(await ports.sources.keyOf(from.clientIp), `reception-${input.groupCode}`, now);
  if (!verdict.admitted) throw new TooManyRequestsError(verdict.retryAfterSeconds);
  const group = (await groups(ports)).find((g) => g.groupCode === input.groupCode);
  const slot = checkBooking(input, group, ports.city.receptionDay, cityToday(now, ports.city.timeZone));
  const appointmentId = ports.newId();
  const name = input.name?.trim();
  const contact = {
    phoneEncrypted: await ports.cipher.encrypt(input.phone, fieldOf(appointmentId, 'phone')),
    ...(name ? { nameEncrypted: await ports.cipher.encrypt(name, fieldOf(appointmentId, 'name')) } : {}),
    phoneMasked: maskPhone(input.phone),
  };
  const code = ports.newCode();
  const pending = withCode(newAppointment(appointmentId, input, group!, slot, contact, now), secretHash(appointmentId, code), now);
  await ports.appointments.create(pending, []);
  const sent = await ports.texts.send({ phone: input.phone, template: 'appointment_code', params: { code }, reference: `appointment:${appointmentId}:code` });
  if (sent === 'sent') return { appointmentId, status: 'pending' };
  if (sent === 'failed') throw new TransientError('验证码发送失败，请稍后重试。');
  // No SMS channel in this city: nothing can verify the phone, so the booking stands as given.
  const cancelToken = await seatAndConfirm(ports, await load(ports, appointmentId), false, now, cause);
  return { appointmentId, status: 'booked', cancelToken };
}

/** Takes a seat and books; a full slot is a 409 `SLOT_FULL` and leaves the appointment pending. */
async function seatAndConfirm(ports: ReceptionPorts, stored: StoredAppointment, verified: boolean, now: Date, cause?: EventCause): Promise<string> {
  if (!(await ports.appointments.takeSeat(stored.groupCode, stored.date, stored.slot, ports.city.receptionDay.slots.perSlot)))
    throw new ConflictError('该时段已约满，请选择其他时段。', 'SLOT_FULL');
  const token = ports.newToken();
  try {
    await save(ports, stored, confirm(stored, secretHash(stored.appointmentId, token), verified, now), now, cause);
  } catch (error) {
    await ports.appointments.releaseSeat(stored.groupCode, stored.date, stored.slot);
    throw error;
  }
  return token;
}

/** The SMS code the citizen received: right → booked (and confirmed by text); wrong → 400 `WRONG_CODE`. */
export async function verify(
  ports: ReceptionPorts,
  appointmentId: string,
  code: string,
  now: Date,
  cause: EventCause,
): Promise<{ status: 'booked'; cancelToken: string }> {
  const stored = await load(ports, appointmentId);
  const checked = checkCode(stored, secretHash(appointmentId, code), now);
  if (checked !== true) {
    await ports.appointments.save(stored, checked, []);
    throw new InvalidInputError('验证码不正确。', [{ path: 'code', message: '验证码不正确' }]);
  }
  const cancelToken = await seatAndConfirm(ports, stored, true, now, cause);
  // A phone erased on the citizen's request while the code was pending is not texted.
  if (!stored.contact) return { status: 'booked', cancelToken };
  const station = await ports.directory.station(stored.stationCode);
  const phone = await ports.cipher.decrypt(stored.contact.phoneEncrypted, fieldOf(appointmentId, 'phone'));
  await ports.texts.send({
    phone,
    template: 'appointment_confirmed',
    params: {
      date: stored.date,
      slot: stored.slot,
      station: station?.name ?? stored.stationCode,
      appointmentId,
      link: appointmentPageUrl(ports.city.publicBaseUrl, appointmentId),
    },
    reference: `appointment:${appointmentId}:confirmed`,
  });
  return { status: 'booked', cancelToken };
}

/** The page of an appointment, where it is shown and cancelled: `/a/<appointmentId>` (the token stays with the citizen). */
export const appointmentPageUrl = (baseUrl: string, appointmentId: string) => `${baseUrl.replace(/\/$/, '')}/a/${appointmentId}`;

/** The citizen's view of their appointment, with the token of its confirmation. */
export async function readOwn(ports: ReceptionPorts, appointmentId: string, token: string) {
  const stored = await load(ports, appointmentId);
  if (!stored.tokenHash || stored.tokenHash !== secretHash(appointmentId, token)) throw new NotFoundError(NOT_FOUND);
  const station = await ports.directory.station(stored.stationCode);
  return {
    appointmentId,
    status: stored.status,
    date: stored.date,
    slot: stored.slot,
    slotEnd: stored.slotEnd,
    station: { code: stored.stationCode, name: station?.name ?? stored.stationCode },
    groupCode: stored.groupCode,
    topic: stored.topic,
  };
}

/** The citizen cancels with their token, until the slot begins; the seat is free again. */
export async function cancelOwn(ports: ReceptionPorts, appointmentId: string, token: string, now: Date, cause: EventCause): Promise<void> {
  const stored = await load(ports, appointmentId);
  const change = cancel(stored, secretHash(appointmentId, token), slotStarted(stored, cityToday(now, ports.city.timeZone)), now);
  await save(ports, stored, change, now, cause);
  await ports.appointments.releaseSeat(stored.groupCode, stored.date, stored.slot);
}

/**
 * The morning before a reception day: every booked appointment of tomorrow not yet reminded gets
 * its reminder text, once (marked on the appointment when sent, or when the city cannot text).
 */
export async function remindTomorrow(ports: ReceptionPorts, now: Date): Promise<number> {
  const tomorrow = addDaysToDate(cityDate(now, ports.city.timeZone), 1);
  const due = (await ports.appointments.inMonth(tomorrow.slice(0, 7), tomorrow)).filter((a) => a.status === 'booked' && !a.remindedAt);
  let sent = 0;
  for (const appointment of due) {
    const stored = await ports.appointments.get(appointment.appointmentId);
    if (stored?.status !== 'booked' || stored.remindedAt || !stored.contact) continue;
    const station = await ports.directory.station(stored.stationCode);
    const phone = await ports.cipher.decrypt(stored.contact.phoneEncrypted, fieldOf(stored.appointmentId, 'phone'));
    const status = await ports.texts.send({
      phone,
      template: 'appointment_reminder',
      params: { date: stored.date, slot: stored.slot, station: station?.name ?? stored.stationCode, appointmentId: stored.appointmentId },
      reference: `appointment:${stored.appointmentId}:reminder`,
    });
    if (status === 'failed') continue; // tried again at the next run
    await ports.appointments.save(stored, reminded(stored, now), []);
    if (status === 'sent') sent += 1;
  }
  return sent;
}

/** Who reads and records appointments: a deputy their own group's, a township reviewer their township's, the city all. */
export interface Staff {
  role: string;
  username: string;
  townshipCode?: string;
  deputyCode?: string;
}

async function visibleTo(ports: ReceptionPorts, staff: Staff): Promise<(a: Pick<Appointment, 'groupCode' | 'townshipCode'>) => boolean> {
  if (staff.role === 'deputy') {
    const deputy = staff.deputyCode ? await ports.directory.deputy(staff.deputyCode) : undefined;
    return (a) => deputy?.active === true && a.groupCode === deputy.groupCode;
  }
  if (staff.role === 'township_reviewer') return (a) => a.townshipCode === staff.townshipCode;
  return () => true;
}

/**
 * A month's appointments as the group sees them: who comes (name, phone masked), when and why,
 * and the outcome; with each group's deputies, to record who received the citizen.
 */
export async function staffList(ports: ReceptionPorts, staff: Staff, month: string) {
  const visible = await visibleTo(ports, staff);
  const mine = (await ports.appointments.inMonth(month)).filter((a) => visible(a) && a.status !== 'pending');
  const byGroup = new Map((await groups(ports)).map((g) => [g.groupCode, g]));
  const items = await Promise.all(
    mine.map(async (a) => ({
      appointmentId: a.appointmentId,
      groupCode: a.groupCode,
      stationCode: a.stationCode,
      date: a.date,
      slot: a.slot,
      slotEnd: a.slotEnd,
      topic: a.topic,
      ...(a.contact?.nameEncrypted ? { name: await ports.cipher.decrypt(a.contact.nameEncrypted, fieldOf(a.appointmentId, 'name')) } : {}),
      ...(a.contact ? { phoneMasked: a.contact.phoneMasked } : {}),
      ...(a.contactErasedAt ? { contactErased: true } : {}),
      status: a.status as Exclude<Appointment['status'], 'pending'>,
      verified: a.verified,
      ...(a.deputiesPresent ? { deputiesPresent: a.deputiesPresent } : {}),
    })),
  );
  const groupCodes = [...new Set(items.map((i) => i.groupCode))];
  return { month, items, groups: groupCodes.map((code) => ({ groupCode: code, deputies: byGroup.get(code)?.deputies ?? [] })) };
}

/** The group (or its reviewer) records an appointment held, with the deputies present, or not attended. */
export async function record(
  ports: ReceptionPorts,
  appointmentId: string,
  outcome: { held: boolean; deputiesPresent: string[] },
  staff: Staff,
  now: Date,
  cause: EventCause,
): Promise<void> {
  const stored = await load(ports, appointmentId);
  if (!(await visibleTo(ports, staff))(stored)) throw new NotFoundError(NOT_FOUND);
  const group = (await groups(ports)).find((g) => g.groupCode === stored.groupCode);
  await save(ports, stored, recordOutcome(stored, outcome, group, cityDate(now, ports.city.timeZone), staff.username, now), now, cause);
}
