import { describe, expect, it } from 'vitest';
import { OUTBOX_PARTITIONS, outboxPartitionOf } from '../../shared/store/outbox.ts';

describe('the outbox index partitions', () => {
  it('spread many items over every partition, each item always on the same one', () => {
    // Prepare
    const keys = Array.from({ length: 800 }, (_, i) => ({ pk: `msg#m${i.toString(36)}`, sk: 'msg' }));

    // Act
    const partitions = keys.map(outboxPartitionOf);

    // Assess
    const counts = OUTBOX_PARTITIONS.map((p) => partitions.filter((q) => q === p).length);
    expect(counts.every((n) => n > 800 / OUTBOX_PARTITIONS.length / 2)).toBe(true);
    expect(keys.map(outboxPartitionOf)).toEqual(partitions);
  });
});
