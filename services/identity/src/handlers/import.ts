import { httpHandler } from '../../../../shared/runtime/http.ts';
import { importDeputies, importStations, importUnits } from '../use-cases/import-directory.ts';
import { deps, directory } from './deps.ts';
import { deputiesFile, stationsFile, unitsFile } from './schemas.ts';

/** Imports announce their changes as this city's, at the time of the request. */
const events = { city: deps.city, now: deps.now };
const importOptions = { logger: deps.logger, roles: ['admin'] as const, bodyType: 'csv' as const, maxBodyBytes: 2 * 1024 * 1024 };

/** POST /v1/directory/stations/import (admin, text/csv). */
export const stations = httpHandler({ ...importOptions, body: stationsFile }, async ({ body }) => ({
  status: 200,
  body: await importStations(directory, body, events),
}));

/** POST /v1/directory/units/import (admin, text/csv). */
export const units = httpHandler({ ...importOptions, body: unitsFile }, async ({ body }) => ({
  status: 200,
  body: await importUnits(directory, body, events),
}));

/** POST /v1/directory/deputies/import (admin, text/csv). */
export const deputies = httpHandler({ ...importOptions, body: deputiesFile }, async ({ body }) => ({
  status: 200,
  body: await importDeputies(directory, body, events),
}));
