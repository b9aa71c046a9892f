import { describe, expect, it } from 'vitest';
import {
  apiRequestUnits,
  eventEntryUnits,
  indexWriteUnits,
  itemReadUnits,
  lambdaGbSeconds,
  queryReadUnits,
  sqsRequestUnits,
  writeRequestUnits,
} from '../../infra/local/metering/billable-units.ts';

const KB = 1024;
const untouched = { wasIn: false, isIn: false, keyChanged: false, changed: false };

describe('DynamoDB write request units', () => {
  it('bills the larger of the item before and after, per started KB', () => {
    expect(writeRequestUnits(0, 200)).toBe(1);
    expect(writeRequestUnits(0, KB)).toBe(1);
    expect(writeRequestUnits(0, KB + 1)).toBe(2);
    expect(writeRequestUnits(3 * KB, 100)).toBe(3);
  });

  it('bills one unit for a write that found nothing and wrote nothing (a refused condition, a delete of nothing)', () => {
    expect(writeRequestUnits(0, 0)).toBe(1);
  });
});

describe('DynamoDB secondary index writes', () => {
  it('bills one write when the item enters an index and one when it leaves', () => {
    expect(indexWriteUnits({ ...untouched, isIn: true }, 0, 500)).toBe(1);
    expect(indexWriteUnits({ ...untouched, wasIn: true }, 500, 400)).toBe(1);
  });

  it('bills two writes when the index key changes (the old entry deleted, the new one put)', () => {
    expect(indexWriteUnits({ wasIn: true, isIn: true, keyChanged: true, changed: false }, 500, 500)).toBe(2);
  });

  it('bills one write when the entry changes under the same key, and none when nothing it holds changed', () => {
    expect(indexWriteUnits({ wasIn: true, isIn: true, keyChanged: false, changed: true }, 500, 600)).toBe(1);
    expect(indexWriteUnits({ wasIn: true, isIn: true, keyChanged: false, changed: false }, 500, 500)).toBe(0);
    expect(indexWriteUnits(untouched, 500, 600)).toBe(0);
  });

  it('bills an index write per started KB of the entry, as the table write', () => {
    expect(indexWriteUnits({ ...untouched, isIn: true }, 0, 2 * KB + 5)).toBe(3);
  });
});

describe('DynamoDB read request units', () => {
  it('bills an item read per started 4 KB, half for an eventually consistent read', () => {
    expect(itemReadUnits(100, true)).toBe(1);
    expect(itemReadUnits(100, false)).toBe(0.5);
    expect(itemReadUnits(4 * KB + 1, true)).toBe(2);
    expect(itemReadUnits(4 * KB + 1, false)).toBe(1);
  });

  it('bills a read of an absent item at the minimum', () => {
    expect(itemReadUnits(0, true)).toBe(1);
    expect(itemReadUnits(0, false)).toBe(0.5);
  });

  it('bills a query that matched nothing at the minimum, otherwise what it scanned', () => {
    expect(queryReadUnits(0, false)).toBe(0.5);
    expect(queryReadUnits(0, true)).toBe(1);
    expect(queryReadUnits(3, false)).toBe(3);
  });
});

describe('EventBridge, SQS, Lambda and API Gateway units', () => {
  it('bills PutEvents entries and SQS requests per started 64 KB', () => {
    expect(eventEntryUnits(300)).toBe(1);
    expect(eventEntryUnits(64 * KB + 1)).toBe(2);
    expect(sqsRequestUnits(0)).toBe(1);
    expect(sqsRequestUnits(130 * KB)).toBe(3);
  });

  it('bills Lambda duration as memory in GB times the duration rounded up to the millisecond', () => {
    expect(lambdaGbSeconds(1024, 1000)).toBe(1);
    expect(lambdaGbSeconds(512, 10.2)).toBeCloseTo(0.5 * 0.011, 12);
  });

  it('bills an HTTP API request per started 512 KB', () => {
    expect(apiRequestUnits(0)).toBe(1);
    expect(apiRequestUnits(512 * KB + 1)).toBe(2);
  });
});
