import { fileURLToPath } from 'node:url';
import { participationEvents } from '../../../shared/events/participation/index.ts';
import { defineService } from '../../../shared/runtime/define-service.ts';
import { handlersAt, type ServiceManifest } from '../../../shared/runtime/manifest.ts';
import { participationTable } from './table.ts';

const at = handlersAt(import.meta.url);
const web = fileURLToPath(new URL('../web/', import.meta.url));
const consultations = (exportName: string) => at('./handlers/consultations.ts', exportName, { timeoutSeconds: 30 });
const publicRoute = (exportName: string) => at('./handlers/public.ts', exportName);
const page = (exportName: string) => at('./handlers/pages.ts', exportName, { copyDir: web });

/**
 * The participation service (群众参与): how citizens take part beyond a message — consultations the
 * committee opens (意见征集) with their public pages, results and summaries.
 */
export const participationService: ServiceManifest = defineService(import.meta.url, {
  name: 'participation',
  description: "Citizens' participation: consultations (意见征集) with public pages, live results, moderation and summaries.",
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
    { method: 'GET', path: '/c/{code}', handler: page('consultationPage') },
    { method: 'GET', path: '/p/{code}', handler: page('asset') },
  ],
  schedules: [{ name: 'consultation-closer', every: { minutes: 15 }, handler: at('./handlers/sweeps.ts', 'closeConsultations', { timeoutSeconds: 60 }) }],
  publishes: participationEvents,
  keys: { tokens: 'verify', sources: true },
});
