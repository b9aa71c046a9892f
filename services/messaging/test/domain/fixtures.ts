import type { Message } from '../../src/domain/message.ts';

/** The city's time limits the domain tests use: 5 days to reply, 7 to rate. */
export const sla = { replyDays: 5, ratingWindowDays: 7 };

/** A message submitted to deputy D0001 of 鹿城镇 on 5 March 2026, waiting for its reply; `overrides` change what a test needs. */
export function submittedMessage(overrides: Partial<Message> = {}): Message {
  return {
    messageId: 'm-0000000000000007',
    trackingCode: 'TC07-0000',
    category: 'public_facilities',
    content: '小区门口路灯坏了一个月。',
    via: 'deputy',
    deputyCode: 'D0001',
    deputyLevel: 'township',
    townshipCode: 'lucheng',
    status: 'submitted',
    submittedAt: '2026-03-05T01:00:00.000Z',
    replyDueAt: '2026-03-10T01:00:00.000Z',
    replyOverdue: false,
    reopenedOnce: false,
    thread: [],
    timeline: [{ at: '2026-03-05T01:00:00.000Z', status: 'submitted', text: '您的留言已收到。' }],
    ...overrides,
  };
}
