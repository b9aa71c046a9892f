import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../../shared/events/envelope.ts';
import { BUSINESS_METRICS, type BusinessMetric } from '../../../../shared/runtime/business-metrics.ts';
import { ConflictError, InvalidInputError } from '../../../../shared/runtime/errors.ts';
import type { FigureRecorder } from '../../../../shared/runtime/metrics.ts';
import type { IndexSpec } from '../../../../shared/store/table.ts';
import type { ItemStore, StoredItem } from '../../../../shared/store/item-store.ts';
import { recipientKey } from '../domain/channels.ts';
import type { Delivery, DeliveryStatus } from '../domain/delivery.ts';
import type { DeliveryRepository, Page, StoredDelivery } from '../ports.ts';
import { getMany } from '../../../../shared/store/get-many.ts';
import { queryDue } from '../../../../shared/store/query-due.ts';
import { DELIVERY_LOG_INDEX, DUE_INDEX, INBOX_INDEX, RECIPIENT_INDEX, deliveryIdOf, deliveryKey } from '../table.ts';

/** A filtered query reads at most this many pages per request before answering with a cursor. */
const MAX_PAGES = 10;

interface DeliveryItem {
  delivery: Delivery;
  status: DeliveryStatus;
  channel: string;
  logShard: 'log';
  logAt: string;
  recipientKey: string;
  inboxKey?: string;
  dueShard?: 'due';
  dueAt?: string;
}

/** The index attributes a delivery's state implies. */
function itemOf(delivery: Delivery): DeliveryItem {
  const waiting = delivery.status === 'pending' && delivery.notBefore;
  return {
    delivery,
    status: delivery.status,
    channel: delivery.channel,
    logShard: 'log',
    logAt: `${delivery.createdAt}#${delivery.deliveryId}`,
    recipientKey: recipientKey(delivery.recipient),
    ...(delivery.channel === 'inapp' && delivery.recipient.kind !== 'citizen' ? { inboxKey: delivery.recipient.account } : {}),
    ...(waiting ? { dueShard: 'due' as const, dueAt: delivery.notBefore } : {}),
  };
}

/** The figure each final outcome of a delivery counts, by channel. */
const OUTCOME_FIGURES: Partial<Record<DeliveryStatus, BusinessMetric>> = {
  sent: BUSINESS_METRICS.deliveriesSent,
  failed: BUSINESS_METRICS.deliveriesFailed,
  not_configured: BUSINESS_METRICS.deliveriesNotConfigured,
};

/**
 * Deliveries in the notifications table, written through the outbox (their events ride on them).
 * A delivery written into a final outcome (sent, failed, not configured) counts its figure by
 * channel, once: only the write that changed its status counts.
 */
export class DynamoDeliveries implements DeliveryRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly store: ItemStore,
    private readonly figures?: FigureRecorder,
  ) {}

  async createOnce(delivery: Delivery, events: readonly DomainEvent[]): Promise<{ created: boolean; stored: StoredDelivery }> {
    try {
      await this.store.create({ ...deliveryKey(delivery.deliveryId), ...itemOf(delivery) }, events);
      this.countOutcome(undefined, delivery);
      return { created: true, stored: { delivery, version: 1 } };
    } catch (error) {
      if (!(error instanceof ConflictError && error.code === 'ALREADY_EXISTS')) throw error;
      const stored = await this.get(delivery.deliveryId);
      if (!stored) throw error;
      return { created: false, stored };
    }
  }

  async get(deliveryId: string): Promise<StoredDelivery | undefined> {
    const item = await this.store.get<DeliveryItem>(deliveryKey(deliveryId));
    return item && { delivery: item.delivery, version: item.version };
  }

  async save(stored: StoredDelivery, next: Delivery, events: readonly DomainEvent[]): Promise<void> {
    const item = { ...deliveryKey(next.deliveryId), version: stored.version, ...itemOf(next) } as StoredItem<DeliveryItem>;
    await this.store.replace(item, events);
    this.countOutcome(stored.delivery.status, next);
  }

  private countOutcome(before: DeliveryStatus | undefined, after: Delivery): void {
    const figure = OUTCOME_FIGURES[after.status];
    if (figure && before !== after.status) this.figures?.count(figure, { channel: after.channel });
  }

  async due(now: Date, limit: number): Promise<string[]> {
    const items = await queryDue(this.client, this.tableName, DUE_INDEX, 'due', now, limit);
    return items.map((i) => deliveryIdOf(i.pk as string));
  }

  log(query: { recipientKey?: string; status?: DeliveryStatus; limit: number; cursor?: string }): Promise<Page<Delivery>> {
    return query.recipientKey ? this.page(RECIPIENT_INDEX, query.recipientKey, query) : this.page(DELIVERY_LOG_INDEX, 'log', query);
  }

  inbox(account: string, query: { limit: number; cursor?: string }): Promise<Page<Delivery>> {
    return this.page(INBOX_INDEX, account, query);
  }

  /** Newest first; a status filter keeps reading pages until the page is full (or a bound is hit). */
  private async page(index: IndexSpec, partition: string, query: { status?: DeliveryStatus; limit: number; cursor?: string }): Promise<Page<Delivery>> {
    const items: Delivery[] = [];
    let cursor = decodeCursor(query.cursor, index.partitionKey, partition);
    for (let pages = 0; pages < MAX_PAGES && items.length < query.limit; pages++) {
      const { Items, LastEvaluatedKey } = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.name,
          KeyConditionExpression: '#partition = :partition',
          ...(query.status ? { FilterExpression: '#status = :status' } : {}),
          ExpressionAttributeNames: { '#partition': index.partitionKey, ...(query.status ? { '#status': 'status' } : {}) },
          ExpressionAttributeValues: { ':partition': partition, ...(query.status ? { ':status': query.status } : {}) },
          ScanIndexForward: false,
          Limit: query.limit - items.length,
          ExclusiveStartKey: cursor,
        }),
      );
      // The index carries keys (and the status filtered on): the deliveries are read by key.
      const keys = (Items ?? []).map((i) => ({ pk: i.pk as string, sk: i.sk as string }));
      for (const item of await getMany(this.client, this.tableName, keys)) items.push(item.delivery as Delivery);
      cursor = LastEvaluatedKey;
      if (!cursor) break;
    }
    return { items, nextCursor: cursor ? encodeCursor(cursor) : null };
  }
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor only continues the list it came from. */
function decodeCursor(cursor: string | undefined, partitionKey: string, partition: string): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof key !== 'object' || key === null || key[partitionKey] !== partition) throw new Error('bad cursor');
    return key;
  } catch {
    throw new InvalidInputError('The cursor is not valid.', [{ path: 'cursor', message: 'not a cursor from a previous page' }]);
  }
}
