import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startDynalite, type LocalDynamo } from '../../../../test/support/dynamo.ts';
import { localEndpointConfig } from '../../../../shared/runtime/local-endpoint.ts';
import { DynamoSourceCounters } from '../../../../shared/abuse/dynamo-source-counters.ts';
import { INTAKE_LIMITS } from '../../src/domain/intake.ts';
import type { IntakeVerdict } from '../../src/ports.ts';
import { messagingTable } from '../../src/table.ts';

/** The per-source limits as DynamoDB keeps them: per minute, per hour, refused attempts counted. */

const HOUR = new Date('2026-03-05T02:00:00.000Z').getTime();
const at = (minute: number, second = 0) => new Date(HOUR + minute * 60_000 + second * 1000);

describe('DynamoSourceCounters (on dynalite)', () => {
  const table = 'intake-counters-test';
  let dynamo: LocalDynamo;
  let counters: DynamoSourceCounters;

  beforeAll(async () => {
    dynamo = await startDynalite(undefined);
    const raw = new DynamoDBClient(localEndpointConfig(dynamo.endpoint));
    await ensureTable(raw, table, messagingTable);
    counters = new DynamoSourceCounters(DynamoDBDocumentClient.from(raw), table);
  });
  afterAll(async () => dynamo?.stop());

  /** `perMinute` attempts in each of the given minutes from one source, each a different text. */
  async function attempts(source: string, minutes: readonly number[], perMinute: number): Promise<IntakeVerdict[]> {
    const verdicts: IntakeVerdict[] = [];
    // A minute's attempts at once, as a script sends them; each write counts atomically.
    for (const minute of minutes) {
      verdicts.push(...(await Promise.all(Array.from({ length: perMinute }, (_, i) => counters.admit(source, `text-${minute}-${i}`, at(minute, 30))))));
    }
    return verdicts;
  }

  it(`refuses a source past ${INTAKE_LIMITS.perHour} an hour, though under ${INTAKE_LIMITS.perMinute} a minute, until the hour ends`, async () => {
    // Prepare: 10 a minute for 20 minutes
    await attempts(
      'source-hourly',
      Array.from({ length: 20 }, (_, m) => m),
      10,
    );

    // Act
    const next = await counters.admit('source-hourly', 'text-late', at(45));
    const nextHour = await counters.admit('source-hourly', 'text-later', at(61));

    // Assess
    expect(next).toEqual({ admitted: false, retryAfterSeconds: 15 * 60 });
    expect(nextHour.admitted).toBe(true);
  });

  it('counts refused attempts, so a source that hammers uses up its hour', async () => {
    // Prepare: 60 attempts in minute 0 (20 admitted, 40 refused)
    const hammering = await attempts('source-hammer', [0], 60);

    // Act: then 20 a minute, within the per-minute limit
    const later = await attempts(
      'source-hammer',
      Array.from({ length: 10 }, (_, m) => m + 1),
      20,
    );

    // Assess
    expect(hammering.filter((v) => v.admitted)).toHaveLength(INTAKE_LIMITS.perMinute);
    expect(later.filter((v) => v.admitted)).toHaveLength(INTAKE_LIMITS.perHour - 60);
  });

  it('tells how often the source sent the same text this hour', async () => {
    // Act
    const verdicts = [
      await counters.admit('source-text', 'same', at(1)),
      await counters.admit('source-text', 'same', at(2)),
      await counters.admit('source-text', 'other', at(3)),
    ];

    // Assess
    expect(verdicts).toEqual([
      { admitted: true, sameTextThisHour: 1 },
      { admitted: true, sameTextThisHour: 2 },
      { admitted: true, sameTextThisHour: 1 },
    ]);
  });

  it('counts every submission to an addressee (countTo) in its hour, concurrent ones exactly, and starts again the next hour', async () => {
    // Act: 50 at once, then one the next hour
    const counts = await Promise.all(Array.from({ length: 50 }, () => counters.countTo('deputy#D0001', at(5))));
    const nextHour = await counters.countTo('deputy#D0001', at(65));

    // Assess
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(nextHour).toBe(1);
  });
});
