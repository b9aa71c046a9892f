import { describe, expect, it } from 'vitest';
import { CaseForwarded, CaseOverdue, CaseResolved } from '../../../../shared/events/case-routing/index.ts';
import { MessageAssigned, MessageReplied, MessageReplyOverdue, MessageSubmitted } from '../../../../shared/events/messaging/index.ts';
import { DeputyFlagged } from '../../../../shared/events/scoring/index.ts';
import { recipientKey } from '../../src/domain/channels.ts';
import type { DeputyFacts, MessageFacts } from '../../src/domain/read-model.ts';
import { noticesFor, reviewerOf, type NoticeContext, type Trigger } from '../../src/domain/recipients.ts';

const city: NoticeContext['city'] = { publicBaseUrl: 'https://chuxiong.example/', timeZone: 'Asia/Shanghai', categoryName: (code) => (code === 'public_facilities' ? '公共设施' : code) };
const message: MessageFacts = { messageId: 'm-01jnq5y8r2w3', trackingCode: 'K7PQ-3MXD', category: 'public_facilities', deputyCode: 'D0001', townshipCode: 'lucheng', citizenCanBeTexted: true, heldForReview: false };
const townshipDeputy: DeputyFacts = { code: 'D0001', name: '李春华', level: 'township', townshipCode: 'lucheng', groupCode: 'grp-lucheng-1', active: true };
const cityDeputy: DeputyFacts = { ...townshipDeputy, level: 'city' };

/** Who is told, on which channels, with which template: the shape the rules are read in. */
const summary = (trigger: Trigger, context: Partial<NoticeContext> = {}) =>
  noticesFor(trigger, { city, ...context }).map((n) => `${recipientKey(n.recipient)} ${n.offered.join('+')} ${n.template}`);

