import { describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { ConflictError, InvalidInputError, NotYetAvailableError, TooManyRequestsError } from '../../../../shared/runtime/errors.ts';
import { INTAKE_LIMITS, type DeputyLoad } from '../../src/domain/intake.ts';
import { submitMessage, type SubmitMessageInput } from '../../src/use-cases/submit-message.ts';
import { deputyLoad, MemoryCounters, MemoryDirectory, MemoryMessages, MemoryRegistry, memoryCipher, memorySources, sequentialIds } from './in-memory.ts';

/** 群众留言 on in-memory ports: who is made answerable, and what intake refuses or holds. */

const city = loadCityConfig('demo');
const now = new Date('2026-03-05T02:00:00Z');
const cause = { correlationId: 'corr-1', causationId: 'req-1' };
const deputy = deputyLoad;

function intake(deputies: readonly DeputyLoad[] = [], stations: readonly string[] = [], inOfficeAtIdentity: readonly string[] = []) {
  const messages = new MemoryMessages();
  const directory = new MemoryDirectory(deputies, stations);
  const ports = {
    messages,
    directory,
    registry: new MemoryRegistry(inOfficeAtIdentity),
    counters: new MemoryCounters(),
    sources: memorySources,
    cipher: memoryCipher,
    city,
    ids: sequentialIds(),
  };
  const submit = (input: Partial<SubmitMessageInput>, request: { clientIp?: string; idempotencyKey?: string } = {}) =>
    submitMessage(
      ports,
      { category: 'public_facilities', content: '村里篮球场晚上没有灯，孩子们没法打球。', ...input },
      { clientIp: request.clientIp ?? '2001:db8::1', cause, ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}) },
      now,
    );
  return { ports, messages, directory, submit };
}

async function rejection(attempt: Promise<unknown>): Promise<unknown> {
  try {
    await attempt;
  } catch (error) {
    return error;
  }
  throw new Error('expected the submission to be refused');
}

