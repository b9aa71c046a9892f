import type { FieldContext } from '../../../shared/crypto/field-cipher.ts';
import type { DomainEvent } from '../../../shared/events/envelope.ts';
import type { StoredItem } from '../../../shared/store/item-store.ts';
import type { AccountStatus } from './domain/account.ts';
import type { Account, Deputy, HandlingUnit, Station, Township } from './domain/directory.ts';
import type { EntityType } from './table.ts';
import type { ImportJob, ImportOutcome, ImportRowError } from './domain/import-job.ts';

/** An account as stored: with its id and password hash (never leaves the identity service). */
export interface StoredAccount extends Account {
  accountId: string;
  /** Absent while the account is pending (a deputy who has not activated it yet). */
  passwordHash?: string;
  /** Absent on accounts stored before statuses existed: those are active. */
  status?: AccountStatus;
  /** The password is a one-time password: its holder may only set a new one. */
  mustChangePassword?: boolean;
  createdAt?: string;
  lastSignInAt?: string;
  /** SHA-256 of the latest activation code handed out (pending accounts). */
  activationCodeHash?: string;
  activationCodeIssuedAt?: string;
  /** The account's openid on the city's official account (绑定微信), encrypted; absent when not bound. */
  wechatOpenIdEncrypted?: string;
  wechatBoundAt?: string;
}

/** Where a deputy or staff member is reached, still encrypted; `active` is false once a deputy's term ended. */
export interface EncryptedContact {
  active: boolean;
  /** Whose record holds the values: a deputy's (by code) or a staff account's (by username). */
  holder: 'deputy' | 'account';
  phoneEncrypted?: string;
  emailEncrypted?: string;
  /** Always on the account's record (a deputy's too): the openid bound from the console. */
  wechatOpenIdEncrypted?: string;
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
  /** Encrypts a personal field (a deputy's phone) for storing, bound to where it is stored. */
  encrypt(plaintext: string, context: FieldContext): Promise<string>;
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
  /**
   * Counts one failure in advance, atomically, only while fewer than `limit` are counted: the
   * reservation a password check needs, so concurrent guesses cannot all pass the count.
   * Returns whether it was counted.
   */
  reserve(key: string, windowStart: number, limit: number, expiresAt: number): Promise<boolean>;
  /** Takes back a reservation: the password was right. */
  release(key: string, windowStart: number): Promise<void>;
}

/** One change to an account, for the audit trail: who did what to it, and when. */
export interface AuditEntry {
  username: string;
  at: string;
  by: string;
  change: string;
  eventId: string;
}

/** Accounts with their versions (changes are conditional writes with their events), and their audit trail. */
export interface AccountStore {
  get(username: string): Promise<StoredItem<StoredAccount> | undefined>;
  list(): Promise<StoredAccount[]>;
  /** Creates an account; `ALREADY_EXISTS` if the username is taken. */
  create(account: StoredAccount, events: DomainEvent[]): Promise<void>;
  /** Writes the next state of an account read at `stored.version`; `VERSION_CONFLICT` if it changed since. */
  save(stored: StoredItem<StoredAccount>, next: StoredAccount, events: DomainEvent[]): Promise<void>;
  recordSignIn(username: string, at: Date): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
  auditOf(username: string): Promise<AuditEntry[]>;
}

/** A stored refresh token (its value is never stored, only its hash). */
export interface RefreshTokenRecord {
  hash: string;
  username: string;
  familyId: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/** Refresh tokens: rotated on use; reuse of a rotated one revokes its family. */
export interface RefreshTokenStore {
  put(record: RefreshTokenRecord): Promise<void>;
  /** Marks the token used, once: false if it was used already (a replay) or does not exist. */
  use(hash: string, at: Date): Promise<RefreshTokenRecord | 'reused' | undefined>;
  revokeFamily(familyId: string): Promise<void>;
  familyRevoked(familyId: string): Promise<boolean>;
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

/** The city has no WeChat official account, or its secret is missing or malformed. */
export class WechatNotConfiguredError extends Error {
  constructor() {
    super('WeChat is not configured for this city');
    this.name = 'WechatNotConfiguredError';
  }
}

/** WeChat did not exchange the code for an openid (`errcode`, e.g. 40029 an invalid code; -1 no answer). */
export class WechatCodeRefusedError extends Error {
  constructor(readonly errcode: number) {
    super(`WeChat refused the authorization code (errcode ${errcode})`);
    this.name = 'WechatCodeRefusedError';
  }
}

/** The official account's web authorization (网页授权, snsapi_base); both throw {@link WechatNotConfiguredError}. */
export interface WechatWebAuth {
  /** The page to send the browser to; WeChat returns to `redirectUri` with `code` and `state`. */
  authorizeUrl(redirectUri: string, state: string): Promise<string>;
  /** The user's openid for a code WeChat handed back; {@link WechatCodeRefusedError} otherwise. */
  openIdOf(code: string): Promise<string>;
}

/** What a binding's `state` stands for: an account binding its WeChat, or a citizen's tracked message. */
export type WechatBindingTarget = { kind: 'account'; username: string } | { kind: 'tracking'; trackingCode: string };

/** A citizen's openid, encrypted, waiting under a one-time ticket for messaging to redeem it for the tracking page's message. */
export interface WechatTicket {
  kind: 'ticket';
  trackingCode: string;
  openIdEncrypted: string;
}

/** Pending bindings by the SHA-256 of their `state` (never the value), removed by the table's TTL. */
export interface WechatStateStore {
  put(hash: string, target: WechatBindingTarget | WechatTicket, expiresAt: number): Promise<void>;
  /** Removes and returns the binding (or ticket), once: undefined if it was taken before or never existed. */
  take(hash: string): Promise<{ target: WechatBindingTarget | WechatTicket; expiresAt: number } | undefined>;
}
