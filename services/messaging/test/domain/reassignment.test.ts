import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/domain/message.ts';
import { reassign, successor } from '../../src/domain/reassignment.ts';
import { deputyLoad } from '../unit/in-memory.ts';

/** A deputy who leaves office hands each message they owe an answer to a colleague, or to the reviewers. */

const sla = { replyDays: 3, ratingWindowDays: 7 };
const now = new Date('2026-03-10T02:00:00.000Z');
const owed: Message = {
  messageId: 'm-0000000000000001',
  trackingCode: 'TC01-0000',
  category: 'public_facilities',
  content: '村里篮球场晚上没有灯。',
  via: 'station',
  stationCode: 'st-lucheng-01',
  deputyCode: 'D0001',
  deputyLevel: 'township',
  townshipCode: 'lucheng',
  status: 'submitted',
  submittedAt: '2026-03-05T01:00:00.000Z',
  replyDueAt: '2026-03-08T01:00:00.000Z',
  replyOverdue: true,
  reopenedOnce: false,
  thread: [],
  timeline: [{ at: '2026-03-05T01:00:00.000Z', status: 'submitted', text: '您的留言已收到。' }],
};
const deputy = deputyLoad;

describe('reassign', () => {
  it('gives the message to the new deputy with a fresh reply deadline, and tells the citizen why', () => {
    // Prepare
    const to = deputy('D0002', 0, { name: '李华' });

    // Act
    const moved = reassign(owed, { from: 'D0001', to, reason: 'term_ended' }, now, sla)!;

    // Assess
    expect(moved.next).toMatchObject({ status: 'submitted', deputyCode: 'D0002', replyDueAt: '2026-03-13T02:00:00.000Z', replyOverdue: false });
    expect(moved.next.timeline.at(-1)).toEqual({
      at: now.toISOString(),
      status: 'submitted',
      text: '原代表任期已结束，您的留言已转交李华代表，答复期限重新计算。',
    });
    expect(moved.emitted.map((e) => [e.contract.detailType, e.data])).toEqual([
      [
        'MessageReassigned',
        expect.objectContaining({ fromDeputyCode: 'D0001', toDeputyCode: 'D0002', held: false, reason: 'term_ended', dueAt: '2026-03-13T02:00:00.000Z' }),
      ],
      ['MessageAssigned', expect.objectContaining({ deputyCode: 'D0002', reason: 'reassigned', previousDeputyCode: 'D0001' })],
    ]);
  });

  it("puts the message in the township reviewers' queue when nobody at the station is in office", () => {
    // Act
    const moved = reassign(owed, { from: 'D0001', to: undefined, reason: 'deputy_disabled' }, now, sla)!;

    // Assess
    expect(moved.next.status).toBe('held');
    expect(moved.next.hold).toEqual({ reason: 'no_deputy', at: now.toISOString(), dueAt: '2026-03-13T02:00:00.000Z', overdue: false });
    expect(moved.next.timeline.at(-1)!.text).toBe('原代表已暂停处理留言，您的留言已转交乡镇（街道）人大，由其安排代表答复。');
    expect(moved.emitted.map((e) => e.data)).toEqual([expect.objectContaining({ held: true, townshipCode: 'lucheng', reason: 'deputy_disabled' })]);
  });

  it('leaves alone a message the deputy no longer owes (answered, escalated, or already moved)', () => {
    // Act
    const answered = reassign({ ...owed, status: 'answered' }, { from: 'D0001', to: deputy('D0002', 0), reason: 'term_ended' }, now, sla);
    const movedAlready = reassign({ ...owed, deputyCode: 'D0002' }, { from: 'D0001', to: deputy('D0003', 0), reason: 'term_ended' }, now, sla);

    // Assess
    expect(answered).toBeUndefined();
    expect(movedAlready).toBeUndefined();
  });
});

describe('successor', () => {
  it('is the least loaded in office at the station, never the deputy leaving', () => {
    // Prepare
    const station = [deputy('D0001', 0), deputy('D0002', 4), deputy('D0003', 2), deputy('D0004', 0, { active: false })];

    // Act
    const chosen = successor(station, 'D0001');
    const nobody = successor([deputy('D0001', 0), deputy('D0004', 0, { active: false })], 'D0001');

    // Assess
    expect(chosen?.code).toBe('D0003');
    expect(nobody).toBeUndefined();
  });
});
