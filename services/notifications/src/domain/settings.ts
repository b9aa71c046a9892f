import type { QuietHours } from './quiet-hours.ts';
import type { TemplateId } from './templates.ts';

/**
 * How a city notifies: quiet hours, reminder days and the provider identifiers of its templates.
 * Rules are data: a city that differs from the defaults overrides the sections it needs in
 * {@link CITY_SETTINGS}, kept here rather than in the shared city config so this service owns them.
 */
export interface NotificationSettings {
  quietHours: QuietHours | null;
  /** 代表固定接待日: the day of the month each deputy group receives citizens (reminded the day before). */
  receptionDay: { dayOfMonth: number; byGroup: Readonly<Record<string, number>> };
  /** 向选民述职: the yearly reminder's month and day. */
  voterReport: { month: number; day: number };
  /** Aliyun SMS: the registered signature and each template's code (审核通过的模板). */
  sms: { signName: string; templateCodes: Readonly<Partial<Record<TemplateId, string>>> };
  /** WeChat official account: each template's id. */
  wechat: { templateIds: Readonly<Partial<Record<TemplateId, string>>> };
  email: { from: string };
}

export const DEFAULT_SETTINGS: NotificationSettings = {
  quietHours: { start: '22:00', end: '07:00', channels: ['sms', 'wechat'] },
  receptionDay: { dayOfMonth: 15, byGroup: {} },
  voterReport: { month: 12, day: 1 },
  sms: { signName: '民情直通', templateCodes: {} },
  wechat: { templateIds: {} },
  email: { from: 'noreply@minqing.example' },
};

/** Per-city overrides, by city name. */
export const CITY_SETTINGS: Readonly<Record<string, Partial<NotificationSettings>>> = {
  demo: {
    // Placeholders in the shape Aliyun assigns; a real city registers its own templates.
    sms: {
      signName: '民情直通',
      templateCodes: {
        message_receipt: 'SMS_900000001',
        message_new: 'SMS_900000002',
        message_replied: 'SMS_900000003',
        message_answered: 'SMS_900000004',
        case_resolved: 'SMS_900000005',
      },
    },
    email: { from: 'noreply@chuxiong.minqing.example' },
  },
};

/** The settings of a city: the defaults with its overrides. */
export function notificationSettings(city: string): NotificationSettings {
  return { ...DEFAULT_SETTINGS, ...CITY_SETTINGS[city] };
}
