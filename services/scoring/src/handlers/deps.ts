import { currentCity } from '../../../../shared/runtime/city.ts';
import { serviceDeps } from '../../../../shared/runtime/service-deps.ts';
import { serviceHandlers } from '../../../../shared/runtime/service-handlers.ts';
import { DynamoDeputies } from '../adapters/dynamo-deputies.ts';
import { DynamoLedger } from '../adapters/dynamo-ledger.ts';
import type { ScoringPorts } from '../use-cases/duty-year.ts';

/** The scoring service's adapters, wired once per cold start. */
export const deps = serviceDeps('scoring');
/** This service's handler stacks, with its logger, revocation view and idempotency table bound once. */
export const { http, queue, schedule, internal, worker } = serviceHandlers(deps);
export const city = currentCity();
export const ledger = new DynamoLedger(deps.client, deps.tableName, deps.store, deps.now);
export const deputies = new DynamoDeputies(deps.client, deps.tableName);
/** What scoring's use cases work with: the ledger, the deputies, the city's rules and its event stamp. */
export const ports: ScoringPorts = { ledger, deputies, rules: city.scoring, events: { city: city.name, clock: deps.now } };
