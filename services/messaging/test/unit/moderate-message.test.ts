import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../../shared/auth/caller.ts';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../../shared/runtime/errors.ts';
import { INTAKE_LIMITS, type DeputyLoad } from '../../src/domain/intake.ts';
import { markHoldOverdue } from '../../src/domain/moderation.ts';
import { rejectHeld, releaseHeld } from '../../src/use-cases/moderate-message.ts';
import { submitMessage } from '../../src/use-cases/submit-message.ts';
import { deputyLoad, MemoryDirectory, MemoryMessages, memoryIntakePorts } from './in-memory.ts';

/** 留言审核 on in-memory ports: the reviewers' queue, release and rejection. */

const city = loadCityConfig('demo');
const now = new Date('2026-03-05T02:00:00Z');
const later = new Date('2026-03-05T04:00:00Z');
const cause = { correlationId: 'corr-1', causationId: 'req-1' };
const deputy = deputyLoad;
const reviewer = (townshipCode: string): Caller => ({
  accountId: 'a-1',
  username: `${townshipCode}.reviewer`,
  name: '审核员',
  role: 'township_reviewer',
  scope: { townshipCode },
});

function moderation(deputies: readonly DeputyLoad[]) {
  const messages = new MemoryMessages();
  const directory = new MemoryDirectory(deputies);
  const intakePorts = memoryIntakePorts(messages, directory);
  const ports = { messages, directory, city: city.name, sla: city.sla };
  const submit = (input: { stationCode?: string; deputyCode?: string }, content = '村里篮球场晚上没有灯，孩子们没法打球。') =>
    submitMessage(intakePorts, { category: 'public_facilities', content, ...input }, { clientIp: '2001:db8::1', cause }, now);
  return { messages, directory, ports, submit };
}

async function refusal(attempt: Promise<unknown>): Promise<unknown> {
  try {
    await attempt;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to be refused');
}

describe('moderation: held messages reach a reviewer', () => {
  it("holds a message to a station with no deputy in office for its township's reviewers, with a deadline", async () => {
    // Prepare
    const { messages, submit } = moderation([deputy('D0001', 0, { active: false })]);

    // Act
    const { messageId } = await submit({ stationCode: 'st-lucheng-01' });

    // Assess
    const held = messages.items.get(messageId)!.message;
    expect(held).toMatchObject({ status: 'held', townshipCode: 'lucheng', hold: { reason: 'no_deputy', overdue: false } });
    expect(held.hold!.dueAt > now.toISOString()).toBe(true);
    expect((await messages.held({ townshipCode: 'lucheng', limit: 10 })).items.map((m) => m.messageId)).toEqual([messageId]);
    expect(messages.events[0]!.detail.data).toMatchObject({ heldForReview: true, holdReason: 'no_deputy', holdDueAt: held.hold!.dueAt });
  });

  it("releases a held message to the station's least-loaded deputy in office, restarting the reply deadline and counting the load", async () => {
    // Prepare: the station's deputies all left office, then one comes in
    const { messages, directory, ports, submit } = moderation([deputy('D0001', 0, { active: false }), deputy('D0002', 0, { active: false })]);
    const { messageId } = await submit({ stationCode: 'st-lucheng-01' });
    directory.deputies.get('D0002')!.active = true;

    // Act
    const released = await releaseHeld(ports, reviewer('lucheng'), { messageId }, { now: later, cause });

    // Assess
    expect(released).toMatchObject({ status: 'submitted', deputyCode: 'D0002' });
    expect(released.replyDueAt! > later.toISOString()).toBe(true);
    expect(released.timeline.at(-1)!.text).toBe('您的留言已送达代表D0002代表。');
    expect(directory.load('D0002')).toBe(1);
    expect(messages.events.at(-1)).toMatchObject({ detailType: 'MessageAssigned', detail: { data: { deputyCode: 'D0002', reason: 'released' } } });
    expect((await messages.held({ limit: 10 })).items).toEqual([]);
  });

  it('refuses a release with nobody to give it to, a named deputy out of office, another township, or twice', async () => {
    // Prepare
    const { ports, submit } = moderation([
      deputy('D0001', 0, { active: false }),
      deputy('D0009', 0, { townshipCode: 'donggua', stationCode: 'st-donggua-01' }),
    ]);
    const { messageId } = await submit({ stationCode: 'st-lucheng-01' });

    // Act
    const nobody = await refusal(releaseHeld(ports, reviewer('lucheng'), { messageId }, { now: later, cause }));
    const outOfOffice = await refusal(releaseHeld(ports, reviewer('lucheng'), { messageId, deputyCode: 'D0001' }, { now: later, cause }));
    const outOfScope = await refusal(releaseHeld(ports, reviewer('lucheng'), { messageId, deputyCode: 'D0009' }, { now: later, cause }));
    const foreign = await refusal(releaseHeld(ports, reviewer('donggua'), { messageId, deputyCode: 'D0009' }, { now: later, cause }));
    await rejectHeld(ports, reviewer('lucheng'), { messageId, reason: '内容重复' }, { now: later, cause });
    const twice = await refusal(rejectHeld(ports, reviewer('lucheng'), { messageId, reason: '内容重复' }, { now: later, cause }));

    // Assess
    expect(nobody).toBeInstanceOf(ConflictError);
    expect((nobody as ConflictError).code).toBe('NO_DEPUTY_IN_OFFICE');
    expect(outOfOffice).toBeInstanceOf(InvalidInputError);
    expect(outOfScope).toBeInstanceOf(InvalidInputError);
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(twice).toBeInstanceOf(ConflictError);
  });

  it('rejects a flood with a reason its sender reads, closing it', async () => {
    // Prepare
    const { messages, directory, ports, submit } = moderation([deputy('D0001', 0)]);
    for (let i = 0; i <= INTAKE_LIMITS.sameTextPerHour; i++) await submit({ deputyCode: 'D0001' }, '请大家关注这个问题！！');
    const [held] = (await messages.held({ limit: 10 })).items;

    // Act
    const rejected = await rejectHeld(ports, reviewer('lucheng'), { messageId: held!.messageId, reason: '同一内容重复提交' }, { now: later, cause });

    // Assess
    expect(held!.hold!.reason).toBe('flood');
    expect(rejected).toMatchObject({ status: 'closed', rejection: { reason: '同一内容重复提交', by: 'lucheng.reviewer' } });
    expect(rejected.timeline.at(-1)).toMatchObject({ status: 'closed', text: '您的留言未予受理：同一内容重复提交' });
    expect(messages.events.at(-1)).toMatchObject({ detailType: 'MessageClosed', detail: { data: { reason: 'rejected' } } });
    expect(directory.load('D0001')).toBe(INTAKE_LIMITS.sameTextPerHour);
  });

  it('flags a held message past its deadline once, and not before', async () => {
    // Prepare
    const { messages, submit } = moderation([deputy('D0001', 0, { active: false })]);
    const { messageId } = await submit({ stationCode: 'st-lucheng-01' });
    const held = messages.items.get(messageId)!.message;
    const pastDue = new Date(Date.parse(held.hold!.dueAt) + 1000);

    // Act
    const early = markHoldOverdue(held, later);
    const due = markHoldOverdue(held, pastDue)!;
    const again = markHoldOverdue(due.next, pastDue);

    // Assess
    expect(early).toBeUndefined();
    expect(due.next.hold!.overdue).toBe(true);
    expect(due.emitted.map((e) => e.contract.detailType)).toEqual(['MessageHoldOverdue']);
    expect(again).toBeUndefined();
  });
});
