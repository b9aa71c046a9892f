import { z } from 'zod';
import { httpHandler } from '../../../../shared/runtime/http.ts';
import { deputyRow, MAX_IMPORT_ROWS, stationRow, unitRow } from '../domain/directory-csv.ts';
import { importDeputies, importStations, importUnits } from '../use-cases/import-directory.ts';
import { deps, directory } from './deps.ts';

const csvFile = <T extends z.ZodType>(row: T) => z.array(row).min(1, 'the file has no rows').max(MAX_IMPORT_ROWS);
const importOptions = { logger: deps.logger, roles: ['admin'] as const, bodyType: 'csv' as const, maxBodyBytes: 2 * 1024 * 1024 };

/** POST /v1/directory/stations/import (admin, text/csv). */
export const stations = httpHandler({ ...importOptions, body: csvFile(stationRow) }, async ({ body }) => ({
  status: 200,
  body: await importStations(directory, body),
}));

/** POST /v1/directory/units/import (admin, text/csv). */
export const units = httpHandler({ ...importOptions, body: csvFile(unitRow) }, async ({ body }) => ({
  status: 200,
  body: await importUnits(directory, body),
}));

/** POST /v1/directory/deputies/import (admin, text/csv). */
export const deputies = httpHandler({ ...importOptions, body: csvFile(deputyRow) }, async ({ body }) => ({
  status: 200,
  body: await importDeputies(directory, body),
}));
