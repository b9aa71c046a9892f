import { randomUUID } from 'node:crypto';
import { workQueueSender } from '../../../../shared/runtime/work-queue.ts';
import { DynamoImportJobs } from '../adapters/dynamo-import-jobs.ts';
import type { ImportKind } from '../domain/directory-csv.ts';
import { IMPORT_QUEUE } from '../domain/import-job.ts';
import { importJobView, submitImport, type ImportJobDeps } from '../use-cases/import-jobs.ts';
import { deps, directory, http } from './deps.ts';
import { importFiles, importJobParams } from './schemas.ts';

/** The import jobs' adapters, shared by the routes and the worker. */
export const importDeps: ImportJobDeps = {
  directory,
  jobs: new DynamoImportJobs(deps.client, deps.tableName),
  queue: workQueueSender('identity', IMPORT_QUEUE),
  newId: () => randomUUID(),
  now: deps.now,
  city: deps.city,
};

const importOptions = { roles: ['admin'] as const, bodyType: 'csv' as const, maxBodyBytes: 2 * 1024 * 1024 };

/** POST /v1/directory/<kind>/import (admin, text/csv): 202 with the job once the whole file is valid. */
const importRoute = <K extends ImportKind>(kind: K) =>
  http({ ...importOptions, body: importFiles[kind] }, async ({ body }) => {
    const job = await submitImport(importDeps, kind, body);
    return { status: 202, body: job, headers: { location: `/v1/directory/import-jobs/${job.jobId}` } };
  });

export const townships = importRoute('townships');
export const rooms = importRoute('rooms');
export const groups = importRoute('groups');
export const stations = importRoute('stations');
export const units = importRoute('units');
export const deputies = importRoute('deputies');

/** GET /v1/directory/import-jobs/{jobId} (admin): status, rows done of total, outcome, row errors. */
export const job = http({ roles: ['admin'] as const, params: importJobParams }, async ({ params }) => ({
  status: 200,
  body: await importJobView(importDeps.jobs, params.jobId),
}));
