import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import { answerFollowUp, canFollowUp } from '../../src/domain/follow-up.ts';
import { reply } from '../../src/domain/message.ts';
import { trackingView } from '../../src/domain/views.ts';
import { sla, submittedMessage } from './fixtures.ts';

/** 回访问卷: three questions after an answer, once per message, facts for statistics. */

const submitted = submittedMessage({ messageId: 'm-000000000000000a', trackingCode: 'TC0A-0000' });
const now = new Date('2026-03-07T12:00:00.000Z');
const answered = reply(submitted, { deputyCode: 'D0001', content: '已请村委会更换器材。', close: true }, new Date('2026-03-06T02:00:00.000Z'), sla).next;
const answers = { solved: 'partly', replyUseful: true, wouldUseAgain: false } as const;

describe('answerFollowUp', () => {
  it('keeps the answers, leaves the message where it stands and tells statistics', () => {
    // Act
    const { next, emitted } = answerFollowUp(answered, answers, now);

    // Assess
    expect(next.followUp).toEqual({ ...answers, at: now.toISOString() });
    expect(next.status).toBe('answered');
    expect(next.timeline).toEqual(answered.timeline);
    expect(emitted.map((e) => [e.contract.detailType, e.data])).toEqual([
      ['MessageFollowUpAnswered', { messageId: answered.messageId, ...answers, answeredAt: now.toISOString() }],
    ]);
    expect(trackingView(next)).toMatchObject({ canFollowUp: false, followUp: answers });
  });

  it('is asked only after an answer, and only once', () => {
    // Prepare
    const done = answerFollowUp(answered, answers, now).next;

    // Act
    const twice = (() => {
      try {
        answerFollowUp(done, answers, now);
      } catch (error) {
        return error;
      }
    })();
    const tooEarly = (() => {
      try {
        answerFollowUp(submitted, answers, now);
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(canFollowUp(submitted)).toBe(false);
    expect(canFollowUp(answered)).toBe(true);
    expect(trackingView(answered).canFollowUp).toBe(true);
    expect(twice).toBeInstanceOf(ConflictError);
    expect((twice as ConflictError).code).toBe('ALREADY_ANSWERED');
    expect((tooEarly as ConflictError).code).toBe('INVALID_STATE');
  });
});
