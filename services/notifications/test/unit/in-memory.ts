import type { DomainEvent } from '../../../../shared/events/envelope.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import { recipientKey } from '../../src/domain/channels.ts';
import type { Delivery, SendOutcome } from '../../src/domain/delivery.ts';
import type { Preferences } from '../../src/domain/preferences.ts';
import type { DeputyFacts, MessageFacts } from '../../src/domain/read-model.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import { DEFAULT_TEMPLATES } from '../../src/domain/templates.ts';
import type { DeliveryRepository, OutboundMessage, ReadModel, StoredDelivery } from '../../src/ports.ts';
import type { NotifyPorts } from '../../src/use-cases/notify-event.ts';

/** Deliveries in memory, with the same conditional semantics as the DynamoDB adapter. */
export class MemoryDeliveries implements DeliveryRepository {
  readonly items = new Map<string, StoredDelivery>();
  readonly events: DomainEvent[] = [];

  async createOnce(delivery: Delivery, events: readonly DomainEvent[]) {
    const existing = this.items.get(delivery.deliveryId);
    if (existing) return { created: false, stored: existing };
    const stored = { delivery, version: 1 };
    this.items.set(delivery.deliveryId, stored);
    this.events.push(...events);
    return { created: true, stored };
  }
  async get(deliveryId: string) {
    return this.items.get(deliveryId);
  }
  async save(stored: StoredDelivery, next: Delivery, events: readonly DomainEvent[]) {
    if (this.items.get(next.deliveryId)?.version !== stored.version) throw new ConflictError('changed', 'VERSION_CONFLICT');
    this.items.set(next.deliveryId, { delivery: next, version: stored.version + 1 });
    this.events.push(...events);
  }
  async due(now: Date) {
    return [...this.items.values()]
      .filter(({ delivery: d }) => d.status === 'pending' && d.notBefore && d.notBefore <= now.toISOString())
      .map((s) => s.delivery.deliveryId);
  }
  async log(query: { recipientKey?: string }) {
    const items = [...this.items.values()].map((s) => s.delivery).filter((d) => !query.recipientKey || recipientKey(d.recipient) === query.recipientKey);
    return { items, nextCursor: null };
  }
  async inbox(account: string) {
    return {
      items: [...this.items.values()].map((s) => s.delivery).filter((d) => d.channel === 'inapp' && recipientKey(d.recipient) === account),
      nextCursor: null,
    };
  }
  all(): Delivery[] {
    return [...this.items.values()].map((s) => s.delivery);
  }
}

export class MemoryReadModel implements ReadModel {
  readonly messages = new Map<string, MessageFacts>();
  readonly deputiesByCode = new Map<string, DeputyFacts>();
  /** The citizen's WeChat choice per message, with the time it was made (kept apart from the facts, as the table does). */
  readonly wechat = new Map<string, { chosen: boolean; at: string }>();
  async message(id: string) {
    const facts = this.messages.get(id);
    return facts && { ...facts, citizenWeChat: this.wechat.get(id)?.chosen === true };
  }
  async recordMessage(facts: MessageFacts) {
    this.messages.set(facts.messageId, facts);
  }
  async recordCitizenWeChat(messageId: string, chosen: boolean, at: string) {
    const known = this.wechat.get(messageId);
    if (!known || known.at <= at) this.wechat.set(messageId, { chosen, at });
  }
  async deputy(code: string) {
    return this.deputiesByCode.get(code);
  }
  async deputies() {
    return [...this.deputiesByCode.values()];
  }
  async recordDeputy(d: Omit<DeputyFacts, 'active'>) {
    this.deputiesByCode.set(d.code, { ...d, active: this.deputiesByCode.get(d.code)?.active ?? true });
  }
  async endTerm(code: string) {
    const d = this.deputiesByCode.get(code);
    if (d) this.deputiesByCode.set(code, { ...d, active: false });
  }
}

/** A channel that answers from a script (then `sent`) and remembers what it was given. */
export class ScriptedChannel {
  readonly sent: OutboundMessage[] = [];
  constructor(private readonly script: SendOutcome[] = []) {}
  async send(message: OutboundMessage): Promise<SendOutcome> {
    const next = this.script.shift() ?? { status: 'sent', provider: 'test' };
    if (next.status === 'sent') this.sent.push(message);
    return next;
  }
}

/** The ports of the notify use case in memory; the citizen's phone comes from `phones`. */
export function memoryPorts(options: { sms?: ScriptedChannel; phones?: Record<string, string>; preferences?: Record<string, Preferences> } = {}) {
  const deliveries = new MemoryDeliveries();
  const readModel = new MemoryReadModel();
  const sms = options.sms ?? new ScriptedChannel();
  const ports: NotifyPorts = {
    deliveries,
    readModel,
    preferences: { get: async (account) => options.preferences?.[account], put: async () => undefined },
    addresses: {
      addressOf: async (d) => (d.recipient.kind === 'citizen' ? options.phones?.[d.recipient.messageId] : `deputy:${d.recipient.code}`),
    },
    channels: { sms, wechat: new ScriptedChannel(), email: new ScriptedChannel() },
    city: 'demo',
    settings: DEFAULT_SETTINGS,
    catalog: DEFAULT_TEMPLATES,
    timeZone: 'Asia/Shanghai',
    cityFacts: { publicBaseUrl: 'https://x.example', timeZone: 'Asia/Shanghai', categoryName: (c) => c },
  };
  return { ports, deliveries, readModel, sms };
}
