import { receptionDayReminders, voterReportReminders } from '../domain/reminders.ts';
import { sendReminders } from '../use-cases/send-reminders.ts';
import { city, ports, readModel, schedule, settings } from './deps.ts';

/** Daily: the day before a group's fixed reception day (代表固定接待日), its deputies are reminded. */
export const receptionDay = schedule('reception-day-reminder', async (now) =>
  sendReminders(ports, receptionDayReminders(now, city.timeZone, settings, await readModel.deputies()), now),
);

/** Daily: on the city's voter-report day (e.g. December 1), every deputy is reminded to report to voters (述职). */
export const voterReport = schedule('voter-report-reminder', async (now) =>
  sendReminders(ports, voterReportReminders(now, city.timeZone, settings, await readModel.deputies()), now),
);
