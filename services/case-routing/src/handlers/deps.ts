import { currentCity } from '../../../../shared/runtime/city.ts';
import { serviceDeps } from '../../../../shared/runtime/service-deps.ts';
import { serviceHandlers } from '../../../../shared/runtime/service-handlers.ts';
import { DynamoCases } from '../adapters/dynamo-cases.ts';
import { DynamoDeputies } from '../adapters/dynamo-deputies.ts';
import { DynamoUnits } from '../adapters/dynamo-units.ts';
import type { CaseRules } from '../domain/case.ts';
import type { SuggestionRules } from '../domain/suggestion.ts';

/** The case-routing service's adapters, wired once per cold start. */
export const deps = serviceDeps('case-routing');
/** This service's handler stacks, with its logger, revocation view and idempotency table bound once. */
export const { http, queue, schedule, internal, worker } = serviceHandlers(deps);
export const city = currentCity();
export const cases = new DynamoCases(deps.client, deps.tableName, deps.store, city.timeZone);
export const units = new DynamoUnits(deps.client, deps.tableName);
export const deputies = new DynamoDeputies(deps.client, deps.tableName);
export const rules: CaseRules = {
  timeZone: city.timeZone,
  reviewDays: city.sla.reviewDays,
  acceptDays: city.sla.acceptDays,
  resolutionDays: (category) => city.categories.find((c) => c.code === category)?.resolutionDays ?? 30,
};
/** The city's rules for suggestions and motions (代表建议、议案). */
export const suggestionRules: SuggestionRules = { ...rules, ...city.suggestions };
export const ports = { cases, city: city.name };
