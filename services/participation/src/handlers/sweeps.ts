import { scheduleHandler } from '../../../../shared/runtime/schedule.ts';
import { closeDue } from '../use-cases/consultations.ts';
import { consultationPorts, deps } from './deps.ts';

/** Every 15 minutes: consultations past their closing time are closed and their counts published. */
export const closeConsultations = scheduleHandler({ logger: deps.logger, name: 'consultation-closer' }, async (now) => ({
  closed: await closeDue(consultationPorts, now),
}));
