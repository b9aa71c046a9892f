import { notificationsEvents } from '../../../shared/events/notifications/index.ts';
import { defineService } from '../../../shared/runtime/define-service.ts';
import { handlersAt, patternFor, type ServiceManifest } from '../../../shared/runtime/manifest.ts';
import { MAX_ATTEMPTS } from './domain/delivery.ts';
import { DIRECTORY_EVENTS, TRIGGER_EVENTS } from './subscribed-events.ts';
import { notificationsTable } from './table.ts';

const at = handlersAt(import.meta.url);

/**
 * The notifications service: tells citizens, deputies, reviewers and units what concerns them —
 * in-app, SMS, WeChat, e-mail — at most once per event, recipient and channel, never by night on
 * channels that wake people; flags for the committee; bulletins (政务信息通报) and reminders
 * (代表固定接待日, 述职).
 */
export const notificationsService: ServiceManifest = defineService(import.meta.url, {
  name: 'notifications',
  description: 'Notifications on every channel, bulletins to deputies, reception-day and voter-report reminders.',
  table: notificationsTable,
  routes: [
    { method: 'GET', path: '/v1/notifications', handler: at('./handlers/inbox.ts', 'list') },
    { method: 'POST', path: '/v1/notifications/{id}/read', handler: at('./handlers/inbox.ts', 'read') },
    { method: 'GET', path: '/v1/notifications/preferences', handler: at('./handlers/inbox.ts', 'getPreferences') },
    { method: 'PUT', path: '/v1/notifications/preferences', handler: at('./handlers/inbox.ts', 'putPreferences') },
    { method: 'GET', path: '/v1/deliveries', handler: at('./handlers/deliveries.ts', 'list') },
    // Up to API Gateway's 30 s: a city's few hundred deputies are notified within the request.
    { method: 'POST', path: '/v1/bulletins', handler: at('./handlers/bulletins.ts', 'publish', { timeoutSeconds: 29 }) },
  ],
  subscriptions: [
    { name: 'directory', pattern: patternFor(...DIRECTORY_EVENTS), handler: at('./handlers/directory-events.ts') },
    // Each receive attempts a failing delivery once: its last attempt and the move to the DLQ coincide.
    {
      name: 'triggers',
      pattern: patternFor(...TRIGGER_EVENTS),
      handler: at('./handlers/triggers.ts', 'handler', { timeoutSeconds: 30 }),
      batchSize: 5,
      maxReceiveCount: MAX_ATTEMPTS,
    },
  ],
  schedules: [
    { name: 'send-due', every: { minutes: 1 }, handler: at('./handlers/send-due.ts', 'handler', { timeoutSeconds: 60 }) },
    // 01:00 UTC is 09:00 in Asia/Shanghai; the handlers decide by the city's own calendar.
    {
      name: 'reception-day-reminder',
      every: { cron: { minute: '0', hour: '1' } },
      handler: at('./handlers/reminders.ts', 'receptionDay', { timeoutSeconds: 120 }),
    },
    {
      name: 'voter-report-reminder',
      every: { cron: { minute: '5', hour: '1' } },
      handler: at('./handlers/reminders.ts', 'voterReport', { timeoutSeconds: 120 }),
    },
  ],
  publishes: notificationsEvents,
  internalFunctions: [
    // A deputy's activation code by SMS: the code only in identity's call, the phone asked of identity.
    { name: 'activation-text', handler: at('./handlers/activation-text.ts', 'activationText'), callers: ['identity'] },
    // A citizen's appointment texts (code, confirmation, reminder): the phone handed over for one send, never on the bus.
    { name: 'citizen-text', handler: at('./handlers/citizen-texts.ts', 'citizenText', { timeoutSeconds: 10 }), callers: ['participation'] },
  ],
  keys: { tokens: 'verify' },
  // The providers' credentials by the names the city config gives, and its SES sender identity.
  externalAccess: ({ notifications: { channels } }) => ({
    secrets: [channels.sms?.secretName, channels.wechat?.secretName].filter((name): name is string => name !== undefined),
    sesIdentities: channels.email?.identity ? [channels.email.identity] : [],
    sesConfigurationSets: channels.email?.identity && channels.email.configurationSet ? [channels.email.configurationSet] : [],
  }),
});
