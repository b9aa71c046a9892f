import { accounts } from './channels.ts';
import { addDaysToDate } from '../../../../shared/time/city-dates.ts';
import { receptionDayOf } from '../../../../shared/city/reception-day.ts';
import { cityClock, formatCityDate } from './city-time.ts';
import type { DeputyFacts } from './read-model.ts';
import type { Notice } from './recipients.ts';
import type { NotificationSettings } from './settings.ts';

/** A reminder run: its source id (one per day and group, so a second run sends nothing new) and its notices. */
export interface ReminderBatch {
  sourceId: string;
  notices: Notice[];
}

/**
 * 代表固定接待日: on the day before a group's monthly reception day (in the city's calendar), each
 * active deputy of that group is reminded in-app. Deputies whose term ended receive nothing.
 */
export function receptionDayReminders(now: Date, timeZone: string, settings: NotificationSettings, deputies: readonly DeputyFacts[]): ReminderBatch[] {
  const date = addDaysToDate(cityClock(now, timeZone).date, 1);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const byGroup = new Map<string, DeputyFacts[]>();
  for (const deputy of deputies) {
    if (!deputy.active) continue;
    if (receptionDayOf(settings.receptionDay, deputy.groupCode, year, month) !== day) continue;
    byGroup.set(deputy.groupCode, [...(byGroup.get(deputy.groupCode) ?? []), deputy]);
  }
  return [...byGroup.entries()].map(([groupCode, members]) => ({
    sourceId: `reminder:reception-day:${date}:${groupCode}`,
    notices: members.map((deputy) => ({
      recipient: accounts.deputy(deputy.code),
      offered: ['inapp'] as const,
      template: 'reception_day_reminder' as const,
      params: { date: formatCityDate(date) },
      refs: {},
    })),
  }));
}

/** 向选民述职: on the configured day of the year, every active deputy is reminded in-app. */
export function voterReportReminders(now: Date, timeZone: string, settings: NotificationSettings, deputies: readonly DeputyFacts[]): ReminderBatch[] {
  const today = cityClock(now, timeZone);
  if (today.month !== settings.voterReport.month || today.day !== settings.voterReport.day) return [];
  const active = deputies.filter((d) => d.active);
  if (active.length === 0) return [];
  return [
    {
      sourceId: `reminder:voter-report:${today.year}`,
      notices: active.map((deputy) => ({
        recipient: accounts.deputy(deputy.code),
        offered: ['inapp'] as const,
        template: 'voter_report_reminder' as const,
        params: { year: String(today.year) },
        refs: {},
      })),
    },
  ];
}
