import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Journal } from '../../infra/local/journal.ts';
import { LocalQueue, md5 } from '../../infra/local/local-queue.ts';
import { createEvent } from '../../shared/events/envelope.ts';
import { NoteCreated } from '../fixture/events.ts';

// Pass-through spies, so a test can tell whether the queue touched the disk at all.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return {
    ...actual,
    openSync: vi.fn(actual.openSync),
    writeSync: vi.fn(actual.writeSync),
    renameSync: vi.fn(actual.renameSync),
    mkdirSync: vi.fn(actual.mkdirSync),
  };
});

const VISIBILITY_MS = 30_000;
const T0 = Date.parse('2025-03-01T08:00:00.000Z');

/** A clock the test moves by hand. */
function manualClock(start = T0) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

/** A real event body, as the bus puts it on a subscription queue. */
function noteBody(noteId: string): string {
  const event = createEvent(NoteCreated, { noteId, kind: 'plain' }, { city: 'demo', now: new Date(T0), eventId: `evt-${noteId}` });
  return JSON.stringify({ source: event.source, 'detail-type': event.detailType, detail: event.detail });
}

const noteIdOf = (body: string): string => JSON.parse(body).detail.data.noteId;

describe('LocalQueue in memory', () => {
  it('hides a received message for the visibility timeout and shows it again after', () => {
    // Prepare
    const clock = manualClock();
    const queue = new LocalQueue({ name: 'q', dataDir: undefined, visibilityTimeoutMs: VISIBILITY_MS, now: clock.now });
    const [id] = queue.send([noteBody('n-1')]);

    // Act
    const first = queue.receive(10);
    const whileHidden = queue.receive(10);
    clock.advance(VISIBILITY_MS - 1);
    const justBefore = queue.receive(10);
    const depthInFlight = queue.depth();
    clock.advance(1);
    const after = queue.receive(10);

    // Assess
    expect(first.map((r) => r.message.id)).toEqual([id]);
    expect(first[0]!.message).toMatchObject({ body: noteBody('n-1'), sentAt: T0, receiveCount: 1, firstReceivedAt: T0, visibleAt: T0 + VISIBILITY_MS });
    expect(whileHidden).toEqual([]);
    expect(justBefore).toEqual([]);
    expect(depthInFlight).toEqual({ visible: 0, inFlight: 1, total: 1 });
    expect(after.map((r) => r.message.id)).toEqual([id]);
    expect(after[0]!.message.receiveCount).toBe(2);
    expect(after[0]!.receiptHandle).not.toBe(first[0]!.receiptHandle);
  });

  it('receives at most `max` messages, oldest first', () => {
    // Prepare
    const queue = new LocalQueue({ name: 'q', dataDir: undefined, visibilityTimeoutMs: VISIBILITY_MS, now: manualClock().now });
    queue.send([noteBody('n-1'), noteBody('n-2'), noteBody('n-3')]);

    // Act
    const batch = queue.receive(2);

    // Assess
    expect(batch.map((r) => noteIdOf(r.message.body))).toEqual(['n-1', 'n-2']);
    expect(queue.depth()).toEqual({ visible: 1, inFlight: 2, total: 3 });
  });

  it('deletes a message by its receipt handle and ignores unknown handles', () => {
    // Prepare
    const clock = manualClock();
    const queue = new LocalQueue({ name: 'q', dataDir: undefined, visibilityTimeoutMs: VISIBILITY_MS, now: clock.now });
    queue.send([noteBody('n-1'), noteBody('n-2')]);
    const [r1, r2] = queue.receive(10);

    // Act
    queue.delete([r1!.receiptHandle, 'no-such-handle']);
    clock.advance(VISIBILITY_MS);

    // Assess
    expect(queue.peek().map((m) => m.id)).toEqual([r2!.message.id]);
    expect(queue.receive(10).map((r) => r.message.id)).toEqual([r2!.message.id]);
  });

  it('counts receives up', () => {
    // Prepare
    const clock = manualClock();
    const queue = new LocalQueue({ name: 'q', dataDir: undefined, visibilityTimeoutMs: VISIBILITY_MS, now: clock.now });
    queue.send([noteBody('n-1')]);

    // Act
    const counts: number[] = [];
    for (let i = 0; i < 4; i++) {
      counts.push(queue.receive(1)[0]!.message.receiveCount);
      clock.advance(VISIBILITY_MS);
    }

    // Assess
    expect(counts).toEqual([1, 2, 3, 4]);
    expect(queue.peek()[0]!.receiveCount).toBe(4);
  });

  it('makes a released message visible at once', () => {
    const queue = new LocalQueue({ name: 'q', dataDir: undefined, visibilityTimeoutMs: VISIBILITY_MS, now: manualClock().now });
    queue.send([noteBody('n-1')]);
    const [received] = queue.receive(1);

    queue.release(received!.receiptHandle);

    expect(queue.receive(1)[0]!.message.receiveCount).toBe(2);
  });

  it('tells listeners when messages arrive, until they unsubscribe', () => {
    const queue = new LocalQueue({ name: 'q', dataDir: undefined, visibilityTimeoutMs: VISIBILITY_MS, now: manualClock().now });
    const calls: number[] = [];
    const stop = queue.onMessages(() => calls.push(queue.depth().visible));

    queue.send([noteBody('n-1')]);
    stop();
    queue.send([noteBody('n-2')]);

    expect(calls).toEqual([1]);
  });

  it('reports the MD5 of a body as SQS does', () => {
    expect(md5('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5('民情')).toHaveLength(32);
  });
});

describe('LocalQueue dead-letter queue', () => {
  function queues(maxReceiveCount: number) {
    const clock = manualClock();
    const dlq = new LocalQueue({ name: 'q-dlq', dataDir: undefined, visibilityTimeoutMs: VISIBILITY_MS, now: clock.now });
    const queue = new LocalQueue({
      name: 'q',
      dataDir: undefined,
      visibilityTimeoutMs: VISIBILITY_MS,
      now: clock.now,
      deadLetter: { queue: dlq, maxReceiveCount },
    });
    return { clock, dlq, queue };
  }

  it('keeps a message in the queue for maxReceiveCount receives, then moves it on the next receive', () => {
    // Prepare
    const { clock, dlq, queue } = queues(3);
    queue.send([noteBody('n-1')]);

    // Act
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      counts.push(queue.receive(10)[0]!.message.receiveCount);
      clock.advance(VISIBILITY_MS);
    }
    const beforeMove = { queue: queue.depth().total, dlq: dlq.depth().total };
    const fourth = queue.receive(10);

    // Assess
    expect(counts).toEqual([1, 2, 3]);
    expect(beforeMove).toEqual({ queue: 1, dlq: 0 });
    expect(fourth).toEqual([]);
    expect(queue.depth().total).toBe(0);
    expect(dlq.peek()).toEqual([expect.objectContaining({ body: noteBody('n-1'), receiveCount: 0 })]);
    expect(queue.deadLetterQueue).toBe(dlq);
  });

  it('still hands out the other visible messages in the receive that moves one', () => {
    // Prepare
    const { clock, dlq, queue } = queues(1);
    queue.send([noteBody('poison')]);
    queue.receive(1);
    clock.advance(VISIBILITY_MS);
    queue.send([noteBody('n-2')]);

    // Act
    const received = queue.receive(10);

    // Assess
    expect(received.map((r) => noteIdOf(r.message.body))).toEqual(['n-2']);
    expect(dlq.peek().map((m) => noteIdOf(m.body))).toEqual(['poison']);
  });

  it('redrives DLQ messages back with fresh receive counts', () => {
    // Prepare
    const { clock, dlq, queue } = queues(1);
    queue.send([noteBody('n-1'), noteBody('n-2')]);
    queue.receive(10);
    clock.advance(VISIBILITY_MS);
    queue.receive(10); // moves both
    dlq.receive(10); // an operator looked at them: counts in the DLQ are 1

    // Act
    const moved = dlq.redriveTo(queue);

    // Assess
    expect(moved).toBe(2);
    expect(dlq.depth().total).toBe(0);
    expect(queue.peek().map((m) => ({ noteId: noteIdOf(m.body), receiveCount: m.receiveCount, visibleAt: m.visibleAt }))).toEqual([
      { noteId: 'n-1', receiveCount: 0, visibleAt: 0 },
      { noteId: 'n-2', receiveCount: 0, visibleAt: 0 },
    ]);
    expect(queue.receive(10).map((r) => r.message.receiveCount)).toEqual([1, 1]);
  });
});

describe('LocalQueue on disk', () => {
  let dataDir: string;
  const open: LocalQueue[] = [];
  const queueOn = (name: string, clock = manualClock(), deadLetter?: { queue: LocalQueue; maxReceiveCount: number }) => {
    const queue = new LocalQueue({ name, dataDir, visibilityTimeoutMs: VISIBILITY_MS, now: clock.now, ...(deadLetter ? { deadLetter } : {}) });
    open.push(queue);
    return queue;
  };

  beforeEach(() => {
    dataDir = fs.mkdtempSync(join(tmpdir(), 'minqing-queue-'));
  });
  afterEach(() => {
    for (const q of open.splice(0)) q.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('recovers queued and in-flight messages with their receive counts; deleted ones stay deleted', () => {
    // Prepare
    const clock = manualClock();
    const before = queueOn('q', clock);
    before.send([noteBody('in-flight'), noteBody('deleted'), noteBody('queued')]);
    const [inFlight, deleted] = before.receive(2);
    before.delete([deleted!.receiptHandle]);
    clock.advance(VISIBILITY_MS);
    before.receive(1); // 'in-flight' again: count 2, hidden until T0 + 2·timeout
    before.close();

    // Act: a restart at the same moment
    const after = queueOn('q', clock);

    // Assess
    expect(after.peek().map((m) => ({ id: m.id, noteId: noteIdOf(m.body), receiveCount: m.receiveCount }))).toEqual([
      { id: inFlight!.message.id, noteId: 'in-flight', receiveCount: 2 },
      { id: expect.any(String), noteId: 'queued', receiveCount: 0 },
    ]);
    expect(after.depth()).toEqual({ visible: 1, inFlight: 1, total: 2 });
  });

  it('keeps a message in flight at the kill hidden until its visibility timeout passes, then shows it again', () => {
    // Prepare
    const clock = manualClock();
    const before = queueOn('q', clock);
    before.send([noteBody('in-flight'), noteBody('queued')]);
    before.receive(1);
    before.close();
    const after = queueOn('q', clock);

    // Act
    const atRestart = after.receive(10);
    after.delete(atRestart.map((r) => r.receiptHandle));
    clock.advance(VISIBILITY_MS - 1);
    const justBefore = after.receive(10);
    clock.advance(1);
    const afterTimeout = after.receive(10);

    // Assess
    expect(atRestart.map((r) => noteIdOf(r.message.body))).toEqual(['queued']);
    expect(justBefore).toEqual([]);
    expect(afterTimeout.map((r) => [noteIdOf(r.message.body), r.message.receiveCount])).toEqual([['in-flight', 2]]);
  });

  it('keeps the in-flight state across a second restart (compaction keeps it)', () => {
    // Prepare
    const clock = manualClock();
    const first = queueOn('q', clock);
    first.send([noteBody('in-flight')]);
    first.receive(1);
    first.close();
    queueOn('q', clock).close(); // recovery compacts the journal

    // Act
    const third = queueOn('q', clock);

    // Assess
    expect(third.depth()).toEqual({ visible: 0, inFlight: 1, total: 1 });
    expect(third.peek()[0]).toMatchObject({ receiveCount: 1, visibleAt: T0 + VISIBILITY_MS });
  });

  it('keeps what happened after a recovery too (a second restart)', () => {
    // Prepare
    const clock = manualClock();
    queueOn('q', clock).send([noteBody('n-1')]);
    const second = queueOn('q', clock);
    second.send([noteBody('n-2')]);
    const [r1] = second.receive(1);
    second.delete([r1!.receiptHandle]);

    // Act
    const third = queueOn('q', clock);

    // Assess
    expect(third.peek().map((m) => noteIdOf(m.body))).toEqual(['n-2']);
  });

  it('recovers a move to the DLQ on both sides', () => {
    // Prepare
    const clock = manualClock();
    const dlq = queueOn('q-dlq', clock);
    const queue = queueOn('q', clock, { queue: dlq, maxReceiveCount: 1 });
    queue.send([noteBody('poison')]);
    queue.receive(1);
    clock.advance(VISIBILITY_MS);
    queue.receive(1);

    // Act
    const dlqAfter = queueOn('q-dlq', clock);
    const queueAfter = queueOn('q', clock, { queue: dlqAfter, maxReceiveCount: 1 });

    // Assess
    expect(queueAfter.depth().total).toBe(0);
    expect(dlqAfter.peek().map((m) => noteIdOf(m.body))).toEqual(['poison']);
  });

  it('skips a torn last journal line and keeps journaling after it', () => {
    // Prepare
    const clock = manualClock();
    const before = queueOn('q', clock);
    before.send([noteBody('n-1'), noteBody('n-2')]);
    before.close();
    fs.appendFileSync(join(dataDir, 'q.jsonl'), '{"op":"send","id":"torn","body":"{\\"sou');

    // Act
    const after = queueOn('q', clock);
    after.send([noteBody('n-3')]);
    after.close();
    const again = queueOn('q', clock);

    // Assess
    expect(after.peek().map((m) => noteIdOf(m.body))).toEqual(['n-1', 'n-2', 'n-3']);
    expect(again.peek().map((m) => noteIdOf(m.body))).toEqual(['n-1', 'n-2', 'n-3']);
  });

  it('keeps each queue in its own journal', () => {
    // Prepare
    queueOn('a').send([noteBody('n-a')]);
    queueOn('b').send([noteBody('n-b')]);

    // Act
    const a = queueOn('a');

    // Assess
    expect(fs.readdirSync(dataDir).sort()).toEqual(['a.jsonl', 'b.jsonl']);
    expect(a.peek().map((m) => noteIdOf(m.body))).toEqual(['n-a']);
  });
});

describe('LocalQueue without dataDir', () => {
  it('writes nothing to disk and keeps nothing across instances', () => {
    // Prepare
    const clock = manualClock();
    vi.mocked(fs.openSync).mockClear();
    vi.mocked(fs.writeSync).mockClear();
    vi.mocked(fs.renameSync).mockClear();
    vi.mocked(fs.mkdirSync).mockClear();

    // Act
    const dlq = new LocalQueue({ name: 'mem-dlq', dataDir: undefined, visibilityTimeoutMs: VISIBILITY_MS, now: clock.now });
    const queue = new LocalQueue({
      name: 'mem',
      dataDir: undefined,
      visibilityTimeoutMs: VISIBILITY_MS,
      now: clock.now,
      deadLetter: { queue: dlq, maxReceiveCount: 1 },
    });
    queue.send([noteBody('n-1'), noteBody('n-2')]);
    const [r1] = queue.receive(1);
    queue.delete([r1!.receiptHandle]);
    queue.receive(1);
    clock.advance(VISIBILITY_MS);
    queue.receive(1); // moves n-2 to the DLQ
    dlq.redriveTo(queue);
    queue.close();
    const fresh = new LocalQueue({ name: 'mem', dataDir: undefined, visibilityTimeoutMs: VISIBILITY_MS, now: clock.now });

    // Assess
    expect(queue.depth().total).toBe(1);
    expect(fresh.depth().total).toBe(0);
    expect(fs.openSync).not.toHaveBeenCalled();
    expect(fs.writeSync).not.toHaveBeenCalled();
    expect(fs.renameSync).not.toHaveBeenCalled();
    expect(fs.mkdirSync).not.toHaveBeenCalled();
  });

  it('(control) the same spies do see a queue with a dataDir write', () => {
    // Prepare
    const dataDir = fs.mkdtempSync(join(tmpdir(), 'minqing-queue-'));
    vi.mocked(fs.writeSync).mockClear();

    // Act
    const queue = new LocalQueue({ name: 'disk', dataDir, visibilityTimeoutMs: VISIBILITY_MS, now: manualClock().now });
    queue.send([noteBody('n-1')]);
    queue.close();
    fs.rmSync(dataDir, { recursive: true, force: true });

    // Assess
    expect(fs.writeSync).toHaveBeenCalled();
  });
});

describe('Journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(join(tmpdir(), 'minqing-journal-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads nothing from a file that does not exist yet', () => {
    expect(new Journal(join(dir, 'none.jsonl')).read()).toEqual([]);
  });

  it('reads back what was appended, in order, creating missing folders', () => {
    // Prepare
    const path = join(dir, 'nested', 'j.jsonl');
    const journal = new Journal<{ n: number }>(path);

    // Act
    journal.append([{ n: 1 }, { n: 2 }]);
    journal.append([]);
    journal.append([{ n: 3 }]);
    journal.close();

    // Assess
    expect(new Journal(path).read()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(fs.readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });

  it('skips a torn last line', () => {
    const path = join(dir, 'j.jsonl');
    fs.writeFileSync(path, '{"n":1}\n{"n":2}\n{"n":');
    expect(new Journal(path).read()).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('rewrites the whole journal and leaves no temporary file', () => {
    // Prepare
    const path = join(dir, 'j.jsonl');
    const journal = new Journal<{ n: number }>(path);
    journal.append([{ n: 1 }, { n: 2 }]);

    // Act
    journal.rewrite([{ n: 9 }]);
    journal.append([{ n: 10 }]);
    journal.close();

    // Assess
    expect(new Journal(path).read()).toEqual([{ n: 9 }, { n: 10 }]);
    expect(fs.readdirSync(dir)).toEqual(['j.jsonl']);
  });

  it('keeps nothing without a path', () => {
    const journal = new Journal<{ n: number }>(undefined);
    journal.append([{ n: 1 }]);
    journal.rewrite([{ n: 2 }]);
    expect(journal.read()).toEqual([]);
  });
});
