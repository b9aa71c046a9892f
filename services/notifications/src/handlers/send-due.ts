import { sendDue } from '../use-cases/send-due.ts';
import { ports, schedule } from './deps.ts';

/** Every minute: sends what waited for the morning (quiet hours) or for a retry, at the schedule's own time. */
export const handler = schedule('send-due', (now) => sendDue(ports, now));