describe('submitMessage: who answers', () => {
  it('makes the deputy named by the code answerable, with a reply deadline, and counts the message on their load', async () => {
    // Prepare
    const { messages, directory, submit } = intake([deputy('D0001', 3), deputy('D0002', 0)]);

    // Act
    const result = await submit({ deputyCode: 'D0001', phone: '13912345678', name: '王小明' });

    // Assess
    expect(result).toEqual({ messageId: 'm-0000000000000001', trackingCode: 'TC01-0000', trackingToken: 'token-1', status: 'submitted' });
    const stored = messages.items.get(result.messageId)!;
    expect(stored.message).toMatchObject({ status: 'submitted', via: 'deputy', deputyCode: 'D0001', deputyLevel: 'township', townshipCode: 'lucheng' });
    expect(stored.message.replyDueAt).toBeDefined();
    expect(messages.events.map((e) => e.detailType)).toEqual(['MessageSubmitted', 'MessageAssigned']);
    expect(messages.events[1]!.detail.data).toMatchObject({ deputyCode: 'D0001', reason: 'deputy_code', replyDueAt: stored.message.replyDueAt });
    expect(messages.events[0]!.detail.data).toMatchObject({ deputyCode: 'D0001', citizenCanBeTexted: true, heldForReview: false });
    expect(directory.load('D0001')).toBe(4);
    expect(directory.load('D0002')).toBe(0);
  });

  it("keeps the citizen's name, phone and tracking token out of the message, its events and its secrets in plain text", async () => {
    // Prepare
    const { messages, submit } = intake([deputy('D0001', 0)]);

    // Act
    const { messageId, trackingToken } = await submit({ deputyCode: 'D0001', phone: '13912345678', name: '王小明' });

    // Assess
    const stored = JSON.stringify({ ...messages.items.get(messageId), events: messages.events });
    expect(stored).not.toContain('13912345678');
    expect(stored).not.toContain('王小明');
    expect(stored).not.toContain(trackingToken);
    const { secrets } = messages.items.get(messageId)!;
    expect(await memoryCipher.decrypt(secrets.phoneEncrypted!)).toBe('13912345678');
    expect(await memoryCipher.decrypt(secrets.trackingTokenEncrypted)).toBe(trackingToken);
  });

  it("gives a station's message to its least-loaded active deputy, the lower code on a tie", async () => {
    // Prepare
    const { messages, directory, submit } = intake([
      deputy('D0003', 2),
      deputy('D0005', 1),
      deputy('D0004', 1),
      deputy('D0001', 0, { active: false }),
      deputy('D0009', 0, { stationCode: 'st-other' }),
    ]);

    // Act
    const first = await submit({ stationCode: 'st-lucheng-01' });
    const second = await submit({ stationCode: 'st-lucheng-01', content: '小区门口的路灯坏了一个月了。' });

    // Assess
    expect(messages.items.get(first.messageId)!.message).toMatchObject({ via: 'station', stationCode: 'st-lucheng-01', deputyCode: 'D0004' });
    expect(messages.items.get(second.messageId)!.message.deputyCode).toBe('D0005');
    expect(messages.events.filter((e) => e.detailType === 'MessageAssigned').map((e) => e.detail.data)).toEqual([
      expect.objectContaining({ deputyCode: 'D0004', stationCode: 'st-lucheng-01', reason: 'least_loaded' }),
      expect.objectContaining({ deputyCode: 'D0005', stationCode: 'st-lucheng-01', reason: 'least_loaded' }),
    ]);
    expect([directory.load('D0004'), directory.load('D0005'), directory.load('D0003'), directory.load('D0001')]).toEqual([2, 2, 2, 0]);
  });

  it("scopes the message to the deputy's township, keeping the township the citizen typed as its location only", async () => {
    // Prepare
    const { messages, submit } = intake([deputy('D0001', 0)]);

    // Act
    const { messageId } = await submit({ deputyCode: 'D0001', townshipCode: 'zixi' });

    // Assess
    expect(messages.items.get(messageId)!.message).toMatchObject({ townshipCode: 'lucheng', locationTownshipCode: 'zixi' });
    expect(messages.events.map((e) => (e.detail.data as { townshipCode?: string }).townshipCode)).toEqual(['lucheng', undefined]);
  });

  it('holds a message to a station with no active deputy left, assigning nobody', async () => {
    // Prepare
    const { messages, directory, submit } = intake([deputy('D0001', 0, { active: false })], ['st-empty']);

    // Act
    const fromVacated = await submit({ stationCode: 'st-lucheng-01' });
    const fromEmpty = await submit({ stationCode: 'st-empty' });

    // Assess
    for (const { messageId } of [fromVacated, fromEmpty]) {
      expect(messages.items.get(messageId)!.message).toMatchObject({ status: 'held' });
      expect(messages.items.get(messageId)!.message.deputyCode).toBeUndefined();
    }
    expect(messages.events.map((e) => [e.detailType, (e.detail.data as { heldForReview: boolean }).heldForReview])).toEqual([
      ['MessageSubmitted', true],
      ['MessageSubmitted', true],
    ]);
    expect(directory.load('D0001')).toBe(0);
  });

  it.each([
    ['an unknown deputy', { deputyCode: 'D9999' }, 'deputyCode'],
    ['a deputy no longer in office', { deputyCode: 'D0002' }, 'deputyCode'],
    ['an unknown station', { stationCode: 'st-nowhere' }, 'stationCode'],
    ['an unknown category', { deputyCode: 'D0001', category: 'weather' }, 'category'],
    ['an unknown township', { deputyCode: 'D0001', townshipCode: 'atlantis' }, 'townshipCode'],
  ])('refuses %s, naming the field, and stores nothing', async (_, input, path) => {
    // Prepare
    const { messages, directory, submit } = intake([deputy('D0001', 0), deputy('D0002', 0, { active: false })]);

    // Act
    const error = await rejection(submit(input));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).details).toEqual([expect.objectContaining({ path })]);
    expect(messages.items.size).toBe(0);
    expect(directory.load('D0001')).toBe(0);
  });

  it('answers a deputy identity has in office but messaging does not know yet with a retryable 503 in Chinese, and takes the same text once the deputy arrives', async () => {
    // Prepare: D0900 was imported seconds ago; its events have not reached messaging
    const { messages, directory, submit } = intake([deputy('D0001', 0)], [], ['D0001', 'D0900']);
    const attempts = [rejection(submit({ deputyCode: 'D0900' })), rejection(submit({ deputyCode: 'D0900' })), rejection(submit({ deputyCode: 'D0900' }))];

    // Act: three automatic resubmissions are refused, then the deputy reaches messaging
    const refusals = await Promise.all(attempts);
    const storedWhileSyncing = messages.items.size;
    directory.deputies.set('D0900', deputy('D0900', 0));
    const taken = await submit({ deputyCode: 'D0900' });

    // Assess: refused as not yet there, and the resubmitted text is not taken for a flood
    for (const error of refusals) {
      expect(error).toBeInstanceOf(NotYetAvailableError);
      expect(error).toMatchObject({ status: 503, code: 'DEPUTY_SYNCING', retryable: true, retryAfterSeconds: expect.any(Number) });
      expect((error as NotYetAvailableError).message).toMatch(/正在同步/);
      expect((error as NotYetAvailableError).details).toEqual([{ path: 'deputyCode', message: expect.stringMatching(/正在同步/) }]);
    }
    expect(storedWhileSyncing).toBe(0);
    expect(messages.items.get(taken.messageId)!.message).toMatchObject({ status: 'submitted', deputyCode: 'D0900' });
  });

  it('still refuses a deputy whose term ended as not in office, whatever identity says', async () => {
    // Prepare
    const { submit } = intake([deputy('D0002', 0, { active: false })], [], ['D0002']);

    // Act
    const error = await rejection(submit({ deputyCode: 'D0002' }));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
  });
});

