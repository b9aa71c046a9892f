import type { DomainEvent } from '../../../shared/events/envelope.ts';
import type { Account, Deputy, HandlingUnit, Station, Township } from './domain/directory.ts';
import type { EntityType } from './table.ts';
import type { ImportJob, ImportOutcome, ImportRowError } from './domain/import-job.ts';

/** An account as stored: with its id and password hash (never leaves the identity service). */
export interface StoredAccount extends Account {
  accountId: string;
  passwordHash: string;
}

/** Where a deputy or staff member is reached, still encrypted; `active` is false once a deputy's term ended. */
export interface EncryptedContact {
  active: boolean;
  phoneEncrypted?: string;
  emailEncrypted?: string;
}

/** Reads of the directory (the identity service's own table). */
export interface DirectoryReader {
  getAccount(username: string): Promise<StoredAccount | undefined>;
  /** A deputy's (by code) or a staff account's (by username) phone and e-mail, encrypted as stored. */
  encryptedContact(username: string): Promise<EncryptedContact | undefined>;
  listTownships(): Promise<Township[]>;
  getStation(code: string): Promise<Station | undefined>;
  listStations(): Promise<Station[]>;
  /** Public deputy facts; the phone stays encrypted and is not returned. */
  getDeputy(code: string): Promise<Omit<Deputy, 'phone'> | undefined>;
  listDeputies(): Promise<Omit<Deputy, 'phone'>[]>;
  listUnits(): Promise<HandlingUnit[]>;
}

/** Writes of the directory; each entity is created once, with its events, through the outbox. */
export interface DirectoryWriter {
  /** Creates an entity with its events unless it exists; whether it was created. */
  createOnce(type: EntityType, code: string, attributes: Record<string, unknown>, events: readonly DomainEvent[]): Promise<boolean>;
  /** Encrypts a personal field (a deputy's phone) for storing. */
  encrypt(plaintext: string): Promise<string>;
}

/** Hashes and checks passwords with a memory-hard function. */
export interface PasswordHasher {
  hash(password: string, options?: { cost?: 'standard' | 'demo' }): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** Whether a stored hash is below today's cost, so a sign-in should replace it. */
  needsRehash?(stored: string): boolean;
}

/** Counts failed sign-ins per key and time window. */
export interface FailureCounter {
  count(key: string, windowStart: number): Promise<number>;
  increment(key: string, windowStart: number, expiresAt: number): Promise<void>;
}

/** One chunk of an import job's rows as stored: the index of its first row and the rows, encrypted. */
export interface StoredChunk {
  first: number;
  rows: string;
}

/** Import jobs and their chunks (identity's own table). */
export interface ImportJobStore {
  /** Stores the chunks, then the job. */
  create(job: ImportJob, chunks: readonly StoredChunk[]): Promise<void>;
  get(jobId: string): Promise<ImportJob | undefined>;
  chunk(jobId: string, index: number): Promise<StoredChunk | undefined>;
  /** A queued job is running (no change otherwise). */
  markRunning(jobId: string): Promise<void>;
  /** Counts a chunk once; returns the job as it now is, or undefined if the chunk was counted before. */
  countChunk(jobId: string, index: number, rows: number, outcome: ImportOutcome, errors: readonly ImportRowError[]): Promise<ImportJob | undefined>;
  /** Ends a queued or running job (no change to one already ended). */
  finish(jobId: string, status: 'succeeded' | 'failed', at: Date, errors?: readonly ImportRowError[]): Promise<void>;
  deleteChunk(jobId: string, index: number): Promise<void>;
}
