import type { MeterRow, Operation } from './meter.ts';

/**
 * AWS list prices in US dollars, per unit as the meter counts them (see `OPERATIONS`). A table
 * names its region and the date its prices were read; test/bench/aws-prices.json is the one the
 * benchmarks use.
 */
export interface PriceTable {
  region: string;
  pricesAsOf: string;
  sources: string[];
  perMillion: {
    dynamoWriteRequestUnits: number;
    dynamoReadRequestUnits: number;
    eventEntries: number;
    sqsRequests: number;
    lambdaInvocations: number;
    apiRequests: number;
  };
  lambdaPerGbSecond: number;
  logsPerGbIngested: number;
  /**
   * Empty receives are priced like any request, but the local poller's do not stand for AWS's: there
   * Lambda's pollers long-poll each queue a fixed number of times whatever the traffic.
   */
  priceLocalEmptyReceives: boolean;
}

/** Totals across services: what a benchmark divides by the messages it sent. */
export interface CostFigures {
  dynamoWrites: number;
  dynamoWriteUnits: number;
  dynamoReads: number;
  dynamoReadUnits: number;
  putEventsCalls: number;
  eventEntries: number;
  sqsRequests: number;
  sqsEmptyReceives: number;
  invocations: number;
  gbSeconds: number;
  apiRequests: number;
  logBytes: number;
}

const WRITES: Operation[] = ['dynamodb.PutItem', 'dynamodb.UpdateItem', 'dynamodb.DeleteItem'];
const READS: Operation[] = ['dynamodb.GetItem', 'dynamodb.Query', 'dynamodb.Scan'];
const SQS: Operation[] = ['sqs.SendMessage', 'sqs.ReceiveMessage', 'sqs.DeleteMessageBatch'];

/** Adds up meter rows into the figures that are priced. */
export function costFigures(rows: readonly MeterRow[]): CostFigures {
  const sum = (operations: Operation[], of: 'calls' | 'units') =>
    rows.filter((row) => operations.includes(row.operation)).reduce((total, row) => total + row[of], 0);
  return {
    dynamoWrites: sum(WRITES, 'calls'),
    dynamoWriteUnits: sum([...WRITES, 'dynamodb.index'], 'units'),
    dynamoReads: sum(READS, 'calls'),
    dynamoReadUnits: sum(READS, 'units'),
    putEventsCalls: sum(['events.PutEvents'], 'calls'),
    eventEntries: sum(['events.PutEvents'], 'units'),
    sqsRequests: sum(SQS, 'units'),
    sqsEmptyReceives: sum(['sqs.ReceiveMessage.empty'], 'units'),
    invocations: sum(['lambda.Invoke'], 'calls'),
    gbSeconds: sum(['lambda.Invoke'], 'units'),
    apiRequests: sum(['apigateway.Request'], 'units'),
    logBytes: sum(['logs.Ingest'], 'units'),
  };
}

/** Figures divided by a count (per message). */
export function perUnitOf(figures: CostFigures, count: number): CostFigures {
  return Object.fromEntries(Object.entries(figures).map(([key, value]) => [key, value / count])) as unknown as CostFigures;
}

/** The price of figures in US dollars, by AWS service and in total. */
export function priceOf(
  figures: CostFigures,
  prices: PriceTable,
): Record<'dynamodb' | 'eventbridge' | 'sqs' | 'lambda' | 'apigateway' | 'logs' | 'total', number> {
  const m = prices.perMillion;
  const parts = {
    dynamodb: (figures.dynamoWriteUnits * m.dynamoWriteRequestUnits + figures.dynamoReadUnits * m.dynamoReadRequestUnits) / 1e6,
    eventbridge: (figures.eventEntries * m.eventEntries) / 1e6,
    sqs: ((figures.sqsRequests + (prices.priceLocalEmptyReceives ? figures.sqsEmptyReceives : 0)) * m.sqsRequests) / 1e6,
    lambda: (figures.invocations * m.lambdaInvocations) / 1e6 + figures.gbSeconds * prices.lambdaPerGbSecond,
    apigateway: (figures.apiRequests * m.apiRequests) / 1e6,
    logs: (figures.logBytes / 2 ** 30) * prices.logsPerGbIngested,
  };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
}
