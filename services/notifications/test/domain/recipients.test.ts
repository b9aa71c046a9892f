import { describe, expect, it } from 'vitest';
import { CaseForwarded, CaseOverdue, CaseResolved } from '../../../../shared/events/case-routing/index.ts';
import { MessageAssigned, MessageReplied, MessageReplyOverdue, MessageSubmitted, MessageWeChatBound } from '../../../../shared/events/messaging/index.ts';
import { DeputyFlagged } from '../../../../shared/events/scoring/index.ts';
import { recipientKey } from '../../src/domain/channels.ts';
import type { DeputyFacts, MessageFacts } from '../../src/domain/read-model.ts';
import { citizenChannels, noticesFor, reviewerOf, type NoticeContext, type Trigger } from '../../src/domain/recipients.ts';

const city: NoticeContext['city'] = {
  publicBaseUrl: 'https://chuxiong.example/',
  timeZone: 'Asia/Shanghai',
  categoryName: (code) => (code === 'public_facilities' ? '公共设施' : code),
};
const message: MessageFacts = {
  messageId: 'm-01jnq5y8r2w3',
  trackingCode: 'K7PQ-3MXD',
  category: 'public_facilities',
  deputyCode: 'D0001',
  townshipCode: 'lucheng',
  citizenCanBeTexted: true,
  heldForReview: false,
};
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
    // Prepare
    const held = { ...MessageSubmitted.sample, heldForReview: true, deputyCode: undefined, replyDueAt: undefined };

    // Act
    const withoutPhone = summary({ detailType: 'MessageSubmitted', data: { ...MessageSubmitted.sample, citizenCanBeTexted: false } });
    const flood = summary({ detailType: 'MessageSubmitted', data: held });

    // Assess
    expect(withoutPhone).toEqual(['D0001 inapp+sms+wechat+email message_new']);
    expect(flood).toEqual([]);
  });

  it('MessageAssigned: only a release from review tells the deputy (the others came with MessageSubmitted)', () => {
    // Act
    const assigned = summary({ detailType: 'MessageAssigned', data: MessageAssigned.sample });
    const released = summary({ detailType: 'MessageAssigned', data: { ...MessageAssigned.sample, reason: 'released' } }, { message });

    // Assess
    expect(assigned).toEqual([]);
    expect(released).toEqual(['D0001 inapp+sms+wechat+email message_new']);
  });

  it('MessageAssigned after a reassignment tells the new deputy, as for a new message', () => {
    // Act
    const reassigned = summary(
      { detailType: 'MessageAssigned', data: { ...MessageAssigned.sample, deputyCode: 'D0002', reason: 'reassigned', previousDeputyCode: 'D0001' } },
      { message },
    );

    // Assess
    expect(reassigned).toEqual(['D0002 inapp+sms+wechat+email message_new']);
  });

  it('MessageReplied: the citizen, by SMS with the tracking page — to rate if the reply answers — never the token', () => {
    // Act
    const answered = noticesFor({ detailType: 'MessageReplied', data: MessageReplied.sample }, { city, message });
    const stillOpen = summary({ detailType: 'MessageReplied', data: { ...MessageReplied.sample, closed: false } }, { message });
    const withoutPhone = summary({ detailType: 'MessageReplied', data: MessageReplied.sample }, { message: { ...message, citizenCanBeTexted: false } });
    const unknownMessage = summary({ detailType: 'MessageReplied', data: MessageReplied.sample });

    // Assess
    expect(answered.map((n) => [recipientKey(n.recipient), n.template, n.params.link])).toEqual([
      ['citizen:m-01JNQ5Y8R2W3', 'message_answered', 'https://chuxiong.example/t/K7PQ-3MXD'],
    ]);
    expect(stillOpen).toEqual(['citizen:m-01JNQ5Y8R2W3 sms message_replied']);
    expect(withoutPhone).toEqual([]);
    expect(unknownMessage).toEqual([]);
  });

  it('CaseResolved: the citizen of the message with its tracking code; nobody for a suggestion or an unknown message', () => {
    // Act
    const notices = noticesFor({ detailType: 'CaseResolved', data: CaseResolved.sample }, { city, message });
    const suggestion = summary({ detailType: 'CaseResolved', data: { ...CaseResolved.sample, messageId: undefined } }, { message });
    const unknownMessage = summary({ detailType: 'CaseResolved', data: CaseResolved.sample });

    // Assess
    expect(notices.map((n) => [recipientKey(n.recipient), n.offered, n.template, n.params.trackingCode])).toEqual([
      ['citizen:m-01JNQ5Y8R2W3', ['sms'], 'case_resolved', 'K7PQ-3MXD'],
    ]);
    expect(notices[0]!.refs).toEqual({ messageId: 'm-01JNQ5Y8R2W3', caseId: 'c-01JNQ5Y8R2W3' });
    expect(suggestion).toEqual([]);
    expect(unknownMessage).toEqual([]);
  });

  it("CaseForwarded: the unit's handler account, in-app", () => {
    // Act
    const [notice] = noticesFor({ detailType: 'CaseForwarded', data: CaseForwarded.sample }, { city });
    const told = summary({ detailType: 'CaseForwarded', data: CaseForwarded.sample });

    // Assess
    expect(told).toEqual(['u-lucheng-jianshe.handler inapp case_forwarded']);
    expect(notice!.params).toMatchObject({ unitName: '鹿城镇村镇规划建设服务中心', dueDate: '4月5日', acceptDue: '3月9日 10:00' });
  });

  it("MessageReplyOverdue: the deputy and the reviewer of the deputy's level", () => {
    // Prepare
    const trigger: Trigger = { detailType: 'MessageReplyOverdue', data: MessageReplyOverdue.sample };

    // Act
    const ofTownshipDeputy = summary(trigger, { deputy: townshipDeputy });
    const ofCityDeputy = summary(trigger, { deputy: cityDeputy });

    // Assess
    expect(ofTownshipDeputy).toEqual(['D0001 inapp reply_overdue_deputy', 'lucheng.reviewer inapp reply_overdue_reviewer']);
    expect(ofCityDeputy).toEqual(['D0001 inapp reply_overdue_deputy', 'city.reviewer inapp reply_overdue_reviewer']);
  });

  it('CaseOverdue: the one responsible and the reviewer, once each', () => {
    // Prepare
    const resolution: Trigger = { detailType: 'CaseOverdue', data: CaseOverdue.sample };
    const review: Trigger = {
      detailType: 'CaseOverdue',
      data: { ...CaseOverdue.sample, stage: 'review', responsible: { role: 'township_reviewer', code: 'lucheng' } },
    };
    const cityReview: Trigger = { detailType: 'CaseOverdue', data: { ...CaseOverdue.sample, stage: 'review', responsible: { role: 'city_reviewer' } } };

    // Act
    const inResolution = summary(resolution, { deputy: townshipDeputy });
    const inReview = summary(review, { deputy: townshipDeputy });
    const inCityReview = summary(cityReview, { deputy: cityDeputy });
    const [first] = noticesFor(resolution, { city, deputy: townshipDeputy });

    // Assess
    expect(inResolution).toEqual(['u-lucheng-jianshe.handler inapp case_overdue', 'lucheng.reviewer inapp case_overdue']);
    expect(inReview).toEqual(['lucheng.reviewer inapp case_overdue']);
    expect(inCityReview).toEqual(['city.reviewer inapp case_overdue']);
    expect(first!.params).toEqual({ caseId: 'c-01JNQ5Y8R2W3', stage: '办结', dueAt: '3月30日 23:59' });
  });

  it("DeputyFlagged: the committee, and a township deputy's own township, in-app — a recommendation, not a removal", () => {
    // Prepare
    const flagged: Trigger = { detailType: 'DeputyFlagged', data: DeputyFlagged.sample };

    // Act
    const ofTownshipDeputy = summary(flagged, { deputy: townshipDeputy });
    const ofCityDeputy = summary(flagged, { deputy: cityDeputy });
    const [notice] = noticesFor(flagged, { city, deputy: townshipDeputy });

    // Assess
    expect(ofTownshipDeputy).toEqual(['city.reviewer inapp deputy_flagged', 'lucheng.reviewer inapp deputy_flagged']);
    expect(ofCityDeputy).toEqual(['city.reviewer inapp deputy_flagged']);
    expect(notice!.params).toEqual({ deputyName: '李春华', deputyCode: 'D0001', year: '2026', reason: '未经批准两次不参加代表活动' });
  });

  it('finds the reviewer without directory facts from the township the event names, else the city', () => {
    // Act
    const ofTownship = reviewerOf(undefined, 'zixi');
    const ofNoTownship = reviewerOf(undefined, undefined);
    const ofKnownDeputy = reviewerOf(townshipDeputy, 'zixi');

    // Assess
    expect(ofTownship).toMatchObject({ kind: 'township_reviewer', account: 'zixi.reviewer', code: 'zixi' });
    expect(ofNoTownship).toMatchObject({ kind: 'city_reviewer', account: 'city.reviewer' });
    expect(ofKnownDeputy).toMatchObject({ account: 'lucheng.reviewer' });
  });
});