describe('submitMessage: an Idempotency-Key', () => {
  it('answers a replay of the same request as the first time, storing and counting it once', async () => {
    // Prepare
    const { messages, directory, submit } = intake([deputy('D0001', 0)]);
    const first = await submit({ deputyCode: 'D0001' }, { idempotencyKey: 'key-1' });

    // Act
    const again = await submit({ deputyCode: 'D0001' }, { idempotencyKey: 'key-1', clientIp: '2001:db8::2' });

    // Assess
    expect(again).toEqual(first);
    expect(messages.items.size).toBe(1);
    expect(messages.events).toHaveLength(2);
    expect(directory.load('D0001')).toBe(1);
  });

  it('refuses the key reused with another request', async () => {
    // Prepare
    const { messages, submit } = intake([deputy('D0001', 0)]);
    await submit({ deputyCode: 'D0001' }, { idempotencyKey: 'key-1' });

    // Act
    const error = await rejection(submit({ deputyCode: 'D0001', content: '另一条留言：小区的垃圾没人收。' }, { idempotencyKey: 'key-1' }));

    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(messages.items.size).toBe(1);
  });

  it("answers two simultaneous requests with one key as one, and gives back the loser's count", async () => {
    // Prepare
    const { messages, directory, submit } = intake([deputy('D0001', 0)]);

    // Act
    const [a, b] = await Promise.all([
      submit({ deputyCode: 'D0001' }, { idempotencyKey: 'key-1' }),
      submit({ deputyCode: 'D0001' }, { idempotencyKey: 'key-1' }),
    ]);

    // Assess
    expect(b).toEqual(a);
    expect(messages.items.size).toBe(1);
    expect(directory.load('D0001')).toBe(1);
  });
});

describe('submitMessage: intake protection', () => {
  it(`refuses a source's submission past ${INTAKE_LIMITS.perMinute} a minute with the seconds to wait, storing nothing more`, async () => {
    // Prepare
    const { messages, submit } = intake([deputy('D0001', 0)]);
    for (let i = 0; i < INTAKE_LIMITS.perMinute; i++)
      await submit({ deputyCode: 'D0001', content: `第${'一二三四五六七八九十'[i % 10]}${i < 10 ? '条' : '件'}留言：路灯坏了` });

    // Act
    const error = await rejection(submit({ deputyCode: 'D0001', content: '又一条留言：井盖破损' }));
    const elsewhere = await submit({ deputyCode: 'D0001', content: '又一条留言：井盖破损' }, { clientIp: '2001:db8::99' });

    // Assess
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).retryAfterSeconds).toBe(60);
    expect(messages.items.size).toBe(INTAKE_LIMITS.perMinute + 1);
    expect(elsewhere.status).toBe('submitted');
  });

  it(`holds the same text from one source past ${INTAKE_LIMITS.sameTextPerHour} an hour for review, assigning nobody`, async () => {
    // Prepare
    const { messages, directory, submit } = intake([deputy('D0001', 0)]);
    for (let i = 0; i < INTAKE_LIMITS.sameTextPerHour; i++) await submit({ deputyCode: 'D0001', content: '路灯坏了！！' });

    // Act: the same words, spaced and numbered differently
    const flood = await submit({ deputyCode: 'D0001', content: '路灯 坏了 3' });

    // Assess
    const held = messages.items.get(flood.messageId)!.message;
    expect(held).toMatchObject({ status: 'held', deputyCode: 'D0001' });
    expect(held.replyDueAt).toBeUndefined();
    const floodEvents = messages.events.filter((e) => (e.detail.data as { messageId: string }).messageId === flood.messageId);
    expect(floodEvents.map((e) => e.detailType)).toEqual(['MessageSubmitted']);
    expect(floodEvents[0]!.detail.data).toMatchObject({ heldForReview: true, deputyCode: undefined, replyDueAt: undefined });
    expect(directory.load('D0001')).toBe(INTAKE_LIMITS.sameTextPerHour);
  });

  it("gives the deputy's count back when the message cannot be written", async () => {
    // Prepare
    const { messages, directory, submit } = intake([deputy('D0001', 5)]);
    messages.failNextCreate = new Error('table unavailable');

    // Act
    const error = await rejection(submit({ deputyCode: 'D0001' }));

    // Assess
    expect(error).toMatchObject({ message: 'table unavailable' });
    expect(messages.items.size).toBe(0);
    expect(directory.load('D0001')).toBe(5);
  });
});