describe('who gets what', () => {
  it('MessageSubmitted: the assigned deputy (in-app, SMS…) and the citizen a receipt with the tracking code', () => {
    // Act
    const trigger: Trigger = { detailType: 'MessageSubmitted', data: MessageSubmitted.sample };
    const notices = noticesFor(trigger, { city });

    // Assess
    expect(summary(trigger)).toEqual(['D0001 inapp+sms+wechat+email message_new', 'citizen:m-01JNQ5Y8R2W3 sms message_receipt']);
    expect(notices[0]!.params).toEqual({ category: '公共设施', replyDue: '3月8日 09:30' });
    expect(notices[1]!.params).toEqual({ trackingCode: 'K7PQ-3MXD', link: 'https://chuxiong.example/t/K7PQ-3MXD' });
  });

  it('MessageSubmitted: no receipt without a phone; nobody told of a message held as a flood', () => {
    expect(summary({ detailType: 'MessageSubmitted', data: { ...MessageSubmitted.sample, citizenCanBeTexted: false } })).toEqual(['D0001 inapp+sms+wechat+email message_new']);
    const held = { ...MessageSubmitted.sample, heldForReview: true, deputyCode: undefined, replyDueAt: undefined };
    expect(summary({ detailType: 'MessageSubmitted', data: held })).toEqual([]);
  });

  it('MessageAssigned: only a release from review tells the deputy (the others came with MessageSubmitted)', () => {
    expect(summary({ detailType: 'MessageAssigned', data: MessageAssigned.sample })).toEqual([]);
    expect(summary({ detailType: 'MessageAssigned', data: { ...MessageAssigned.sample, reason: 'released' } }, { message })).toEqual(['D0001 inapp+sms+wechat+email message_new']);
  });

  it('MessageReplied: the citizen, by SMS with the tracking page — to rate if the reply answers — never the token', () => {
    const answered = noticesFor({ detailType: 'MessageReplied', data: MessageReplied.sample }, { city, message });
    expect(answered.map((n) => [recipientKey(n.recipient), n.template, n.params.link])).toEqual([
      ['citizen:m-01JNQ5Y8R2W3', 'message_answered', 'https://chuxiong.example/t/K7PQ-3MXD'],
    ]);
    expect(summary({ detailType: 'MessageReplied', data: { ...MessageReplied.sample, closed: false } }, { message })).toEqual(['citizen:m-01JNQ5Y8R2W3 sms message_replied']);
    expect(summary({ detailType: 'MessageReplied', data: MessageReplied.sample }, { message: { ...message, citizenCanBeTexted: false } })).toEqual([]);
    expect(summary({ detailType: 'MessageReplied', data: MessageReplied.sample })).toEqual([]);
  });

  it('CaseResolved: the citizen of the message with its tracking code; nobody for a suggestion or an unknown message', () => {
    const notices = noticesFor({ detailType: 'CaseResolved', data: CaseResolved.sample }, { city, message });
    expect(notices.map((n) => [recipientKey(n.recipient), n.offered, n.template, n.params.trackingCode])).toEqual([
      ['citizen:m-01JNQ5Y8R2W3', ['sms'], 'case_resolved', 'K7PQ-3MXD'],
    ]);
    expect(notices[0]!.refs).toEqual({ messageId: 'm-01JNQ5Y8R2W3', caseId: 'c-01JNQ5Y8R2W3' });
    expect(summary({ detailType: 'CaseResolved', data: { ...CaseResolved.sample, messageId: undefined } }, { message })).toEqual([]);
    expect(summary({ detailType: 'CaseResolved', data: CaseResolved.sample })).toEqual([]);
  });

  it('CaseForwarded: the unit\'s handler account, in-app', () => {
    const [notice] = noticesFor({ detailType: 'CaseForwarded', data: CaseForwarded.sample }, { city });
    expect(summary({ detailType: 'CaseForwarded', data: CaseForwarded.sample })).toEqual(['u-lucheng-jianshe.handler inapp case_forwarded']);
    expect(notice!.params).toMatchObject({ unitName: '鹿城镇村镇规划建设服务中心', dueDate: '4月5日', acceptDue: '3月9日 10:00' });
  });

  it('MessageReplyOverdue: the deputy and the reviewer of the deputy\'s level', () => {
    const trigger: Trigger = { detailType: 'MessageReplyOverdue', data: MessageReplyOverdue.sample };
    expect(summary(trigger, { deputy: townshipDeputy })).toEqual(['D0001 inapp reply_overdue_deputy', 'lucheng.reviewer inapp reply_overdue_reviewer']);
    expect(summary(trigger, { deputy: cityDeputy })).toEqual(['D0001 inapp reply_overdue_deputy', 'city.reviewer inapp reply_overdue_reviewer']);
  });

  it('CaseOverdue: the one responsible and the reviewer, once each', () => {
    const resolution: Trigger = { detailType: 'CaseOverdue', data: CaseOverdue.sample };
    expect(summary(resolution, { deputy: townshipDeputy })).toEqual(['u-lucheng-jianshe.handler inapp case_overdue', 'lucheng.reviewer inapp case_overdue']);
    const review: Trigger = { detailType: 'CaseOverdue', data: { ...CaseOverdue.sample, stage: 'review', responsible: { role: 'township_reviewer', code: 'lucheng' } } };
    expect(summary(review, { deputy: townshipDeputy })).toEqual(['lucheng.reviewer inapp case_overdue']);
    const cityReview: Trigger = { detailType: 'CaseOverdue', data: { ...CaseOverdue.sample, stage: 'review', responsible: { role: 'city_reviewer' } } };
    expect(summary(cityReview, { deputy: cityDeputy })).toEqual(['city.reviewer inapp case_overdue']);
    expect(noticesFor(resolution, { city, deputy: townshipDeputy })[0]!.params).toEqual({ caseId: 'c-01JNQ5Y8R2W3', stage: '办结', dueAt: '3月30日 23:59' });
  });

  it('DeputyFlagged: the committee, and a township deputy\'s own township, in-app — a recommendation, not a removal', () => {
    const flagged: Trigger = { detailType: 'DeputyFlagged', data: DeputyFlagged.sample };
    expect(summary(flagged, { deputy: townshipDeputy })).toEqual(['city.reviewer inapp deputy_flagged', 'lucheng.reviewer inapp deputy_flagged']);
    expect(summary(flagged, { deputy: cityDeputy })).toEqual(['city.reviewer inapp deputy_flagged']);
    const [notice] = noticesFor(flagged, { city, deputy: townshipDeputy });
    expect(notice!.params).toEqual({ deputyName: '李春华', deputyCode: 'D0001', year: '2026', reason: '未经批准两次不参加代表活动' });
  });

  it('finds the reviewer without directory facts from the township the event names, else the city', () => {
    expect(reviewerOf(undefined, 'zixi')).toMatchObject({ kind: 'township_reviewer', account: 'zixi.reviewer', code: 'zixi' });
    expect(reviewerOf(undefined, undefined)).toMatchObject({ kind: 'city_reviewer', account: 'city.reviewer' });
    expect(reviewerOf(townshipDeputy, 'zixi')).toMatchObject({ account: 'lucheng.reviewer' });
  });
});
