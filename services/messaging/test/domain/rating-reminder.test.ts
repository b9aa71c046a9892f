import { describe, expect, it } from 'vitest';
import { nextDeadline, rate, remindToRate, reply, UNRATED_CLOSE } from '../../src/domain/message.ts';
import { sla, submittedMessage } from './fixtures.ts';

/** 评价提醒: one reminder to rate in the last days of the window, then the unrated close. */

const submitted = submittedMessage({ messageId: 'm-0000000000000009', trackingCode: 'TC09-0000' });
const day = (d: number, hour = 2) => new Date(Date.UTC(2026, 2, d, hour));
/** Answered on 6 March: the window closes on 13 March, the reminder is due on 11 March. */
const answered = reply(submitted, { deputyCode: 'D0001', content: '已通知环卫所清理。', close: true }, day(6), sla).next;

describe('remindToRate', () => {
  it('is due two days before the window closes, and reminds once', () => {
    // Act
    const early = remindToRate(answered, day(10));
    const due = remindToRate(answered, day(11));
    const again = remindToRate(due!.next, day(12));

    // Assess
    expect(nextDeadline(answered)).toEqual({ kind: 'remind', at: day(11).toISOString() });
    expect(early).toBeUndefined();
    expect(due!.next.ratingRemindedAt).toBe(day(11).toISOString());
    expect(due!.emitted.map((e) => [e.contract.detailType, e.data])).toEqual([
      [
        'MessageRatingReminderDue',
        { messageId: answered.messageId, trackingCode: 'TC09-0000', closeDueAt: day(13).toISOString(), remindedAt: day(11).toISOString() },
      ],
    ]);
    expect(nextDeadline(due!.next)).toEqual({ kind: 'close', at: day(13).toISOString() });
    expect(again).toBeUndefined();
  });

  it('closes the message unrated instead when the sweep comes after the window closed', () => {
    // Act
    const late = remindToRate(answered, day(14));

    // Assess
    expect(late!.next.status).toBe('closed');
    expect(late!.next.timeline.at(-1)).toMatchObject({ status: 'closed', text: UNRATED_CLOSE });
    expect(late!.emitted.map((e) => e.contract.detailType)).toEqual(['MessageClosed']);
  });

  it('does not remind a citizen who rated', () => {
    // Prepare
    const rated = rate(answered, { rating: 'satisfied' }, day(8)).next;

    // Act & Assess
    expect(remindToRate(rated, day(11))).toBeUndefined();
    expect(['remind', 'close']).not.toContain(nextDeadline(rated)?.kind);
  });
});

describe('nextDeadline of an overdue reply', () => {
  it('keeps a reply flagged overdue and still owed in the index by its deadline, and drops it once answered', () => {
    // Prepare
    const overdue = { ...submitted, replyDueAt: day(10).toISOString(), replyOverdue: true };

    // Act
    const answeredLate = reply(overdue, { deputyCode: 'D0001', content: '抱歉回复晚了，已处理。', close: false }, day(12), sla).next;

    // Assess
    expect(nextDeadline(overdue)).toEqual({ kind: 'reply_overdue', at: day(10).toISOString() });
    expect(nextDeadline(answeredLate)).toBeUndefined();
  });
});
