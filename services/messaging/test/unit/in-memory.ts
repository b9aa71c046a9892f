import { loadCityConfig } from '../../../../shared/city/config.ts';
import { sourceKeysFrom } from '../../../../shared/abuse/source-keys.ts';
import type { DomainEvent } from '../../../../shared/events/envelope.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import { admission, type DeputyLoad } from '../../src/domain/intake.ts';
import { type DeadlineKind, type Message, nextDeadline } from '../../src/domain/message.ts';
import { INDEX_LIMIT, type IndexEntry } from '../../src/domain/text/similar-matters.ts';
import type { RoutedMatter, TriageModel } from '../../src/domain/text/triage.ts';
import type {
  AddresseeCounters,
  DeputyRegistry,
  DirectoryModel,
  IntakeCounters,
  IntakeVerdict,
  MessageRepository,
  MessageSecrets,
  SimilarityIndex,
  StoredMessage,
  TriageModels,
} from '../../src/ports.ts';
import type { SubmitMessagePorts } from '../../src/use-cases/submit-message.ts';

/** A deputy of station st-lucheng-01 in lucheng, in office, with `openCount` messages owed an answer. */
export function deputyLoad(code: string, openCount: number, more: Partial<DeputyLoad> = {}): DeputyLoad {
  return { code, name: `代表${code}`, level: 'township', townshipCode: 'lucheng', stationCode: 'st-lucheng-01', active: true, openCount, ...more };
}

/** Messages in memory, refusing a second create of one id as the DynamoDB adapter does. */
export class MemoryMessages implements MessageRepository {
  readonly items = new Map<string, StoredMessage>();
  readonly events: DomainEvent[] = [];
  /** Makes the next create fail with this error, as a failed write would. */
  failNextCreate: Error | undefined;

  async create(message: Message, secrets: MessageSecrets, events: DomainEvent[]) {
    const failure = this.failNextCreate;
    this.failNextCreate = undefined;
    if (failure) throw failure;
    if (this.items.has(message.messageId)) throw new ConflictError('It exists already.', 'ALREADY_EXISTS');
    this.items.set(message.messageId, { message, secrets, version: 1 });
    this.events.push(...events);
  }
  async get(messageId: string) {
    return this.items.get(messageId);
  }
  async save(stored: StoredMessage, next: Message, events: DomainEvent[]) {
    if (this.items.get(next.messageId)?.version !== stored.version) throw new ConflictError('The item changed since it was read.', 'VERSION_CONFLICT');
    this.items.set(next.messageId, { message: next, secrets: stored.secrets, version: stored.version + 1 });
    this.events.push(...events);
  }
  async saveWithSecrets(stored: StoredMessage, next: Message, secrets: MessageSecrets, events: DomainEvent[] = []) {
    if (this.items.get(next.messageId)?.version !== stored.version) throw new ConflictError('The item changed since it was read.', 'VERSION_CONFLICT');
    this.items.set(next.messageId, { message: next, secrets, version: stored.version + 1 });
    this.events.push(...events);
  }
  async findByTrackingCode(trackingCode: string) {
    return [...this.items.values()].filter((s) => s.message.trackingCode === trackingCode);
  }
  async inbox(deputyCode: string, query: { status?: Message['status']; limit: number }) {
    const items = [...this.items.values()].map((s) => s.message).filter((m) => m.deputyCode === deputyCode && (!query.status || m.status === query.status));
    return { items: items.slice(0, query.limit), nextCursor: null };
  }
  async due(kind: DeadlineKind, now: Date, limit: number) {
    return [...this.items.values()]
      .filter(({ message }) => {
        const deadline = nextDeadline(message);
        return deadline?.kind === kind && new Date(deadline.at) <= now;
      })
      .map(({ message }) => message.messageId)
      .slice(0, limit);
  }
  async held(query: { townshipCode?: string; overdue?: boolean; limit: number }) {
    const items = [...this.items.values()]
      .map((s) => s.message)
      .filter((m) => m.status === 'held' && (!query.townshipCode || m.townshipCode === query.townshipCode) && (!query.overdue || m.hold?.overdue));
    return { items: items.slice(0, query.limit), nextCursor: null };
  }

  async overdueReplies(query: { townshipCode?: string; limit: number }) {
    const items = [...this.items.values()]
      .map((s) => s.message)
      .filter((m) => nextDeadline(m)?.kind === 'reply_overdue' && (!query.townshipCode || m.townshipCode === query.townshipCode));
    return { items: items.slice(0, query.limit), nextCursor: null };
  }
}

/** The directory as messaging knows it, with each deputy's count of open messages. */
export class MemoryDirectory implements DirectoryModel {
  readonly deputies = new Map<string, DeputyLoad>();
  readonly stations = new Set<string>();

