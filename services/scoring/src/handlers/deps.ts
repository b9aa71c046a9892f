import { currentCity } from '../../../../shared/runtime/city.ts';
import { serviceDeps } from '../../../../shared/runtime/service-deps.ts';
import { DynamoDeputies } from '../adapters/dynamo-deputies.ts';
import { DynamoLedger } from '../adapters/dynamo-ledger.ts';

/** The scoring service's adapters, wired once per cold start. */
export const deps = serviceDeps('scoring');
export const city = currentCity();
export const ledger = new DynamoLedger(deps.client, deps.tableName, deps.store, city.name, deps.now);
export const deputies = new DynamoDeputies(deps.client, deps.tableName);
