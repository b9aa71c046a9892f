import { describe, expect, it } from 'vitest';
import { SuggestionAnswered, SuggestionReferred, SuggestionRegistered } from '../../../../shared/events/case-routing/index.ts';
import { recipientKey } from '../../src/domain/channels.ts';
import { noticesFor, type NoticeContext, type Trigger } from '../../src/domain/recipients.ts';

const city: NoticeContext['city'] = { publicBaseUrl: 'https://chuxiong.example/', timeZone: 'Asia/Shanghai', categoryName: (code) => code };
const summary = (trigger: Trigger) => noticesFor(trigger, { city }).map((n) => `${recipientKey(n.recipient)} ${n.offered.join('+')} ${n.template}`);

describe('who hears of a suggestion', () => {
  it('SuggestionRegistered: the proposing deputy and each assisting unit, in-app', () => {
    // Act
    const notices = noticesFor({ detailType: 'SuggestionRegistered', data: SuggestionRegistered.sample }, { city });

    // Assess
    expect(summary({ detailType: 'SuggestionRegistered', data: SuggestionRegistered.sample })).toEqual([
      'D0001 inapp suggestion_registered',
      'u-zhujian.handler inapp suggestion_assist',
    ]);
    expect(notices[0]!.params).toEqual({ kind: '建议', suggestionId: 's-01jnq5y8r2w3', leadUnit: '楚雄市交通运输局', dueDate: '6月5日' });
    expect(notices[0]!.refs).toEqual({ caseId: 'c-01jnq5y8r2w3' });
  });

  it('SuggestionReferred and SuggestionAnswered: the proposing deputy, in-app', () => {
    // Act
    const referred = summary({ detailType: 'SuggestionReferred', data: SuggestionReferred.sample });
    const answered = summary({ detailType: 'SuggestionAnswered', data: { ...SuggestionAnswered.sample, kind: 'motion' } });

    // Assess
    expect(referred).toEqual(['D0001 inapp suggestion_referred']);
    expect(answered).toEqual(['D0001 inapp suggestion_answered']);
  });
});
