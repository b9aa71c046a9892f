import { describe, expect, it } from 'vitest';
import { bulletinAudience, bulletinIdForKey, bulletinNotices } from '../../src/domain/bulletin.ts';
import type { DeputyFacts } from '../../src/domain/read-model.ts';
import { receptionDayReminders, voterReportReminders } from '../../src/domain/reminders.ts';
import { DEFAULT_SETTINGS, type NotificationSettings } from '../../src/domain/settings.ts';

const deputy = (code: string, groupCode: string, active = true): DeputyFacts => ({
  code,
  name: code,
  level: 'township',
  townshipCode: 'lucheng',
  groupCode,
  active,
});
const deputies = [deputy('D0001', 'grp-a'), deputy('D0002', 'grp-a'), deputy('D0003', 'grp-b'), deputy('D0004', 'grp-b', false)];
const SH = 'Asia/Shanghai';
const sh = (local: string) => new Date(`${local}+08:00`);

describe('reception-day reminders (代表固定接待日)', () => {
  it("remind each group's deputies in office the day before the 15th, one batch per group and day", () => {
    // Act
    const batches = receptionDayReminders(sh('2026-12-14T09:00:00'), SH, DEFAULT_SETTINGS, deputies);

    // Assess
    expect(batches.map((b) => [b.sourceId, b.notices.map((n) => n.recipient.kind !== 'citizen' && n.recipient.account)])).toEqual([
      ['reminder:reception-day:2026-12-15:grp-a', ['D0001', 'D0002']],
      ['reminder:reception-day:2026-12-15:grp-b', ['D0003']],
    ]);
    expect(batches[0]!.notices[0]).toMatchObject({ offered: ['inapp'], template: 'reception_day_reminder', params: { date: '12月15日' } });
  });

  it("stay silent on other days, and count the day in the city's calendar", () => {
    // Act
    const twoDaysBefore = receptionDayReminders(sh('2026-12-13T09:00:00'), SH, DEFAULT_SETTINGS, deputies);
    // 17:00 UTC on the 13th is already the 14th in Shanghai.
    const dayBeforeInShanghai = receptionDayReminders(new Date('2026-12-13T17:00:00Z'), SH, DEFAULT_SETTINGS, deputies);

    // Assess
    expect(twoDaysBefore).toEqual([]);
    expect(dayBeforeInShanghai).toHaveLength(2);
  });

  it("follow a group's own day, kept within short months", () => {
    // Prepare
    const settings: NotificationSettings = { ...DEFAULT_SETTINGS, receptionDay: { dayOfMonth: 15, byGroup: { 'grp-b': 31 } } };

    // Act
    const endOfApril = receptionDayReminders(sh('2027-04-29T09:00:00'), SH, settings, deputies);
    const beforeThe15th = receptionDayReminders(sh('2026-12-14T09:00:00'), SH, settings, deputies);

    // Assess
    expect(endOfApril.map((b) => b.sourceId)).toEqual(['reminder:reception-day:2027-04-30:grp-b']);
    expect(beforeThe15th.map((b) => b.sourceId)).toEqual(['reminder:reception-day:2026-12-15:grp-a']);
  });
});

describe('voter-report reminders (向选民述职)', () => {
  it('remind every deputy in office on December 1, once a year', () => {
    // Act
    const [batch, ...rest] = voterReportReminders(sh('2026-12-01T09:05:00'), SH, DEFAULT_SETTINGS, deputies);
    const nextDay = voterReportReminders(sh('2026-12-02T09:05:00'), SH, DEFAULT_SETTINGS, deputies);

    // Assess
    expect(rest).toEqual([]);
    expect(batch!.sourceId).toBe('reminder:voter-report:2026');
    expect(batch!.notices.map((n) => n.recipient.kind !== 'citizen' && n.recipient.code)).toEqual(['D0001', 'D0002', 'D0003']);
    expect(batch!.notices[0]!.params).toEqual({ year: '2026' });
    expect(nextDay).toEqual([]);
  });
});

describe('bulletin audience (政务信息通报)', () => {
  it('is every deputy in office, or those of one group; never one whose term ended', () => {
    // Act
    const everyone = bulletinAudience(deputies, undefined);
    const groupB = bulletinAudience(deputies, 'grp-b');
    const noGroup = bulletinAudience(deputies, 'grp-none');

    // Assess
    expect(everyone.map((d) => d.code)).toEqual(['D0001', 'D0002', 'D0003']);
    expect(groupB.map((d) => d.code)).toEqual(['D0003']);
    expect(noGroup).toEqual([]);
  });

  it('gives each deputy an in-app notice with the bulletin, and the same id to the same Idempotency-Key', () => {
    // Act
    const notices = bulletinNotices({ bulletinId: 'b-1', title: '通报', body: '内容' }, ['D0001']);
    const [first, again, other] = [bulletinIdForKey('key-00000001'), bulletinIdForKey('key-00000001'), bulletinIdForKey('key-00000002')];

    // Assess
    expect(notices).toEqual([
      {
        recipient: { kind: 'deputy', account: 'D0001', code: 'D0001' },
        offered: ['inapp'],
        template: 'bulletin',
        params: { title: '通报', body: '内容' },
        refs: { bulletinId: 'b-1' },
      },
    ]);
    expect(first).toBe(again);
    expect(first).not.toBe(other);
  });
});
