import { currentCity } from '../../../../shared/runtime/city.ts';
import { serviceDeps } from '../../../../shared/runtime/service-deps.ts';
import { serviceHandlers } from '../../../../shared/runtime/service-handlers.ts';
import { DynamoFacts } from '../adapters/dynamo-facts.ts';
import type { StatisticsPorts } from '../use-cases/read-figures.ts';

/** The statistics service's adapters, wired once per cold start. */
export const deps = serviceDeps('statistics');
/** This service's handler stacks, with its logger, revocation view and idempotency table bound once. */
export const { http, queue, schedule, internal, worker } = serviceHandlers(deps);
export const city = currentCity();
export const facts = new DynamoFacts(deps.client, deps.tableName, city.timeZone);
export const ports: StatisticsPorts = { facts, timeZone: city.timeZone, now: deps.now };
