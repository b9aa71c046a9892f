import { fileURLToPath } from 'node:url';
import { participationEvents } from '../../../shared/events/participation/index.ts';
import { defineService } from '../../../shared/runtime/define-service.ts';
import { handlersAt, patternFor, type ServiceManifest } from '../../../shared/runtime/manifest.ts';
import { DIRECTORY_EVENTS } from './subscribed-events.ts';
import { participationTable } from './table.ts';

const at = handlersAt(import.meta.url);
const web = fileURLToPath(new URL('../web/', import.meta.url));
const consultations = (exportName: string) => at('./handlers/consultations.ts', exportName, { timeoutSeconds: 30 });
const publicRoute = (exportName: string) => at('./handlers/public.ts', exportName);
const reception = (exportName: string) => at('./handlers/reception.ts', exportName, { timeoutSeconds: 15 });
const livelihood = (exportName: string) => at('./handlers/livelihood.ts', exportName, { timeoutSeconds: 15 });
const page = (exportName: string) => at('./handlers/pages.ts', exportName, { copyDir: web });

/**
 * The participation service (群众参与): how citizens take part beyond a message — consultations the
 * committee opens (意见征集) with their public pages, results and summaries; reception-day
 * appointments (代表固定接待日) booked from a station's page, reminded, and recorded as held; the
 * livelihood projects the deputies vote on (民生实事票决), published and tracked.
 */
export const participationService: ServiceManifest = defineService(import.meta.url, {
  name: 'participation',
  description:
    "Citizens' participation: consultations (意见征集) with public pages, live results, moderation and summaries; reception-day appointments (代表固定接待日); livelihood project votes (民生实事票决).",
  table: participationTable,
  routes: [
    { method: 'POST', path: '/v1/consultations', handler: consultations('openConsultation') },
    { method: 'GET', path: '/v1/consultations', handler: consultations('listConsultations') },
    { method: 'GET', path: '/v1/consultations/{id}', handler: publicRoute('consultation') },
    { method: 'GET', path: '/v1/consultations/{id}/qr.svg', handler: publicRoute('qr') },
    { method: 'POST', path: '/v1/consultations/{id}/responses', handler: publicRoute('answer') },
    { method: 'GET', path: '/v1/consultations/{id}/results', handler: consultations('results') },
    { method: 'POST', path: '/v1/consultations/{id}/responses/{responseId}/visibility', handler: consultations('setVisibility') },
    { method: 'POST', path: '/v1/consultations/{id}/close', handler: consultations('closeNow') },
    { method: 'GET', path: '/v1/reception-days', handler: reception('receptionDays') },
    { method: 'POST', path: '/v1/appointments', handler: reception('bookAppointment') },
    { method: 'GET', path: '/v1/appointments', handler: reception('appointments') },
    { method: 'GET', path: '/v1/appointments/{id}', handler: reception('ownAppointment') },
    { method: 'POST', path: '/v1/appointments/{id}/verification', handler: reception('verifyAppointment') },
    { method: 'POST', path: '/v1/appointments/{id}/cancel', handler: reception('cancelAppointment') },
    { method: 'POST', path: '/v1/appointments/{id}/outcome', handler: reception('recordAppointment') },
    { method: 'POST', path: '/v1/livelihood-ballots', handler: livelihood('openBallot') },
    { method: 'GET', path: '/v1/livelihood-ballots', handler: livelihood('ballots') },
    { method: 'GET', path: '/v1/livelihood-ballots/{ballotId}', handler: livelihood('ballot') },
    { method: 'POST', path: '/v1/livelihood-ballots/{ballotId}/votes', handler: livelihood('vote') },
    { method: 'POST', path: '/v1/livelihood-ballots/{ballotId}/publish', handler: livelihood('publishBallot') },
    { method: 'POST', path: '/v1/livelihood-ballots/{ballotId}/projects/{projectId}/progress', handler: livelihood('progress') },
    { method: 'POST', path: '/v1/livelihood-ballots/{ballotId}/projects/{projectId}/ratings', handler: livelihood('rating') },
    { method: 'GET', path: '/v1/public/livelihood-ballots/{ballotId}', handler: livelihood('publicBallot') },
    { method: 'GET', path: '/c/{code}', handler: page('consultationPage') },
    { method: 'GET', path: '/r/{code}', handler: page('receptionPage') },
    { method: 'GET', path: '/a/{code}', handler: page('receptionPage') },
    { method: 'GET', path: '/l/{code}', handler: page('livelihoodPage') },
    { method: 'GET', path: '/p/{code}', handler: page('asset') },
  ],
  subscriptions: [{ name: 'directory', pattern: patternFor(...DIRECTORY_EVENTS), handler: at('./handlers/directory-events.ts') }],
  schedules: [
    { name: 'consultation-closer', every: { minutes: 15 }, handler: at('./handlers/sweeps.ts', 'closeConsultations', { timeoutSeconds: 60 }) },
    // 01:00 UTC is 09:00 in Asia/Shanghai: tomorrow's appointments are reminded in the morning.
    {
      name: 'appointment-reminder',
      every: { cron: { minute: '0', hour: '1' } },
      handler: at('./handlers/sweeps.ts', 'remindAppointments', { timeoutSeconds: 120 }),
    },
    // 18:30 UTC is 02:30 in Asia/Shanghai: appointments' names and phones past the city's retention period (decision 40).
    {
      name: 'contact-retention',
      every: { cron: { minute: '30', hour: '18' } },
      handler: at('./handlers/sweeps.ts', 'eraseExpiredContacts', { timeoutSeconds: 60 }),
    },
  ],
  publishes: participationEvents,
  keys: { tokens: 'verify', sources: true, personalData: true },
  internalFunctions: [
    // 删除个人信息 asked of messaging's privacy routes: one appointment erased, or the audit read.
    { name: 'appointment-privacy', handler: at('./handlers/privacy.ts', 'appointmentPrivacy'), callers: ['messaging'] },
  ],
});
