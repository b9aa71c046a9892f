import type { QuietHours } from './quiet-hours.ts';

/**
 * How a city notifies: quiet hours and reminder days. The providers — credentials by reference,
 * template codes, the daily text cap — are deployment facts in the city config (`notifications`).
 * Rules are data: a city that differs from the defaults overrides the sections it needs in
 * {@link CITY_SETTINGS}, kept here rather than in the shared city config so this service owns them.
 */
export interface NotificationSettings {
  quietHours: QuietHours | null;
  /**
   * 代表固定接待日: the day of the month each deputy group receives citizens (reminded the day
   * before). A deployed city takes it from its config (`receptionDay`), which participation reads too.
   */
  receptionDay: { dayOfMonth: number; byGroup: Readonly<Record<string, number>> };
  /** 向选民述职: the yearly reminder's month and day. */
  voterReport: { month: number; day: number };
}

export const DEFAULT_SETTINGS: NotificationSettings = {
  quietHours: { start: '22:00', end: '07:00', channels: ['sms', 'wechat'] },
  receptionDay: { dayOfMonth: 15, byGroup: {} },
  voterReport: { month: 12, day: 1 },
};

/** Per-city overrides, by city name. */
export const CITY_SETTINGS: Readonly<Record<string, Partial<NotificationSettings>>> = {};

/** The settings of a city: the defaults with its overrides. */
export function notificationSettings(city: string): NotificationSettings {
  return { ...DEFAULT_SETTINGS, ...CITY_SETTINGS[city] };
}
