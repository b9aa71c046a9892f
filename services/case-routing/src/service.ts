import { caseRoutingEvents } from '../../../shared/events/case-routing/index.ts';
import { defineService } from '../../../shared/runtime/define-service.ts';
import { handlersAt, patternFor, type ServiceManifest } from '../../../shared/runtime/manifest.ts';
import { DEPUTY_EVENTS, MESSAGE_EVENTS, UNIT_EVENTS } from './subscribed-events.ts';
import { caseRoutingTable } from './table.ts';

const at = handlersAt(import.meta.url);
const cases = (exportName: string) => at('./handlers/cases.ts', exportName);
const suggestions = (exportName: string) => at('./handlers/suggestions.ts', exportName);

/**
 * The case-routing service: escalated matters from review to result — forward, commit, handle,
 * supervise — with a ledger nobody can edit (审核、转办、承诺、办理、督办，闭环); and deputies' suggestions
 * and motions on the same cases (代表建议、议案).
 */
export const caseRoutingService: ServiceManifest = defineService(import.meta.url, {
  name: 'case-routing',
  description: "Review, forwarding to units, commitment, handling and supervision of escalated matters and deputies' suggestions.",
  table: caseRoutingTable,
  routes: [
    { method: 'GET', path: '/v1/reviews', handler: cases('reviews') },
    { method: 'GET', path: '/v1/cases/{caseId}', handler: cases('getCase') },
    { method: 'POST', path: '/v1/cases/{caseId}/forward', handler: cases('forwardCase') },
    { method: 'POST', path: '/v1/cases/{caseId}/return', handler: cases('returnCase') },
    { method: 'POST', path: '/v1/cases/{caseId}/decline', handler: cases('declineCase') },
    { method: 'POST', path: '/v1/cases/{caseId}/merge', handler: cases('mergeCase') },
    { method: 'GET', path: '/v1/tasks', handler: cases('tasks') },
    { method: 'POST', path: '/v1/cases/{caseId}/accept', handler: cases('acceptCase') },
    { method: 'POST', path: '/v1/cases/{caseId}/progress', handler: cases('progressCase') },
    { method: 'POST', path: '/v1/cases/{caseId}/resolve', handler: cases('resolveCase') },
    { method: 'POST', path: '/v1/cases/{caseId}/reassign', handler: cases('reassignCase') },
    { method: 'GET', path: '/v1/supervision', handler: cases('supervision') },
    { method: 'POST', path: '/v1/suggestions', handler: suggestions('submitSuggestion') },
    { method: 'GET', path: '/v1/suggestions', handler: suggestions('listSuggestions') },
    { method: 'POST', path: '/v1/suggestions/{suggestionId}/register', handler: suggestions('registerSuggestion') },
    { method: 'POST', path: '/v1/suggestions/{suggestionId}/refer', handler: suggestions('referSuggestion') },
    { method: 'POST', path: '/v1/suggestions/{suggestionId}/assist', handler: suggestions('assistSuggestion') },
    { method: 'POST', path: '/v1/suggestions/{suggestionId}/meetings', handler: suggestions('meetingSuggestion') },
    { method: 'POST', path: '/v1/suggestions/{suggestionId}/answer', handler: suggestions('answerSuggestion') },
    { method: 'POST', path: '/v1/suggestions/{suggestionId}/evaluation', handler: suggestions('evaluateSuggestion') },
  ],
  subscriptions: [
    { name: 'messages', pattern: patternFor(...MESSAGE_EVENTS), handler: at('./handlers/message-events.ts') },
    { name: 'units', pattern: patternFor(...UNIT_EVENTS), handler: at('./handlers/unit-events.ts') },
    { name: 'deputies', pattern: patternFor(...DEPUTY_EVENTS), handler: at('./handlers/deputy-events.ts') },
  ],
  schedules: [{ name: 'overdue-sweep', every: { minutes: 15 }, handler: at('./handlers/sweeps.ts', 'handler', { timeoutSeconds: 60 }) }],
  publishes: caseRoutingEvents,
  keys: { tokens: 'verify' },
});
