import { closeDue } from '../use-cases/consultations.ts';
import { eraseExpiredAppointments } from '../use-cases/erase-appointments.ts';
import { remindTomorrow } from '../use-cases/reception.ts';
import { city, consultationPorts, erasurePorts, receptionPorts, schedule } from './deps.ts';

/** Every 15 minutes: consultations past their closing time are closed and their counts published. */
export const closeConsultations = schedule('consultation-closer', async (now) => ({
  closed: await closeDue(consultationPorts, now),
}));

/** Each morning: tomorrow's reception-day appointments are reminded by text, once. */
export const remindAppointments = schedule('appointment-reminder', async (now) => ({
  reminded: await remindTomorrow(receptionPorts, now),
}));

/**
 * Each night: appointments whose reception day is older than the city's retention period lose the
 * citizen's name and phone (删除个人信息), a batch a run; the appointment itself stays.
 */
export const eraseExpiredContacts = schedule('contact-retention', async (now) => {
  const erasure = await eraseExpiredAppointments(erasurePorts, now, city.retention.appointmentContactMonths, 100);
  return { erased: erasure?.appointmentIds?.length ?? 0 };
});
