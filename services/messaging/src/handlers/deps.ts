import { fieldCipherFromEnv } from '../../../../shared/crypto/field-cipher.ts';
import { currentCity } from '../../../../shared/runtime/city.ts';
import { internalInvoker } from '../../../../shared/runtime/invoke.ts';
import { serviceDeps } from '../../../../shared/runtime/service-deps.ts';
import { serviceHandlers } from '../../../../shared/runtime/service-handlers.ts';
import { DynamoDirectoryModel } from '../adapters/dynamo-directory-model.ts';
import { DynamoSourceCounters } from '../../../../shared/abuse/dynamo-source-counters.ts';
import { sourceKeysFromEnv } from '../../../../shared/abuse/source-keys.ts';
import { DynamoErasureLog } from '../../../../shared/privacy/dynamo-erasure-log.ts';
import { DynamoMessages } from '../adapters/dynamo-messages.ts';
import { IdentityCitizenWeChat } from '../adapters/identity-citizen-wechat.ts';
import { IdentityDeputyRegistry } from '../adapters/identity-deputy-registry.ts';
import { ParticipationErasures } from '../adapters/participation-erasures.ts';
import { randomIds } from '../adapters/random-ids.ts';
import { DynamoSimilarityIndex } from '../adapters/dynamo-similarity-index.ts';
import { DynamoTriageModels } from '../adapters/dynamo-triage-models.ts';

/** The messaging service's adapters, wired once per cold start. */
export const deps = serviceDeps('messaging');
/** This service's handler stacks, with its logger, revocation view and idempotency table bound once. */
export const { http, queue, schedule, internal, worker } = serviceHandlers(deps);
export const city = currentCity();
export const messages = new DynamoMessages(deps.client, deps.tableName, deps.store);
/** The audit of erasures of citizens' personal data. */
export const erasures = new DynamoErasureLog(deps.client, deps.tableName, deps.store);
/** Participation's part of an erasure: its appointments' names and phones, and its audit. */
export const appointmentErasures = new ParticipationErasures(internalInvoker('messaging', { timeoutMs: 5_000 }));
export const directory = new DynamoDirectoryModel(deps.client, deps.tableName);
export const counters = new DynamoSourceCounters(deps.client, deps.tableName);
/** The city's keyed hash of client addresses, for the per-source counters. */
export const sources = sourceKeysFromEnv();
/** Identity's directory, for a deputy messaging's view does not know yet. */
export const registry = new IdentityDeputyRegistry(internalInvoker('messaging', { timeoutMs: 2_000 }), (error) =>
  deps.logger.warn('identity not available for a deputy check', { errorName: error.name }),
);
export const cipher = fieldCipherFromEnv('messaging');
/** Identity's WeChat web authorization, for a citizen who chooses WeChat notices on the tracking page. */
export const citizenWeChat = new IdentityCitizenWeChat(internalInvoker('messaging', { timeoutMs: 5_000 }));
export const ids = randomIds;
/** Similar matters and triage: the indexes, the model, the city's keyword rules. */
export const matching = {
  index: new DynamoSimilarityIndex(deps.client, deps.tableName),
  models: new DynamoTriageModels(deps.client, deps.tableName, deps.store, deps.now),
  rules: city.triage,
};
