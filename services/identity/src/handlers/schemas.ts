import { z } from 'zod';
import { deputyRow, IMPORT_ROWS, type ImportKind, MAX_IMPORT_ROWS, stationRow, unitRow } from '../domain/directory-csv.ts';

/**
 * The inputs of identity's routes, validated by the handlers and documented by `../api.ts`. No
 * side effects here: the API reference imports this module without wiring any adapter.
 */

export const credentials = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }).strict();

/** `{code}` of a station or deputy. */
export const codeParams = z.object({
  code: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/),
});

const csvFile = <T extends z.ZodType>(row: T) => z.array(row).min(1, 'the file has no rows').max(MAX_IMPORT_ROWS);
export const stationsFile = csvFile(stationRow);
export const unitsFile = csvFile(unitRow);
export const deputiesFile = csvFile(deputyRow);

/** Each kind's CSV file, for `POST /v1/directory/<kind>/import`. */
export const importFiles = {
  townships: csvFile(IMPORT_ROWS.townships),
  rooms: csvFile(IMPORT_ROWS.rooms),
  groups: csvFile(IMPORT_ROWS.groups),
  stations: stationsFile,
  units: unitsFile,
  deputies: deputiesFile,
} satisfies Record<ImportKind, z.ZodType>;

/** `{jobId}` of an import job. */
export const importJobParams = z.object({ jobId: z.uuid() });
