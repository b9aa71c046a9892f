import { defineService } from '../../../shared/runtime/define-service.ts';
import { handlersAt, patternFor, type ServiceManifest } from '../../../shared/runtime/manifest.ts';
import { COUNTED_EVENTS } from './subscribed-events.ts';
import { statisticsTable } from './table.ts';

const at = handlersAt(import.meta.url);
const committee = (exportName: string) => at('./handlers/committee.ts', exportName, { timeoutSeconds: 30, memoryMb: 1024 });
const publicFigures = (exportName: string) => at('./handlers/public.ts', exportName, { timeoutSeconds: 30 });

/**
 * The statistics service (统计分析): what the committee meets on and what the public may see,
 * derived only from the events on the bus — it reads no other service's table.
 */
export const statisticsService: ServiceManifest = defineService(import.meta.url, {
  name: 'statistics',
  description: "Committee statistics, deputies' public responsiveness, stations' figures and open data, from the bus's events.",
  table: statisticsTable,
  routes: [
    { method: 'GET', path: '/v1/stats/overview', handler: committee('overview') },
    { method: 'GET', path: '/v1/stats/units', handler: committee('units') },
    { method: 'GET', path: '/v1/stats/deputies', handler: committee('deputies') },
    { method: 'GET', path: '/v1/stats/follow-up', handler: committee('followUp') },
    { method: 'GET', path: '/v1/deputies/{code}/responsiveness', handler: publicFigures('deputyResponsiveness') },
    { method: 'GET', path: '/v1/public/stations/{code}/stats', handler: publicFigures('stationStats') },
    { method: 'GET', path: '/v1/public/stats.csv', handler: publicFigures('openData') },
  ],
  subscriptions: [{ name: 'facts', pattern: patternFor(...COUNTED_EVENTS), handler: at('./handlers/events.ts') }],
  publishes: [],
  keys: { tokens: 'verify' },
  internalFunctions: [
    // The public profile is identity's; its responsiveness is counted here.
    { name: 'deputy-responsiveness', handler: at('./handlers/public.ts', 'responsivenessForProfile'), callers: ['identity'] },
  ],
});
