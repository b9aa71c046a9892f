import { describe, expect, it } from 'vitest';
import { costFigures, perUnitOf, priceOf, type PriceTable } from '../../infra/local/metering/cost.ts';
import { BillingMeter, subtractRows } from '../../infra/local/metering/meter.ts';

const prices: PriceTable = {
  region: 'test',
  pricesAsOf: 'test',
  sources: [],
  perMillion: { dynamoWriteRequestUnits: 1, dynamoReadRequestUnits: 0.5, eventEntries: 2, sqsRequests: 0.25, lambdaInvocations: 0.2, apiRequests: 1 },
  lambdaPerGbSecond: 0.00001,
  logsPerGbIngested: 0.5,
  priceLocalEmptyReceives: false,
};

describe('the billing meter', () => {
  it('counts a write with the index entries it creates, per service', () => {
    // prepare
    const meter = new BillingMeter();
    const enters = { wasIn: false, isIn: true, keyChanged: false, changed: false };
    const outside = { wasIn: false, isIn: false, keyChanged: false, changed: false };
    // act
    meter.recordDynamo('messaging', { table: 't', operation: 'PutItem', before: 0, after: 1500, indexes: [enters, outside], failed: false });
    meter.recordDynamo('messaging', { table: 't', operation: 'UpdateItem', before: 1500, after: 1500, indexes: [outside], failed: true });
    meter.recordDynamo('scoring', { table: 't', operation: 'GetItem', bytes: 100, consistent: false });
    // assess
    expect(meter.snapshot()).toEqual([
      { service: 'messaging', operation: 'dynamodb.PutItem', calls: 1, units: 2 },
      { service: 'messaging', operation: 'dynamodb.UpdateItem', calls: 1, units: 2 },
      { service: 'messaging', operation: 'dynamodb.index', calls: 1, units: 2 },
      { service: 'scoring', operation: 'dynamodb.GetItem', calls: 1, units: 0.5 },
    ]);
  });

  it('bills an index that projects a few attributes on the size of its entry, not of the item', () => {
    // prepare
    const meter = new BillingMeter();
    const keysOnly = { wasIn: false, isIn: true, keyChanged: false, changed: false, before: 0, after: 80 };
    const moved = { wasIn: true, isIn: true, keyChanged: true, changed: false, before: 90, after: 90 };
    // act
    meter.recordDynamo('messaging', { table: 't', operation: 'PutItem', before: 2500, after: 3000, indexes: [keysOnly, moved], failed: false });
    // assess
    expect(meter.snapshot()).toEqual([
      { service: 'messaging', operation: 'dynamodb.PutItem', calls: 1, units: 3 },
      { service: 'messaging', operation: 'dynamodb.index', calls: 2, units: 3 },
    ]);
  });

  it('subtracts an earlier snapshot, leaving only what happened since', () => {
    // prepare
    const meter = new BillingMeter();
    meter.record('notifications', 'lambda.Invoke', 1, 0.25);
    meter.record('scoring', 'sqs.ReceiveMessage', 1, 1);
    const before = meter.snapshot();
    // act
    meter.record('notifications', 'lambda.Invoke', 2, 0.5);
    // assess
    expect(subtractRows(meter.snapshot(), before)).toEqual([{ service: 'notifications', operation: 'lambda.Invoke', calls: 2, units: 0.5 }]);
  });
});

describe('the price of what was counted', () => {
  it('adds up the figures across services and prices them per million units', () => {
    // prepare
    const meter = new BillingMeter();
    meter.record('messaging', 'dynamodb.PutItem', 2, 3);
    meter.record('messaging', 'dynamodb.index', 1, 1);
    meter.record('scoring', 'dynamodb.Query', 1, 2);
    meter.record('messaging', 'events.PutEvents', 1, 2);
    meter.record('scoring', 'sqs.SendMessage', 2, 2);
    meter.record('scoring', 'sqs.ReceiveMessage.empty', 8, 8);
    meter.record('scoring', 'lambda.Invoke', 4, 100);
    meter.record('messaging', 'apigateway.Request', 1, 1);
    meter.record('messaging', 'logs.Ingest', 3, 2 ** 30);
    // act
    const figures = costFigures(meter.snapshot());
    const price = priceOf(figures, prices);
    // assess
    expect(figures).toMatchObject({
      dynamoWrites: 2,
      dynamoWriteUnits: 4,
      dynamoReads: 1,
      dynamoReadUnits: 2,
      eventEntries: 2,
      sqsRequests: 2,
      sqsEmptyReceives: 8,
    });
    expect(price.dynamodb).toBeCloseTo((4 * 1 + 2 * 0.5) / 1e6, 12);
    expect(price.sqs).toBeCloseTo((2 * 0.25) / 1e6, 12);
    expect(price.lambda).toBeCloseTo((4 * 0.2) / 1e6 + 100 * 0.00001, 12);
    expect(price.logs).toBeCloseTo(0.5, 12);
    expect(price.total).toBeCloseTo(price.dynamodb + price.eventbridge + price.sqs + price.lambda + price.apigateway + price.logs, 12);
  });

  it('prices the local empty receives only when the table says so', () => {
    const figures = costFigures([{ service: 'scoring', operation: 'sqs.ReceiveMessage.empty', calls: 4, units: 4 }]);
    expect(priceOf(figures, prices).sqs).toBe(0);
    expect(priceOf(figures, { ...prices, priceLocalEmptyReceives: true }).sqs).toBeCloseTo(1e-6, 12);
  });

  it('divides figures by the messages they were counted over', () => {
    const figures = costFigures([{ service: 'messaging', operation: 'dynamodb.PutItem', calls: 10, units: 20 }]);
    expect(perUnitOf(figures, 5)).toMatchObject({ dynamoWrites: 2, dynamoWriteUnits: 4 });
  });
});
