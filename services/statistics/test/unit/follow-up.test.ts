import { describe, expect, it } from 'vitest';
import { MessageFollowUpAnswered } from '../../../../shared/events/messaging/index.ts';
import { factWrites } from '../../src/domain/fact-writes.ts';
import type { MessageFacts } from '../../src/domain/facts.ts';
import { followUpFigures } from '../../src/domain/follow-up.ts';

/** The follow-up questionnaire's answers as statistics keeps and counts them. */

describe('follow-up figures', () => {
  it('writes the answers on the message record, the same however often the event is told', () => {
    // Act
    const writes = factWrites({ detailType: 'MessageFollowUpAnswered', data: MessageFollowUpAnswered.sample }, '2026-03-09T12:00:00.000Z');

    // Assess
    expect(writes).toEqual([
      {
        target: { kind: 'message', messageId: 'm-01JNQ5Y8R2W3' },
        set: { followUpSolved: 'partly', followUpReplyUseful: true, followUpWouldUseAgain: true },
      },
    ]);
  });

  it('counts only the messages whose citizen answered', () => {
    // Prepare
    const messages: MessageFacts[] = [
      { messageId: 'm-1', followUpSolved: 'yes', followUpReplyUseful: true, followUpWouldUseAgain: true },
      { messageId: 'm-2', followUpSolved: 'no', followUpReplyUseful: false, followUpWouldUseAgain: true },
      { messageId: 'm-3', followUpSolved: 'partly', followUpReplyUseful: true, followUpWouldUseAgain: false },
      { messageId: 'm-4', rating: 'satisfied' },
    ];

    // Act
    const figures = followUpFigures(messages);

    // Assess
    expect(figures).toEqual({ answered: 3, solved: { yes: 1, partly: 1, no: 1 }, replyUseful: 2, wouldUseAgain: 2 });
  });
});
