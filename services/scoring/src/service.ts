import { scoringEvents } from '../../../shared/events/scoring/index.ts';
import { defineService } from '../../../shared/runtime/define-service.ts';
import { handlersAt, patternFor, type ServiceManifest } from '../../../shared/runtime/manifest.ts';
import { DEPUTY_EVENTS, DUTY_EVENTS } from './subscribed-events.ts';
import { scoringTable } from './table.ts';

const at = handlersAt(import.meta.url);
const duty = (exportName: string, timeoutSeconds = 10) => at('./handlers/duty.ts', exportName, { timeoutSeconds });

/**
 * The scoring service (积分制、履职档案): duty activities, the points ledger derived from them and
 * from messaging's facts, each deputy's archive, rankings with the excellent grade, and flags.
 */
export const scoringService: ServiceManifest = defineService(import.meta.url, {
  name: 'scoring',
  description: "Deputies' duty activities, points ledger, duty archive, rankings and flags.",
  table: scoringTable,
  routes: [
    { method: 'POST', path: '/v1/activities', handler: duty('recordActivity') },
    { method: 'POST', path: '/v1/ledger/{entryId}/reverse', handler: duty('reverseEntry') },
    { method: 'GET', path: '/v1/ledger', handler: duty('ledgerExport', 30) },
    { method: 'GET', path: '/v1/deputies/{code}/archive', handler: duty('archive') },
    { method: 'GET', path: '/v1/rankings', handler: duty('rankings', 30) },
    { method: 'POST', path: '/v1/rankings/{year}/publish', handler: duty('publishRanking', 30) },
    { method: 'GET', path: '/v1/flags', handler: duty('flags') },
  ],
  subscriptions: [
    { name: 'duty', pattern: patternFor(...DUTY_EVENTS), handler: at('./handlers/duty-events.ts') },
    { name: 'deputies', pattern: patternFor(...DEPUTY_EVENTS), handler: at('./handlers/deputy-events.ts') },
  ],
  schedules: [
    { name: 'year-end-flags', every: { cron: { minute: '30', hour: '17' } }, handler: at('./handlers/sweeps.ts', 'handler', { timeoutSeconds: 300 }) },
  ],
  publishes: scoringEvents,
  keys: { tokens: 'verify' },
});
