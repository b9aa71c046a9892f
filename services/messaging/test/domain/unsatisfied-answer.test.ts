import { describe, expect, it } from 'vitest';
import { MessageSupervisionOpened } from '../../../../shared/events/messaging/index.ts';
import { followCase } from '../../src/domain/case-steps.ts';
import { rate, reply } from '../../src/domain/message.ts';
import { sla, submittedMessage } from './fixtures.ts';

/** 不满意必督办: a citizen unsatisfied with a deputy's direct answer sends the matter to supervision, once. */

const submitted = submittedMessage();
const at = (day: number) => new Date(`2026-03-${String(day).padStart(2, '0')}T02:00:00.000Z`);
const answered = reply(submitted, { deputyCode: 'D0001', content: '已联系物业，本周内修好。', close: true }, at(6), sla).next;

describe('rate: unsatisfied with a direct answer', () => {
  it('sends the matter to supervision with a case of its own and tells the citizen', () => {
    // Act
    const { next, emitted } = rate(answered, { rating: 'unsatisfied', comment: '没有修' }, at(8));

    // Assess
    expect(next).toMatchObject({ status: 'reopened', caseId: 'c-0000000000000007', reopenedOnce: true, closeDueAt: undefined });
    expect(next.timeline.at(-1)).toMatchObject({ status: 'reopened', text: expect.stringContaining('督办') });
    expect(emitted.map((e) => e.contract.detailType)).toEqual(['MessageRated', 'MessageSupervisionOpened']);
    const opened = emitted[1]!.data;
    expect(MessageSupervisionOpened.data.parse(opened)).toEqual({
      messageId: answered.messageId,
      caseId: 'c-0000000000000007',
      deputyCode: 'D0001',
      townshipCode: 'lucheng',
      category: 'public_facilities',
      openedAt: at(8).toISOString(),
    });
  });

  it('closes a message already supervised once when the citizen is unsatisfied again', () => {
    // Prepare: supervised, the case opened, resolved by a unit
    const supervised = rate(answered, { rating: 'unsatisfied' }, at(8)).next;
    const underReview = followCase(supervised, { type: 'opened' }, 1, at(8), sla)!.next;
    const resolved = followCase(underReview, { type: 'resolved', unitCode: 'u-lucheng-jianshe', result: '路灯已更换。' }, 2, at(12), sla)!.next;

    // Act
    const { next, emitted } = rate(resolved, { rating: 'unsatisfied' }, at(13));

    // Assess
    expect(underReview.status).toBe('under_review');
    expect(next.status).toBe('closed');
    expect(emitted.map((e) => e.contract.detailType)).toEqual(['MessageRated', 'MessageClosed']);
  });

  it('closes the message on any other rating of a direct answer', () => {
    // Act
    const { next, emitted } = rate(answered, { rating: 'basically_satisfied' }, at(8));

    // Assess
    expect(next).toMatchObject({ status: 'closed', reopenedOnce: false });
    expect(next.caseId).toBeUndefined();
    expect(emitted.map((e) => e.contract.detailType)).toEqual(['MessageRated', 'MessageClosed']);
  });
});
