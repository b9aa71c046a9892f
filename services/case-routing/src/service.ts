import { caseRoutingEvents } from '../../../shared/events/case-routing/index.ts';
import { handlerRef, patternFor, type ServiceManifest } from '../../../shared/runtime/manifest.ts';
import { singleTable } from '../../../shared/store/table.ts';
import { CASE_DEADLINE_INDEX, OPEN_INDEX, UNIT_INDEX } from './adapters/dynamo-cases.ts';
import { MESSAGE_EVENTS, UNIT_EVENTS } from './subscribed-events.ts';

const at = (file: string, exportName = 'handler', options: { timeoutSeconds?: number } = {}) =>
  handlerRef(import.meta.url, file, { exportName, ...options });
const cases = (exportName: string) => at('./handlers/cases.ts', exportName);

/**
 * The case-routing service: escalated matters from review to result — forward, commit, handle,
 * supervise — with a ledger nobody can edit (审核、转办、承诺、办理、督办，闭环).
 */
export const caseRoutingService: ServiceManifest = {
  name: 'case-routing',
  description: 'Review, forwarding to units, commitment, handling and supervision of escalated matters.',
  table: singleTable(OPEN_INDEX, UNIT_INDEX, CASE_DEADLINE_INDEX),
  routes: [
    { method: 'GET', path: '/v1/reviews', handler: cases('reviews') },
    { method: 'GET', path: '/v1/cases/{caseId}', handler: cases('getCase') },
    { method: 'POST', path: '/v1/cases/{caseId}/forward', handler: cases('forwardCase') },
    { method: 'POST', path: '/v1/cases/{caseId}/return', handler: cases('returnCase') },
    { method: 'POST', path: '/v1/cases/{caseId}/decline', handler: cases('declineCase') },
    { method: 'GET', path: '/v1/tasks', handler: cases('tasks') },
    { method: 'POST', path: '/v1/cases/{caseId}/accept', handler: cases('acceptCase') },
    { method: 'POST', path: '/v1/cases/{caseId}/progress', handler: cases('progressCase') },
    { method: 'POST', path: '/v1/cases/{caseId}/resolve', handler: cases('resolveCase') },
    { method: 'POST', path: '/v1/cases/{caseId}/reassign', handler: cases('reassignCase') },
    { method: 'GET', path: '/v1/supervision', handler: cases('supervision') },
  ],
  subscriptions: [
    { name: 'messages', pattern: patternFor(...MESSAGE_EVENTS), handler: at('./handlers/message-events.ts'), batchSize: 10, maxReceiveCount: 5 },
    { name: 'units', pattern: patternFor(...UNIT_EVENTS), handler: at('./handlers/unit-events.ts'), batchSize: 10, maxReceiveCount: 5 },
  ],
  schedules: [
    { name: 'overdue-sweep', every: { minutes: 15 }, handler: at('./handlers/sweeps.ts', 'handler', { timeoutSeconds: 60 }) },
    { name: 'outbox-relay', every: { minutes: 1 }, handler: at('./handlers/outbox-relay.ts') },
  ],
  publishes: caseRoutingEvents,
  keys: { tokens: 'verify' },
};
