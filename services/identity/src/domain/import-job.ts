import type { ImportKind } from './directory-csv.ts';

/**
 * An import job (导入任务): a validated directory file whose rows are written outside the HTTP
 * request, chunk by chunk. Pure rules; the job store keeps it in identity's table.
 */

/** Identity's work queue of import chunks (the manifest's `workQueues`). */
export const IMPORT_QUEUE = 'import-chunks';

/** Receives of one chunk before it goes to the DLQ; on the last, failing rows become job errors. */
export const IMPORT_CHUNK_ATTEMPTS = 3;

export type ImportJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** A row that could not be written (rows count data rows from 0, as in a refused file's details). */
export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}

/** What the rows did, summed over the chunks done. */
export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
}

/** A job as stored. */
export interface ImportJob {
  jobId: string;
  kind: ImportKind;
  status: ImportJobStatus;
  total: number;
  done: number;
  chunks: number;
  /** Indexes of the chunks counted in `done`: a chunk is counted once, however often it runs. */
  doneChunks: number[];
  outcome: ImportOutcome;
  errors: ImportRowError[];
  submittedAt: string;
  finishedAt?: string;
}

/** A job as `GET /v1/directory/import-jobs/{jobId}` shows it. */
export type ImportJobView = Omit<ImportJob, 'chunks' | 'doneChunks'>;

/**
 * Rows per chunk: a chunk is one work message and one item (200 deputies, encrypted, stay well
 * under DynamoDB's 400 KB) and one worker call of a few seconds.
 */
export const CHUNK_ROWS = 200;

/** The file cut into chunks of {@link CHUNK_ROWS}, each with the index of its first row. */
export function chunksOf<T>(rows: readonly T[], size = CHUNK_ROWS): { first: number; rows: T[] }[] {
  const chunks: { first: number; rows: T[] }[] = [];
  for (let first = 0; first < rows.length; first += size) chunks.push({ first, rows: rows.slice(first, first + size) });
  return chunks;
}

/** A new job for a validated file. */
export function newImportJob(jobId: string, kind: ImportKind, total: number, now: Date): ImportJob {
  return {
    jobId,
    kind,
    status: 'queued',
    total,
    done: 0,
    chunks: Math.ceil(total / CHUNK_ROWS),
    doneChunks: [],
    outcome: { created: 0, updated: 0, unchanged: 0 },
    errors: [],
    submittedAt: now.toISOString(),
  };
}

/** The status a job ends with once every chunk is counted, or undefined while chunks remain. */
export function finalStatus(job: Pick<ImportJob, 'doneChunks' | 'chunks' | 'errors'>): 'succeeded' | 'failed' | undefined {
  if (new Set(job.doneChunks).size < job.chunks) return undefined;
  return job.errors.length > 0 ? 'failed' : 'succeeded';
}

/** Sums row outcomes. */
export function tally(outcomes: readonly (keyof ImportOutcome)[]): ImportOutcome {
  const outcome: ImportOutcome = { created: 0, updated: 0, unchanged: 0 };
  for (const o of outcomes) outcome[o]++;
  return outcome;
}

/** The public view of a job. */
export function toJobView({ chunks: _chunks, doneChunks: _done, ...view }: ImportJob): ImportJobView {
  return view;
}
