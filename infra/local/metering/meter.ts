import { indexWriteUnits, itemReadUnits, queryReadUnits, writeRequestUnits, type IndexChange } from './billable-units.ts';

/**
 * The billable operations the local platform counts, by AWS service. `units` means, per operation:
 * write request units (DynamoDB writes and index writes), read request units (DynamoDB reads),
 * 64 KB entries (PutEvents), 64 KB requests (SQS), GB-seconds (Lambda), requests (API), bytes (logs).
 */
export const OPERATIONS = [
  'dynamodb.PutItem',
  'dynamodb.UpdateItem',
  'dynamodb.DeleteItem',
  'dynamodb.index',
  'dynamodb.GetItem',
  'dynamodb.Query',
  'dynamodb.Scan',
  'events.PutEvents',
  'sqs.SendMessage',
  'sqs.ReceiveMessage',
  'sqs.ReceiveMessage.empty',
  'sqs.DeleteMessageBatch',
  'lambda.Invoke',
  'apigateway.Request',
  'logs.Ingest',
] as const;

export type Operation = (typeof OPERATIONS)[number];

/** Calls and billable units of one operation by one service. */
export interface MeterRow {
  service: string;
  operation: Operation;
  calls: number;
  units: number;
}

/**
 * How a write touched one index, with the sizes of its entry before and after (what the index
 * projects); without them the entry is the whole item (an index projecting every attribute).
 */
export interface IndexEntryChange extends IndexChange {
  before?: number;
  after?: number;
}

/** What dynalite reports of one write (see dynalite-metering.mjs). */
export interface DynamoWriteFact {
  table: string;
  operation: 'PutItem' | 'UpdateItem' | 'DeleteItem';
  before: number;
  after: number;
  indexes: IndexEntryChange[];
  /** Refused by its condition: billed on the item it found, no index touched. */
  failed: boolean;
}

/** What dynalite reports of one read. */
export type DynamoReadFact =
  | { table: string; operation: 'GetItem'; bytes: number; consistent: boolean }
  | { table: string; operation: 'Query' | 'Scan'; readUnits: number; consistent: boolean };

export type DynamoFact = DynamoWriteFact | DynamoReadFact;

/**
 * Counts what AWS would bill, per service and operation, as the local platform observes it. The
 * counters only grow; a benchmark takes a snapshot before and after and subtracts
 * (`subtractRows`).
 */
export class BillingMeter {
  private readonly rows = new Map<string, MeterRow>();

  /** Adds calls and units of one operation to a service's counters. */
  record(service: string, operation: Operation, calls: number, units: number): void {
    const key = `${service}\u0000${operation}`;
    const row = this.rows.get(key);
    if (row) {
      row.calls += calls;
      row.units += units;
    } else {
      this.rows.set(key, { service, operation, calls, units });
    }
  }

  /** Counts one DynamoDB call on a service's table. */
  recordDynamo(service: string, fact: DynamoFact): void {
    if (fact.operation === 'GetItem') {
      this.record(service, 'dynamodb.GetItem', 1, itemReadUnits(fact.bytes, fact.consistent));
    } else if (fact.operation === 'Query' || fact.operation === 'Scan') {
      this.record(service, `dynamodb.${fact.operation}`, 1, queryReadUnits(fact.readUnits, fact.consistent));
    } else {
      this.recordWrite(service, fact as DynamoWriteFact);
    }
  }

  private recordWrite(service: string, fact: DynamoWriteFact): void {
    this.record(service, `dynamodb.${fact.operation}`, 1, writeRequestUnits(fact.before, fact.after));
    const perIndex = fact.indexes
      .map((change) => indexWriteUnits(change, change.before ?? fact.before, change.after ?? fact.after))
      .filter((units) => units > 0);
    if (perIndex.length > 0)
      this.record(
        service,
        'dynamodb.index',
        perIndex.length,
        perIndex.reduce((a, b) => a + b, 0),
      );
  }

  /** Every counter so far, sorted by service and operation. */
  snapshot(): MeterRow[] {
    return [...this.rows.values()]
      .map((row) => ({ ...row }))
      .sort((a, b) => a.service.localeCompare(b.service) || OPERATIONS.indexOf(a.operation) - OPERATIONS.indexOf(b.operation));
  }
}

/** The counters of `after` less those of `before` (two snapshots of one meter): what happened in between. */
export function subtractRows(after: readonly MeterRow[], before: readonly MeterRow[]): MeterRow[] {
  const earlier = new Map(before.map((row) => [`${row.service}\u0000${row.operation}`, row]));
  return after
    .map((row) => {
      const was = earlier.get(`${row.service}\u0000${row.operation}`);
      return { ...row, calls: row.calls - (was?.calls ?? 0), units: row.units - (was?.units ?? 0) };
    })
    .filter((row) => row.calls !== 0 || row.units !== 0);
}
