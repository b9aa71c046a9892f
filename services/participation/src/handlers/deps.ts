import { randomBytes } from 'node:crypto';
import { currentCity } from '../../../../shared/runtime/city.ts';
import { serviceDeps } from '../../../../shared/runtime/service-deps.ts';
import { serviceHandlers } from '../../../../shared/runtime/service-handlers.ts';
import { DynamoSourceCounters } from '../../../../shared/abuse/dynamo-source-counters.ts';
import { sourceKeysFromEnv } from '../../../../shared/abuse/source-keys.ts';
import { DynamoConsultations } from '../adapters/dynamo-consultations.ts';
import type { ConsultationPorts } from '../use-cases/consultations.ts';

/** The participation service's adapters, wired once per cold start. */
export const deps = serviceDeps('participation');
/** This service's handler stacks, with its logger, revocation view and idempotency table bound once. */
export const { http, queue, schedule, internal, worker } = serviceHandlers(deps);
export const city = currentCity();
export const consultationPorts: ConsultationPorts = {
  consultations: new DynamoConsultations(deps.client, deps.tableName, deps.store),
  // Intake's per-source limits, counted in this service's own table.
  counters: new DynamoSourceCounters(deps.client, deps.tableName),
  sources: sourceKeysFromEnv(),
  city,
  newId: () => `c-${randomBytes(8).toString('hex')}`,
};
