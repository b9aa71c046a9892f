import { describe, expect, it } from 'vitest';
import { followCase, type CaseStep } from '../../src/domain/case-steps.ts';
import type { Message } from '../../src/domain/message.ts';

/** Messaging follows its case's steps, which the queue may deliver twice or out of order. */

const sla = { replyDays: 5, ratingWindowDays: 7 };
const UNIT = 'u-lucheng-jianshe';
const escalated: Message = {
  messageId: 'm-0000000000000001',
  trackingCode: 'TC01-0000',
  category: 'public_facilities',
  content: '村里篮球场晚上没有灯。',
  via: 'deputy',
  deputyCode: 'D0001',
  deputyLevel: 'township',
  townshipCode: 'lucheng',
  status: 'escalated',
  submittedAt: '2026-03-05T01:00:00.000Z',
  replyOverdue: false,
  reopenedOnce: false,
  caseId: 'c-0000000000000001',
  thread: [],
  timeline: [{ at: '2026-03-05T01:00:00.000Z', status: 'submitted', text: '您的留言已收到。' }],
} as Message;

const opened: CaseStep = { type: 'opened' };
const forwarded: CaseStep = { type: 'forwarded', unitCode: UNIT, unitName: '鹿城镇建设中心', dueDate: '2026-03-25' };
const accepted: CaseStep = { type: 'accepted', unitCode: UNIT, committedDate: '2026-03-20' };
const at = (hour: number) => new Date(`2026-03-05T${String(hour).padStart(2, '0')}:00:00.000Z`);

/** Applies steps `[step, sequence, hour]` in the order given, as the queue delivered them. */
function deliver(steps: readonly [CaseStep, number, number][], from: Message = escalated): Message {
  return steps.reduce((m, [step, sequence, hour]) => followCase(m, step, sequence, at(hour), sla)?.next ?? m, from);
}

describe('followCase: steps out of order', () => {
  it('gives the unit the message and the citizen every step in time order when CaseForwarded arrives after CaseAccepted', () => {
    // Prepare
    const inOrder = deliver([
      [opened, 1, 2],
      [forwarded, 2, 3],
      [accepted, 3, 4],
    ]);

    // Act
    const reordered = deliver([
      [opened, 1, 2],
      [accepted, 3, 4],
      [forwarded, 2, 3],
    ]);

    // Assess
    expect(reordered.forwardedUnitCode).toBe(UNIT);
    expect(reordered.status).toBe('in_progress');
    expect(reordered.timeline).toEqual(inOrder.timeline);
    expect(reordered.caseGaps).toBeUndefined();
  });

  it('applies a late step once: its replay changes nothing', () => {
    // Prepare
    const reordered = deliver([
      [opened, 1, 2],
      [accepted, 3, 4],
      [forwarded, 2, 3],
    ]);

    // Act
    const replayed = followCase(reordered, forwarded, 2, at(3), sla);

    // Assess
    expect(replayed).toBeUndefined();
  });

  it('keeps the unit out when a late CaseForwarded arrives after the case was returned', () => {
    // Prepare
    const returned = deliver([
      [opened, 1, 2],
      [{ type: 'returned' }, 3, 4],
    ]);

    // Act
    const next = deliver([[forwarded, 2, 3]], returned);

    // Assess
    expect(next.forwardedUnitCode).toBeUndefined();
    expect(next.status).toBe('submitted');
    expect(next.timeline.map((e) => e.status)).toEqual(['submitted', 'under_review', 'forwarded', 'submitted']);
  });
});

describe('followCase: the unit leaves with the case', () => {
  it.each([
    ['returned', { type: 'returned' }],
    ['declined', { type: 'declined', reason: '不属于人大职责范围。' }],
    ['reassignment asked', { type: 'reassign_requested' }],
  ] as [string, CaseStep][])('stops the unit reading the message once the case is %s', (_, step) => {
    // Prepare
    const withUnit = deliver([
      [opened, 1, 2],
      [forwarded, 2, 3],
    ]);

    // Act
    const next = deliver([[step, 3, 4]], withUnit);

    // Assess
    expect(withUnit.forwardedUnitCode).toBe(UNIT);
    expect(next.forwardedUnitCode).toBeUndefined();
  });
});

describe('followCase: merged with reports of the same problem', () => {
  it('tells each citizen of the merge without changing where the matter stands, once however often delivered', () => {
    // Prepare
    const underReview = deliver([[opened, 1, 2]]);
    const merged: CaseStep = { type: 'merged', role: 'merged', reporters: 2 };

    // Act
    const follower = deliver([[merged, 2, 3]], underReview);
    const replayed = followCase(follower, merged, 2, at(3), sla);
    const primary = deliver([[{ type: 'merged', role: 'primary', reporters: 3 }, 2, 3]], underReview);

    // Assess
    expect(follower.status).toBe('under_review');
    expect(follower.timeline.at(-1)).toMatchObject({ status: 'under_review', text: expect.stringContaining('已与同类诉求合并办理') });
    expect(replayed).toBeUndefined();
    expect(primary.timeline.at(-1)!.text).toContain('共3位群众反映');
  });

  it('puts a merge delivered after the next step in its place, leaving the later status', () => {
    // Prepare
    const inOrder = deliver([
      [opened, 1, 2],
      [{ type: 'merged', role: 'merged', reporters: 2 }, 2, 3],
      [forwarded, 3, 4],
    ]);

    // Act
    const reordered = deliver([
      [opened, 1, 2],
      [forwarded, 3, 4],
      [{ type: 'merged', role: 'merged', reporters: 2 }, 2, 3],
    ]);

    // Assess
    expect(reordered.status).toBe('forwarded');
    expect(reordered.timeline).toEqual(inOrder.timeline);
    expect(reordered.caseGaps).toBeUndefined();
  });
});
