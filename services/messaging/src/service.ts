import { fileURLToPath } from 'node:url';
import { messagingEvents } from '../../../shared/events/messaging/index.ts';
import { defineService } from '../../../shared/runtime/define-service.ts';
import { handlersAt, patternFor, type ServiceManifest } from '../../../shared/runtime/manifest.ts';
import { CASE_EVENTS, DIRECTORY_EVENTS } from './subscribed-events.ts';
import { messagingTable } from './table.ts';

const at = handlersAt(import.meta.url);
const web = fileURLToPath(new URL('../web/', import.meta.url));

/**
 * The messaging service (民情直通): citizens' messages from the QR code to the rating — intake,
 * the deputy's inbox, replies and escalation, tracking, deadlines — and the citizen pages.
 */
export const messagingService: ServiceManifest = defineService(import.meta.url, {
  name: 'messaging',
  description: "Citizens' messages: intake, deputies' inbox and replies, escalation, tracking and rating.",
  table: messagingTable,
  routes: [
    { method: 'GET', path: '/v1/categories', handler: at('./handlers/intake.ts', 'categories') },
    { method: 'POST', path: '/v1/messages', handler: at('./handlers/intake.ts', 'submit', { memoryMb: 1024 }) },
    { method: 'GET', path: '/v1/inbox', handler: at('./handlers/deputy.ts', 'inbox') },
    { method: 'GET', path: '/v1/messages/{messageId}', handler: at('./handlers/deputy.ts', 'detail') },
    { method: 'POST', path: '/v1/messages/{messageId}/reply', handler: at('./handlers/deputy.ts', 'replyToMessage') },
    { method: 'POST', path: '/v1/messages/{messageId}/escalate', handler: at('./handlers/deputy.ts', 'escalateMessage') },
    { method: 'GET', path: '/v1/moderation/held', handler: at('./handlers/moderation.ts', 'heldList') },
    { method: 'POST', path: '/v1/privacy/erasure', handler: at('./handlers/privacy.ts', 'eraseContact') },
    { method: 'GET', path: '/v1/privacy/erasures', handler: at('./handlers/privacy.ts', 'erasureLog') },
    { method: 'GET', path: '/v1/moderation/overdue-replies', handler: at('./handlers/moderation.ts', 'overdueReplies') },
    { method: 'POST', path: '/v1/messages/{messageId}/release', handler: at('./handlers/moderation.ts', 'releaseMessage') },
    { method: 'POST', path: '/v1/messages/{messageId}/reject', handler: at('./handlers/moderation.ts', 'rejectMessage') },
    { method: 'GET', path: '/v1/track/{trackingCode}', handler: at('./handlers/citizen.ts', 'track') },
    { method: 'POST', path: '/v1/track/{trackingCode}/rating', handler: at('./handlers/citizen.ts', 'rateMessage') },
    { method: 'POST', path: '/v1/track/{trackingCode}/follow-up', handler: at('./handlers/citizen.ts', 'followUp') },
    { method: 'POST', path: '/v1/track/{trackingCode}/wechat/binding', handler: at('./handlers/citizen-wechat.ts', 'wechatNotices') },
    { method: 'DELETE', path: '/v1/track/{trackingCode}/wechat', handler: at('./handlers/citizen-wechat.ts', 'wechatNotices') },
    { method: 'PUT', path: '/v1/track/{trackingCode}/wechat', handler: at('./handlers/citizen-wechat.ts', 'wechatBound') },
    { method: 'GET', path: '/s/{code}', handler: at('./handlers/pages.ts', 'messagePage', { copyDir: web }) },
    { method: 'GET', path: '/d/{code}', handler: at('./handlers/pages.ts', 'messagePage', { copyDir: web }) },
    { method: 'GET', path: '/t/{code}', handler: at('./handlers/pages.ts', 'trackPage', { copyDir: web }) },
    { method: 'GET', path: '/assets/{code}', handler: at('./handlers/pages.ts', 'asset', { copyDir: web }) },
  ],
  subscriptions: [
    { name: 'directory', pattern: patternFor(...DIRECTORY_EVENTS), handler: at('./handlers/directory-events.ts') },
    { name: 'cases', pattern: patternFor(...CASE_EVENTS), handler: at('./handlers/case-events.ts') },
  ],
  schedules: [
    { name: 'deadline-sweep', every: { minutes: 5 }, handler: at('./handlers/sweeps.ts', 'handler', { timeoutSeconds: 60 }) },
    // 智能分拣: retrained at 02:00 city time (18:00 UTC), off the working day.
    { name: 'triage-training', every: { cron: { minute: '0', hour: '18' } }, handler: at('./handlers/triage.ts', 'handler', { timeoutSeconds: 300 }) },
  ],
  publishes: messagingEvents,
  keys: { tokens: 'verify', personalData: true, sources: true },
  internalFunctions: [
    // The citizen's phone, for notifications to text them: asked for, never broadcast.
    { name: 'citizen-contact', handler: at('./handlers/contacts.ts', 'citizenContact'), callers: ['notifications'] },
  ],
});
