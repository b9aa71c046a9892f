import { ConflictError, NotFoundError } from '../../../../shared/runtime/errors.ts';
import { type ErasedField, type ErasureLog, type ErasureRecord, retentionCutoff } from '../../../../shared/privacy/erasure.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';
import { eraseAppointmentContact } from '../domain/appointment-erasure.ts';
import type { Appointments } from '../ports.ts';

/** What erasing appointments' personal data needs: the appointments, the audit, the city's day, fresh ids. */
export interface AppointmentErasurePorts {
  appointments: Pick<Appointments, 'get' | 'save' | 'withContactBefore'>;
  erasures: ErasureLog;
  city: { timeZone: string };
  newId: () => string;
}

/** Erases one appointment's name and phone, again from a fresh read if another write came first; the fields erased. */
async function eraseOne(ports: AppointmentErasurePorts, appointmentId: string, at: string, dayBefore?: string): Promise<ErasedField[] | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await ports.appointments.get(appointmentId);
    if (!stored) return undefined;
    if (dayBefore && stored.date >= dayBefore) return undefined;
    const erased = eraseAppointmentContact(stored, at);
    if (!erased) return [];
    try {
      await ports.appointments.save(stored, erased.next, []);
      return erased.erased;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  throw new ConflictError('The appointment kept changing; try again.', 'VERSION_CONFLICT');
}

function entry(
  ports: AppointmentErasurePorts,
  what: Pick<ErasureRecord, 'at' | 'by' | 'reason'>,
  appointmentIds: string[],
  fields: Iterable<ErasedField>,
): ErasureRecord {
  const { at, by, reason } = what;
  return { erasureId: ports.newId(), at, by, reason, messageIds: [], appointmentIds, fields: [...new Set(fields)].sort() };
}

/**
 * 删除个人信息 on request: the name and phone a citizen left with one appointment (named by its id,
 * which their confirmation link holds), with an audit entry of who, when and which fields.
 */
export async function eraseAppointmentOnRequest(ports: AppointmentErasurePorts, appointmentId: string, by: string, now: Date): Promise<ErasureRecord> {
  const at = now.toISOString();
  const fields = await eraseOne(ports, appointmentId, at);
  if (fields === undefined) throw new NotFoundError('No such appointment.');
  const record = entry(ports, { at, by, reason: 'request' }, [appointmentId], fields);
  await ports.erasures.record(record);
  return record;
}

/**
 * The retention sweep: erases the name and phone of appointments whose reception day was more than
 * `months` ago (the city's `retention.appointmentContactMonths`), whatever became of them (held,
 * missed, cancelled, or never verified), up to `limit` a run, with one audit entry per run that
 * erased anything.
 */
export async function eraseExpiredAppointments(ports: AppointmentErasurePorts, now: Date, months: number, limit: number): Promise<ErasureRecord | undefined> {
  // Months counted on the city's calendar: on 1 August with 3 months, days before 1 May are due.
  const today = new Date(`${cityDate(now, ports.city.timeZone)}T00:00:00Z`);
  const dayBefore = retentionCutoff(today, months).toISOString().slice(0, 10);
  const at = now.toISOString();
  const appointmentIds: string[] = [];
  const fields: ErasedField[] = [];
  for (const appointmentId of await ports.appointments.withContactBefore(dayBefore, limit)) {
    const erased = await eraseOne(ports, appointmentId, at, dayBefore);
    if (erased === undefined) continue;
    appointmentIds.push(appointmentId);
    fields.push(...erased);
  }
  if (appointmentIds.length === 0) return undefined;
  const record = entry(ports, { at, by: 'retention', reason: 'retention' }, appointmentIds, fields);
  await ports.erasures.record(record);
  return record;
}
