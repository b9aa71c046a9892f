import { describe, expect, it } from 'vitest';
import { MessageRatingReminderDue } from '../../../../shared/events/messaging/index.ts';
import { recipientKey } from '../../src/domain/channels.ts';
import type { MessageFacts } from '../../src/domain/read-model.ts';
import { noticesFor, type NoticeContext } from '../../src/domain/recipients.ts';
import { render, templatesOf } from '../../src/domain/templates.ts';

/** 评价提醒: the citizen who left a phone is asked once to rate before the window closes. */

const city: NoticeContext['city'] = { publicBaseUrl: 'https://chuxiong.example/', timeZone: 'Asia/Shanghai', categoryName: (code) => code };
const message: MessageFacts = {
  messageId: 'm-01JNQ5Y8R2W3',
  trackingCode: 'K7PQ-3MXD',
  category: 'public_facilities',
  deputyCode: 'D0001',
  citizenCanBeTexted: true,
  heldForReview: false,
};
const trigger = { detailType: 'MessageRatingReminderDue', data: MessageRatingReminderDue.sample } as const;

describe('MessageRatingReminderDue', () => {
  it('texts the citizen the tracking page and when the window closes', () => {
    // Act
    const notices = noticesFor(trigger, { city, message });

    // Assess
    expect(notices.map((n) => [recipientKey(n.recipient), n.offered, n.template, n.link])).toEqual([
      ['citizen:m-01JNQ5Y8R2W3', ['sms'], 'message_rating_reminder', 'https://chuxiong.example/t/K7PQ-3MXD'],
    ]);
    const text = render(templatesOf('demo'), notices[0]!.template, notices[0]!.params).text;
    expect(text).toContain('3月13日 10:00');
    expect(text).toContain('https://chuxiong.example/t/K7PQ-3MXD');
  });

  it('tells nobody when the citizen left no phone, or the message is unknown', () => {
    // Act
    const withoutPhone = noticesFor(trigger, { city, message: { ...message, citizenCanBeTexted: false } });
    const unknown = noticesFor(trigger, { city });

    // Assess
    expect(withoutPhone).toEqual([]);
    expect(unknown).toEqual([]);
  });
});
