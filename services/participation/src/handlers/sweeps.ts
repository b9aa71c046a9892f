import { closeDue } from '../use-cases/consultations.ts';
import { remindTomorrow } from '../use-cases/reception.ts';
import { consultationPorts, receptionPorts, schedule } from './deps.ts';

/** Every 15 minutes: consultations past their closing time are closed and their counts published. */
export const closeConsultations = schedule('consultation-closer', async (now) => ({
  closed: await closeDue(consultationPorts, now),
}));

/** Each morning: tomorrow's reception-day appointments are reminded by text, once. */
export const remindAppointments = schedule('appointment-reminder', async (now) => ({
  reminded: await remindTomorrow(receptionPorts, now),
}));
