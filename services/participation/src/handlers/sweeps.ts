import { closeDue } from '../use-cases/consultations.ts';
import { consultationPorts, schedule } from './deps.ts';

/** Every 15 minutes: consultations past their closing time are closed and their counts published. */
export const closeConsultations = schedule('consultation-closer', async (now) => ({
  closed: await closeDue(consultationPorts, now),
}));
