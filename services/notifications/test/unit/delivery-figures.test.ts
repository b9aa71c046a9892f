import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { BusinessMetric } from '../../../../shared/runtime/business-metrics.ts';
import type { FigureRecorder } from '../../../../shared/runtime/metrics.ts';
import type { ItemStore } from '../../../../shared/store/item-store.ts';
import { DynamoDeliveries } from '../../src/adapters/dynamo-deliveries.ts';
import { accounts } from '../../src/domain/channels.ts';
import type { Delivery, DeliveryStatus } from '../../src/domain/delivery.ts';

/** The deliveries' figures: one count per final outcome, by channel, whatever the retries in between. */
describe('DynamoDeliveries: deliveries by channel and outcome', () => {
  const counted: { name: string; by: Record<string, string> }[] = [];
  const figures: FigureRecorder = {
    count: (metric: BusinessMetric, by = {}) => void counted.push({ name: metric.name, by: { ...by } }),
    seconds: () => undefined,
  };
  // Writes always succeed: what is counted is the adapter's business, not the table's.
  const store = { create: async () => ({ published: true }), replace: async () => ({ published: true }) } as unknown as ItemStore;
  const deliveries = new DynamoDeliveries({} as DynamoDBDocumentClient, 'notifications', store, figures);
  const delivery = (id: string, channel: Delivery['channel'], status: DeliveryStatus): Delivery =>
    ({
      deliveryId: id,
      channel,
      status,
      recipient: accounts.deputy('D0001'),
      createdAt: '2026-03-05T02:00:00.000Z',
    }) as Delivery;

  it('counts sent, failed and not configured once each, by channel; pending and retried writes count nothing', async () => {
    // Act
    await deliveries.createOnce(delivery('d-1', 'inapp', 'sent'), []);
    await deliveries.createOnce(delivery('d-2', 'sms', 'pending'), []);
    await deliveries.save({ delivery: delivery('d-2', 'sms', 'pending'), version: 1 }, delivery('d-2', 'sms', 'sending'), []);
    await deliveries.save({ delivery: delivery('d-2', 'sms', 'sending'), version: 2 }, delivery('d-2', 'sms', 'pending'), []);
    await deliveries.save({ delivery: delivery('d-2', 'sms', 'pending'), version: 3 }, delivery('d-2', 'sms', 'failed'), []);
    await deliveries.createOnce(delivery('d-3', 'wechat', 'pending'), []);
    await deliveries.save({ delivery: delivery('d-3', 'wechat', 'pending'), version: 1 }, delivery('d-3', 'wechat', 'not_configured'), []);
    await deliveries.save(
      { delivery: delivery('d-1', 'inapp', 'sent'), version: 1 },
      { ...delivery('d-1', 'inapp', 'sent'), readAt: '2026-03-05T03:00:00.000Z' },
      [],
    );

    // Assess
    expect(counted).toEqual([
      { name: 'DeliveriesSent', by: { channel: 'inapp' } },
      { name: 'DeliveriesFailed', by: { channel: 'sms' } },
      { name: 'DeliveriesNotConfigured', by: { channel: 'wechat' } },
    ]);
  });
});
