import { z } from 'zod';
import { runImportChunk } from '../use-cases/import-jobs.ts';
import { IMPORT_CHUNK_ATTEMPTS, IMPORT_QUEUE } from '../domain/import-job.ts';
import { worker } from './deps.ts';
import { importDeps } from './import.ts';

/** Writes import chunks from the `import-chunks` work queue, one message per chunk. */
export const handler = worker({ queue: IMPORT_QUEUE, body: z.object({ jobId: z.uuid(), chunk: z.number().int().min(0) }) }, ({ body, receiveCount }) =>
  runImportChunk(importDeps, body, { lastAttempt: receiveCount >= IMPORT_CHUNK_ATTEMPTS }),
);
