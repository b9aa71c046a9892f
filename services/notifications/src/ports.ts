import type { DomainEvent } from '../../../shared/events/envelope.ts';
import type { Bulletin } from './domain/bulletin.ts';
import type { Channel, ExternalChannel } from './domain/channels.ts';
import type { Delivery, DeliveryStatus, SendOutcome } from './domain/delivery.ts';
import type { Preferences } from './domain/preferences.ts';
import type { DeputyFacts, MessageFacts } from './domain/read-model.ts';
import type { TemplateId } from './domain/templates.ts';

/** A delivery as stored, with the version its next write is conditional on. */
export interface StoredDelivery {
  delivery: Delivery;
  version: number;
}

/** A page of a list (`{items, nextCursor}`, `docs/api.md`). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The deliveries: the log every channel writes, and the in-app inbox. */
export interface DeliveryRepository {
  /**
   * Creates a delivery with the events its creation causes, unless one with its id exists (the
   * conditional write that makes each source/recipient/channel happen at most once); answers what
   * is stored either way.
   */
  createOnce(delivery: Delivery, events: readonly DomainEvent[]): Promise<{ created: boolean; stored: StoredDelivery }>;
  get(deliveryId: string): Promise<StoredDelivery | undefined>;
  /** Writes the next state of a delivery read at `stored.version`; a `VERSION_CONFLICT` means someone else moved it. */
  save(stored: StoredDelivery, next: Delivery, events: readonly DomainEvent[]): Promise<void>;
  /** Ids of deliveries waiting for a time (quiet hours, a scheduled retry) that has come by `now`. */
  due(now: Date, limit: number): Promise<string[]>;
  log(query: { recipientKey?: string; status?: DeliveryStatus; limit: number; cursor?: string }): Promise<Page<Delivery>>;
  inbox(account: string, query: { limit: number; cursor?: string }): Promise<Page<Delivery>>;
}

/** What notifications keeps from other services' events. */
export interface ReadModel {
  message(messageId: string): Promise<MessageFacts | undefined>;
  recordMessage(facts: MessageFacts): Promise<void>;
  /** Whether the citizen chose WeChat for the message's notices, as of `at`: an older change arriving late changes nothing. */
  recordCitizenWeChat(messageId: string, chosen: boolean, at: string): Promise<void>;
  deputy(code: string): Promise<DeputyFacts | undefined>;
  /** Every deputy known, in office or not (a city has hundreds). */
  deputies(): Promise<DeputyFacts[]>;
  /** DeputyRegistered / DeputyUpdated as of the event's time; an older fact never overwrites a newer one. */
  recordDeputy(deputy: Omit<DeputyFacts, 'active'>, asOf: string): Promise<void>;
  /** DeputyTermEnded. */
  endTerm(code: string, asOf: string): Promise<void>;
}

export interface PreferenceStore {
  get(account: string): Promise<Preferences | undefined>;
  put(account: string, preferences: Preferences, at: Date): Promise<void>;
}

export interface BulletinStore {
  /** Creates a bulletin unless one with its id exists; answers the stored one. */
  createOnce(bulletin: Bulletin): Promise<{ created: boolean; bulletin: Bulletin }>;
  markFannedOut(bulletinId: string, at: Date): Promise<void>;
}

/** One notification handed to a channel, with its resolved address (held in memory only). */
export interface OutboundMessage {
  deliveryId: string;
  channel: Channel;
  /** A phone, an openid or an e-mail address. */
  to: string;
  template: TemplateId;
  title: string;
  text: string;
  params: Readonly<Record<string, string>>;
  link?: string;
}

/** An external channel (SMS gateway, WeChat, e-mail). */
export interface ChannelSender {
  send(message: OutboundMessage): Promise<SendOutcome>;
}

export type ChannelSenders = Readonly<Record<ExternalChannel, ChannelSender>>;

/** Where an external delivery goes, resolved at send time so no address is ever stored here. */
export interface AddressBook {
  /** The address, or undefined when the recipient has none on that channel. */
  addressOf(delivery: Delivery): Promise<string | undefined>;
}