  constructor(deputies: readonly DeputyLoad[] = [], stations: readonly string[] = []) {
    for (const deputy of deputies) this.deputies.set(deputy.code, { ...deputy });
    for (const station of [...stations, ...deputies.map((d) => d.stationCode)]) this.stations.add(station);
  }
  async deputy(code: string) {
    const deputy = this.deputies.get(code);
    return deputy && { ...deputy };
  }
  async stationDeputies(stationCode: string) {
    return [...this.deputies.values()].filter((d) => d.stationCode === stationCode).map((d) => ({ ...d }));
  }
  async station(stationCode: string) {
    if (!this.stations.has(stationCode)) return undefined;
    const townshipCode = [...this.deputies.values()].find((d) => d.stationCode === stationCode)?.townshipCode;
    return { code: stationCode, ...(townshipCode ? { townshipCode } : {}) };
  }
  async adjustLoad(deputyCode: string, delta: number) {
    const deputy = this.deputies.get(deputyCode);
    if (deputy) deputy.openCount += delta;
  }
  load(code: string): number | undefined {
    return this.deputies.get(code)?.openCount;
  }
}

/** Identity's directory as messaging asks it: the deputies in office there, whatever messaging's view holds. */
export class MemoryRegistry implements DeputyRegistry {
  constructor(private readonly inOfficeCodes: readonly string[] = []) {}
  async inOffice(deputyCode: string) {
    return this.inOfficeCodes.includes(deputyCode);
  }
}

/** Per-source counters with the DynamoDB adapter's rules: refused past the per-minute limit, texts counted per hour. */
export class MemoryCounters implements IntakeCounters, AddresseeCounters {
  private readonly counts = new Map<string, number>();

  async countTo(addressee: string, now: Date): Promise<number> {
    const key = `to#${addressee}#h${Math.floor(now.getTime() / 3_600_000)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return this.counts.get(key)!;
  }

  async admit(sourceKey: string, fingerprint: string, now: Date): Promise<IntakeVerdict> {
    const hour = Math.floor(now.getTime() / 3_600_000);
    const add = (key: string) => {
      const n = (this.counts.get(key) ?? 0) + 1;
      this.counts.set(key, n);
      return n;
    };
    return admission(
      {
        thisHour: add(`${sourceKey}#h${hour}`),
        thisMinute: add(`${sourceKey}#${Math.floor(now.getTime() / 60_000)}`),
        sameTextThisHour: add(`${sourceKey}#h${hour}#${fingerprint}`),
      },
      now,
    );
  }
}

/** Source keys under a fixed test secret. */
export const memorySources = sourceKeysFrom(async () => 'test source secret');

/** A reversible stand-in for the field cipher: enough to tell ciphertext from plaintext. */
export const memoryCipher: SubmitMessagePorts['cipher'] = {
  encrypt: async (plaintext) => `enc:${Buffer.from(plaintext).toString('base64url')}`,
  decrypt: async (ciphertext) => Buffer.from(ciphertext.replace(/^enc:/, ''), 'base64url').toString(),
};

/** Numbered ids, so a test can tell which submission made which message. */
export function sequentialIds(): SubmitMessagePorts['ids'] {
  const next = { messageId: 0, trackingCode: 0, trackingToken: 0 };
  return {
    messageId: () => `m-${String(++next.messageId).padStart(16, '0')}`,
    trackingCode: () => `TC${String(++next.trackingCode).padStart(2, '0')}-0000`,
    trackingToken: () => `token-${++next.trackingToken}`,
  };
}

/** Similar-matter indexes in memory: entries per township and category, in arrival order. */
export class MemorySimilarityIndex implements SimilarityIndex {
  readonly items = new Map<string, IndexEntry[]>();
  async newest(townshipCode: string, category: string, from: string) {
    return this.since(townshipCode, category, from).reverse().slice(0, INDEX_LIMIT);
  }
  async oldest(townshipCode: string, category: string, from: string) {
    return this.since(townshipCode, category, from).slice(0, INDEX_LIMIT);
  }
  async add(townshipCode: string, category: string, entry: IndexEntry) {
    const entries = this.items.get(`${townshipCode}/${category}`) ?? [];
    if (!entries.some((e) => e.messageId === entry.messageId)) this.items.set(`${townshipCode}/${category}`, [...entries, entry]);
  }
  private since(townshipCode: string, category: string, from: string) {
    return (this.items.get(`${townshipCode}/${category}`) ?? []).filter((entry) => entry.at >= from);
  }
}

/** The triage model store in memory, with the routed matters it learns from. */
export class MemoryTriageModels implements TriageModels {
  model: TriageModel | undefined;
  constructor(readonly routed: RoutedMatter[] = []) {}
  async current() {
    return this.model;
  }
  async save(model: TriageModel) {
    this.model = model;
  }
  async routedMatters() {
    return this.routed;
  }
}

/** Intake's ports on memory: a fresh registry and counters, the stand-in cipher, numbered ids; `overrides` replace any. */
export function memoryIntakePorts(messages: MemoryMessages, directory: MemoryDirectory, overrides: Partial<SubmitMessagePorts> = {}): SubmitMessagePorts {
  return {
    messages,
    directory,
    registry: new MemoryRegistry(),
    counters: new MemoryCounters(),
    sources: memorySources,
    cipher: memoryCipher,
    city: loadCityConfig('demo'),
    ids: sequentialIds(),
    ...overrides,
  };
}
