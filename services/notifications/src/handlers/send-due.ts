import { scheduleHandler } from '../../../../shared/runtime/schedule.ts';
import { sendDue } from '../use-cases/send-due.ts';
import { deps, ports } from './deps.ts';

/** Every minute: sends what waited for the morning (quiet hours) or for a retry, at the schedule's own time. */
export const handler = scheduleHandler({ logger: deps.logger, name: 'send-due' }, (now) => sendDue(ports, now));
