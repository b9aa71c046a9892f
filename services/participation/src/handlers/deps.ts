import { randomBytes, randomInt } from 'node:crypto';
import { fieldCipherFromEnv } from '../../../../shared/crypto/field-cipher.ts';
import { internalInvoker } from '../../../../shared/runtime/invoke.ts';
import { currentCity } from '../../../../shared/runtime/city.ts';
import { serviceDeps } from '../../../../shared/runtime/service-deps.ts';
import { serviceHandlers } from '../../../../shared/runtime/service-handlers.ts';
import { DynamoSourceCounters } from '../../../../shared/abuse/dynamo-source-counters.ts';
import { sourceKeysFromEnv } from '../../../../shared/abuse/source-keys.ts';
import { DynamoErasureLog } from '../../../../shared/privacy/dynamo-erasure-log.ts';
import { DynamoAppointments } from '../adapters/dynamo-appointments.ts';
import { DynamoConsultations } from '../adapters/dynamo-consultations.ts';
import { DynamoDirectoryView } from '../adapters/dynamo-directory-view.ts';
import { DynamoLivelihoodBallots } from '../adapters/dynamo-livelihood.ts';
import { NotificationsTexts } from '../adapters/notifications-texts.ts';
import type { ConsultationPorts } from '../use-cases/consultations.ts';
import type { LivelihoodPorts } from '../use-cases/livelihood.ts';
import type { AppointmentErasurePorts } from '../use-cases/erase-appointments.ts';
import type { ReceptionPorts } from '../use-cases/reception.ts';

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

/** Participation's view of stations and deputies, from identity's events. */
export const directory = new DynamoDirectoryView(deps.client, deps.tableName);
export const receptionPorts: ReceptionPorts = {
  directory,
  appointments: new DynamoAppointments(deps.client, deps.tableName, deps.store),
  texts: new NotificationsTexts(internalInvoker('participation', { timeoutMs: 5_000 }), (error) =>
    deps.logger.warn('notifications not available for a citizen text', { errorName: error.name }),
  ),
  counters: consultationPorts.counters,
  sources: consultationPorts.sources,
  cipher: fieldCipherFromEnv('participation'),
  city,
  newId: () => `a-${randomBytes(8).toString('hex')}`,
  newCode: () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
  newToken: () => randomBytes(24).toString('base64url'),
};

/** Livelihood ballots (民生实事票决), voted by the deputies participation knows in office. */
export const livelihoodPorts: LivelihoodPorts = {
  ballots: new DynamoLivelihoodBallots(deps.client, deps.tableName, deps.store),
  directory,
  city,
  newId: () => `b-${randomBytes(8).toString('hex')}`,
};

/** Appointments' personal data erased by the retention sweep or on request, with their audit in this table. */
export const erasurePorts: AppointmentErasurePorts = {
  appointments: receptionPorts.appointments,
  erasures: new DynamoErasureLog(deps.client, deps.tableName, deps.store),
  city,
  newId: () => `er-${randomBytes(8).toString('hex')}`,
};
