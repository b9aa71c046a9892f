import type { ErasureRecord } from '../../../shared/privacy/erasure.ts';
import type { DeputyLoad } from './domain/intake.ts';
import type { DeadlineKind, Message, MessageStatus } from './domain/message.ts';
import type { DomainEvent } from '../../../shared/events/envelope.ts';
import type { IndexEntry } from './domain/text/similar-matters.ts';
import type { RoutedMatter, TriageModel } from './domain/text/triage.ts';

/** What is kept beside a message and never shown: the token's hash, encrypted contact details. */
export interface MessageSecrets {
  trackingTokenHash: string;
  trackingTokenEncrypted: string;
  nameEncrypted?: string;
  phoneEncrypted?: string;
  /** The openid of the citizen's WeChat, when they chose to be told there (微信通知). */
  wechatOpenIdEncrypted?: string;
  /** Hash of the create request, to tell an idempotent retry from a reused key. */
  requestHash?: string;
  sourceKey: string;
}

export interface StoredMessage {
  message: Message;
  secrets: MessageSecrets;
  version: number;
}

/** The messages table. */
export interface MessageRepository {
  create(message: Message, secrets: MessageSecrets, events: DomainEvent[]): Promise<void>;
  get(messageId: string): Promise<StoredMessage | undefined>;
  /** Writes the next state of a message read at `version`, with its events. */
  save(stored: StoredMessage, next: Message, events: DomainEvent[]): Promise<void>;
  findByTrackingCode(trackingCode: string): Promise<StoredMessage[]>;
  inbox(deputyCode: string, query: { status?: MessageStatus; limit: number; cursor?: string }): Promise<{ items: Message[]; nextCursor: string | null }>;
  /** Writes the next state of a message read at `version` with new secrets (a contact added or erased), and its events. */
  saveWithSecrets(stored: StoredMessage, next: Message, secrets: MessageSecrets, events?: DomainEvent[]): Promise<void>;
  /** Ids of messages whose `kind` deadline is at or before `now`. */
  due(kind: DeadlineKind, now: Date, limit: number): Promise<string[]>;
  /**
   * The held messages (the reviewers' queue), oldest first; `townshipCode` narrows to one township,
   * `overdue` to those past their deadline.
   */
  held(query: { townshipCode?: string; overdue?: boolean; limit: number; cursor?: string }): Promise<{ items: Message[]; nextCursor: string | null }>;
  /** Messages whose reply is overdue and still owed (on the supervision lists), longest overdue first; `townshipCode` narrows to one township. */
  overdueReplies(query: { townshipCode?: string; limit: number; cursor?: string }): Promise<{ items: Message[]; nextCursor: string | null }>;
}

export type { ErasureLog } from '../../../shared/privacy/erasure.ts';

/**
 * Participation's part of 删除个人信息: its reception-day appointments hold citizens' names and
 * phones too, erased and audited by participation itself when messaging's admin routes ask.
 */
export interface AppointmentErasures {
  /** Erases one appointment's name and phone: the audit entry, or undefined for an unknown appointment. */
  erase(appointmentId: string, by: string): Promise<ErasureRecord | undefined>;
  /** Participation's latest audit entries, newest first. */
  latest(limit: number): Promise<ErasureRecord[]>;
}

/** The directory as messaging knows it, kept from identity's events. */
export interface DirectoryModel {
  deputy(code: string): Promise<DeputyLoad | undefined>;
  stationDeputies(stationCode: string): Promise<DeputyLoad[]>;
  /** A station and its township, if the directory has it. */
  station(stationCode: string): Promise<{ code: string; townshipCode?: string } | undefined>;
  /** Adds `delta` to a deputy's count of open messages. */
  adjustLoad(deputyCode: string, delta: number): Promise<void>;
}

/**
 * Identity's directory, the source messaging's view is kept from, asked only when the view does not
 * know a deputy: one imported seconds ago is there before its events reach messaging.
 */
export interface DeputyRegistry {
  inOffice(deputyCode: string): Promise<boolean>;
}

/**
 * Identity's WeChat web authorization, for a citizen's tracking page (微信通知): the authorization
 * page for a tracking code (undefined when the city has not opened binding), and the openid WeChat
 * returned under a one-time ticket (undefined when the ticket is unknown, used, expired or another
 * code's).
 */
export interface CitizenWeChatAuthorization {
  start(trackingCode: string): Promise<{ authorizeUrl: string; expiresAt: string } | undefined>;
  redeem(trackingCode: string, ticket: string): Promise<string | undefined>;
}

/** Per-source counters for rate limits and flood detection (shared with other public forms). */
export type { SourceCounters as IntakeCounters, SourceVerdict as IntakeVerdict } from '../../../shared/abuse/source-limits.ts';

/** The index of recent messages of one township and category, as read (with its version) or not yet written. */
/** The similar-matter indexes (相似诉求): per township and category, one small entry per message. */
export interface SimilarityIndex {
  /** The newest entries (at most `INDEX_LIMIT`) that arrived at or after `from`, newest first. */
  newest(townshipCode: string, category: string, from: string): Promise<IndexEntry[]>;
  /** The first entries (at most `INDEX_LIMIT`) that arrived at or after `from`, oldest first. */
  oldest(townshipCode: string, category: string, from: string): Promise<IndexEntry[]>;
  /** Adds a message's entry; adding it again changes nothing. */
  add(townshipCode: string, category: string, entry: IndexEntry): Promise<void>;
}

/** Where the city's triage model is kept, and what it learns from. */
export interface TriageModels {
  /** The model last trained, if any. */
  current(): Promise<TriageModel | undefined>;
  save(model: TriageModel): Promise<void>;
  /** Every message that reached a unit: its text, category, unit and township. */
  routedMatters(): Promise<RoutedMatter[]>;
}
/** Counters per addressee (a deputy, a station), for floods from many addresses. */
export type { AddresseeCounters } from '../../../shared/abuse/addressee-limits.ts';
