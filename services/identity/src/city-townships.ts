import type { CityConfig } from '../../../shared/city/config.ts';
import { fieldCipherFromEnv } from '../../../shared/crypto/field-cipher.ts';
import { serviceDeps } from '../../../shared/runtime/service-deps.ts';
import { DynamoDirectory } from './adapters/dynamo-directory.ts';
import { seedDirectory } from './use-cases/seed-directory.ts';

/**
 * Writes the townships of the city's config into the directory, each with its TownshipRegistered,
 * unless it is there already: a city's first start finds its townships, so its stations, rooms,
 * groups and deputies can be imported at once. Returns how many were written now.
 */
export async function seedCityTownships(city: CityConfig): Promise<number> {
  const deps = serviceDeps('identity');
  const directory = new DynamoDirectory({ client: deps.client, tableName: deps.tableName, store: deps.store, cipher: fieldCipherFromEnv('identity') });
  const onlyTownships = { townships: city.townships, stations: [], rooms: [], groups: [], deputies: [], units: [], accounts: [] };
  return seedDirectory(directory, onlyTownships, async () => '', { city: city.name, now: deps.now });
}
