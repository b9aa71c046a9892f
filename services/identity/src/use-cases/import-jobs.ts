import { InvalidInputError, NotFoundError } from '../../../../shared/runtime/errors.ts';
import type { WorkQueueSender } from '../../../../shared/runtime/work-queue.ts';
import type { DynamoDirectory, UpsertEntry } from '../adapters/dynamo-directory.ts';
import { personalFields } from '../domain/personal-fields.ts';
import type { ImportKind, ImportRow } from '../domain/directory-csv.ts';
import { chunksOf, finalStatus, newImportJob, tally, toJobView, type ImportJob, type ImportJobView, type ImportRowError } from '../domain/import-job.ts';
import type { ImportJobStore } from '../ports.ts';
import { directoryEvent, type DirectoryEventContext } from './directory-events.ts';
import { IMPORTERS, type RowOutcome } from './import-directory.ts';

/** What import jobs need of the outside world. */
export interface ImportJobDeps {
  directory: DynamoDirectory;
  jobs: ImportJobStore;
  /** The work queue the chunks go on (`import-chunks`). */
  queue: WorkQueueSender;
  newId: () => string;
  now: () => Date;
  /** The city whose directory changes: its events are stamped with it. */
  city: string;
}

/** The work message of one chunk. */
export interface ChunkWork {
  jobId: string;
  chunk: number;
}

/** Rows of a chunk written one by one at once, when a chunk's last attempt finds out which rows fail. */
const ROWS_IN_PARALLEL = 16;

/**
 * 提交导入: checks the whole file against the directory (a file with any dangling reference is
 * refused whole, rows and fields named, and nothing is stored), then stores its rows in chunks,
 * encrypted (a deputies file holds phones), and queues one work message per chunk.
 */
export async function submitImport<K extends ImportKind>(deps: ImportJobDeps, kind: K, rows: readonly ImportRow<K>[]): Promise<ImportJobView> {
  const issues = await IMPORTERS[kind].check(deps.directory, rows);
  if (issues.length > 0) throw new InvalidInputError('Some rows refer to things that do not exist; nothing was imported.', issues.slice(0, 50));
  const job = newImportJob(deps.newId(), kind, rows.length, deps.now());
  const chunks = await Promise.all(
    chunksOf(rows).map(async (chunk) => ({
      first: chunk.first,
      rows: await deps.directory.encrypt(JSON.stringify(chunk.rows), personalFields.importRows(job.jobId, chunk.first)),
    })),
  );
  await deps.jobs.create(job, chunks);
  await deps.queue.send(chunks.map((_, chunk): ChunkWork => ({ jobId: job.jobId, chunk })));
  return toJobView(job);
}

/**
 * How each stored row of a kind's import is written. The rows were checked against the kind's
 * schema when the file was submitted, and their chunk is stored encrypted under the job, so they
 * are read back as that kind's rows.
 */
function entriesOf<K extends ImportKind>(deps: ImportJobDeps, kind: K, rows: readonly unknown[]): Promise<UpsertEntry>[] {
  const importer = IMPORTERS[kind];
  const event = directoryEvent({ city: deps.city, now: deps.now } satisfies DirectoryEventContext);
  return rows.map(async (row) => importer.entry(deps.directory, row as ImportRow<K>, event));
}

/**
 * Writes one chunk's rows together (read, created and published in batches) and counts them.
 * Every row is idempotent, so a chunk cut short by a crash runs again from its start and changes
 * nothing twice; the count is one conditional update, so it is counted once. A failure makes the
 * whole chunk come back later — except on its last attempt, when its rows are written one by one,
 * the failing rows recorded as the job's errors and the rest still counted.
 */
export async function runImportChunk(deps: ImportJobDeps, work: ChunkWork, options: { lastAttempt: boolean }): Promise<void> {
  const job = await deps.jobs.get(work.jobId);
  if (!job || job.doneChunks.includes(work.chunk)) return job && finishIfDone(deps, job);
  const stored = await deps.jobs.chunk(work.jobId, work.chunk);
  if (!stored) return;
  await deps.jobs.markRunning(work.jobId);
  const rows: unknown[] = JSON.parse(await deps.directory.decrypt(stored.rows, personalFields.importRows(work.jobId, stored.first)));
  const entries = entriesOf(deps, job.kind, rows);
  let outcomes: RowOutcome[];
  let errors: ImportRowError[] = [];
  try {
    outcomes = await deps.directory.upsertMany(await Promise.all(entries));
  } catch (error) {
    if (!options.lastAttempt) throw error;
    ({ outcomes, errors } = await rowByRow(deps, entries, stored.first));
  }
  const counted = await deps.jobs.countChunk(work.jobId, work.chunk, rows.length, tally(outcomes), errors);
  await deps.jobs.deleteChunk(work.jobId, work.chunk);
  await finishIfDone(deps, counted ?? (await deps.jobs.get(work.jobId)));
}

/** A chunk's last attempt: each row on its own, so the rows that cannot be written are named. */
async function rowByRow(deps: ImportJobDeps, entries: Promise<UpsertEntry>[], first: number): Promise<{ outcomes: RowOutcome[]; errors: ImportRowError[] }> {
  const outcomes: RowOutcome[] = [];
  const errors: ImportRowError[] = [];
  for (let i = 0; i < entries.length; i += ROWS_IN_PARALLEL) {
    const settled = await Promise.allSettled(entries.slice(i, i + ROWS_IN_PARALLEL).map(async (entry) => deps.directory.upsert(await entry)));
    for (const [j, result] of settled.entries()) {
      if (result.status === 'fulfilled') outcomes.push(result.value);
      // Only the error's name: its message could carry what the row held.
      else errors.push({ row: first + i + j, field: '', message: `could not be written (${(result.reason as Error).name})` });
    }
  }
  return { outcomes, errors };
}

async function finishIfDone(deps: ImportJobDeps, job: ImportJob | undefined): Promise<void> {
  const status = job && finalStatus(job);
  if (job && status && (job.status === 'queued' || job.status === 'running')) await deps.jobs.finish(job.jobId, status, deps.now());
}

/** GET /v1/directory/import-jobs/{jobId}: the job's status, progress and outcome. */
export async function importJobView(jobs: ImportJobStore, jobId: string): Promise<ImportJobView> {
  const job = await jobs.get(jobId);
  if (!job) throw new NotFoundError('No such import job.');
  return toJobView(job);
}