describe('how a citizen is told (citizenChannels)', () => {
  const onWeChat = { ...city, onWeChat: (template: string) => template !== 'message_rating_reminder' };

  it('chooses WeChat when the citizen chose it and the official account has the template, else SMS with a phone, else nothing', () => {
    // Act
    const chose = citizenChannels({ citizenCanBeTexted: true, citizenWeChat: true }, 'case_resolved', onWeChat);
    const noTemplate = citizenChannels({ citizenCanBeTexted: true, citizenWeChat: true }, 'message_rating_reminder', onWeChat);
    const noAccount = citizenChannels({ citizenCanBeTexted: true, citizenWeChat: true }, 'case_resolved', city);
    const phoneOnly = citizenChannels({ citizenCanBeTexted: true }, 'case_resolved', onWeChat);
    const wechatOnly = citizenChannels({ citizenCanBeTexted: false, citizenWeChat: true }, 'case_resolved', onWeChat);
    const neither = citizenChannels({ citizenCanBeTexted: false, citizenWeChat: true }, 'message_rating_reminder', onWeChat);

    // Assess
    expect([chose, noTemplate, noAccount, phoneOnly, wechatOnly, neither]).toEqual([['wechat'], ['sms'], ['sms'], ['sms'], ['wechat'], []]);
  });

  it('tells a citizen who left no phone but chose WeChat of the answer, and nobody of the choice itself', () => {
    // Prepare
    const noPhone = { ...message, citizenCanBeTexted: false, citizenWeChat: true };

    // Act
    const replied = summary({ detailType: 'MessageReplied', data: MessageReplied.sample }, { message: noPhone, city: onWeChat });
    const bound = summary({ detailType: 'MessageWeChatBound', data: MessageWeChatBound.sample }, { message: noPhone, city: onWeChat });

    // Assess
    expect(replied).toEqual([`citizen:${MessageReplied.sample.messageId} wechat message_answered`]);
    expect(bound).toEqual([]);
  });
});
