import { describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import {
  contributionOfActivity,
  contributionOfFact,
  reversalOf,
  score,
  sumByRule,
  type Activity,
  type DutyFact,
  type LedgerEntry,
} from '../../src/domain/ledger.ts';
import { ACTIVITY_KINDS, type ActivityKind } from '../../src/domain/rules.ts';
import { makeRules, seededShuffle } from './fixtures.ts';

/** The points ledger: what each activity and message fact is worth, corrections, and the year's score. */

const AT = '2025-06-01T08:00:00.000Z';
const demo = loadCityConfig('demo').scoring[0]!;

function activity(overrides: Partial<Activity> = {}): Activity {
  return { activityId: 'act-1', deputyCode: 'D001', kind: 'meeting', date: '2025-05-20', ...overrides };
}

const SCORED_KINDS = ACTIVITY_KINDS.filter((k): k is Exclude<ActivityKind, 'absence'> => k !== 'absence');

describe('contributionOfActivity', () => {
  it.each(SCORED_KINDS.map((kind) => [kind, demo.activities[kind]!] as const))('%s earns its demo points (%i)', (kind, points) => {
    // Prepare
    const a = activity({ kind, activityId: `a-${kind}` });

    // Act
    const c = contributionOfActivity(a, demo, AT);

    // Assess
    expect(c.entries).toHaveLength(1);
    expect(c.entries[0]!.rule).toBe(kind);
    expect(c.entries[0]!.points).toBe(points);
  });

  it('takes the points from the rule set it is given, not from a fixed table', () => {
    // Prepare
    const rules = makeRules({ activities: { inspection: 7 } });

    // Act
    const c = contributionOfActivity(activity({ kind: 'inspection' }), rules, AT);

    // Assess
    expect(c.entries.map((e) => e.points)).toEqual([7]);
  });

  it('shapes the entry: deterministic id, rule, reason, source, time, year and deputy', () => {
    // Prepare
    const a = activity({ activityId: 'act-42', deputyCode: 'D007', kind: 'proposal', date: '2025-03-15' });

    // Act
    const c = contributionOfActivity(a, makeRules(), AT);

    // Assess
    expect(c).toEqual({
      deputyCode: 'D007',
      year: 2025,
      sourceId: 'activity-act-42',
      entries: [
        {
          entryId: 'D007-2025-activity-act-42-proposal',
          deputyCode: 'D007',
          year: 2025,
          rule: 'proposal',
          points: 5,
          reason: '提出议案',
          source: 'activity:act-42',
          at: AT,
        },
      ],
      stats: {},
    });
    expect(c.entries[0]).not.toHaveProperty('reverses');
  });

  it('adds the committee’s note to the reason', () => {
    // Prepare
    const a = activity({ kind: 'inspection', note: '河道治理视察' });

    // Act
    const c = contributionOfActivity(a, makeRules(), AT);

    // Assess
    expect(c.entries[0]!.reason).toBe('参加视察调研：河道治理视察');
  });

  it('takes the year from the activity’s date, not from the time it was recorded', () => {
    // Prepare
    const a = activity({ date: '2024-12-31' });

    // Act
    const c = contributionOfActivity(a, makeRules(), '2025-01-03T02:00:00.000Z');

    // Assess
    expect(c.year).toBe(2024);
    expect(c.entries[0]!.year).toBe(2024);
    expect(c.entries[0]!.entryId).toBe('D001-2024-activity-act-1-meeting');
  });

  it.each([
    ['voter_report', { voterReports: 1 }],
    ['suggestion', { suggestions: 1 }],
    ['meeting', {}],
    ['proposal', {}],
    ['inspection', {}],
    ['reception_day', {}],
    ['training', {}],
    ['practical_matter', {}],
  ] as const)('%s adds the statistics %j', (kind, stats) => {
    // Prepare
    const a = activity({ kind });

    // Act
    const c = contributionOfActivity(a, makeRules(), AT);

    // Assess
    expect(c.stats).toEqual(stats);
  });

  it('an absence without approval is a deduction that counts towards the flag', () => {
    // Prepare
    const a = activity({ activityId: 'abs-1', kind: 'absence', note: '常委会会议' });

    // Act
    const c = contributionOfActivity(a, makeRules(), AT);

    // Assess
    expect(c.entries).toEqual([
      {
        entryId: 'D001-2025-activity-abs-1-absence_without_leave',
        deputyCode: 'D001',
        year: 2025,
        rule: 'absence_without_leave',
        points: -5,
        reason: '未经批准缺席：常委会会议',
        source: 'activity:abs-1',
        at: AT,
      },
    ]);
    expect(c.stats).toEqual({ absencesWithoutLeave: 1 });
  });

  it.each([
    ['approved: false', false],
    ['approved left out', undefined],
  ])('an absence with %s is not approved', (_, approved) => {
    // Prepare
    const a = activity({ kind: 'absence', ...(approved === undefined ? {} : { approved }) });

    // Act
    const c = contributionOfActivity(a, makeRules({ deductions: { absence_without_leave: -3, reply_overdue: -1, citizen_unsatisfied: -2 } }), AT);

    // Assess
    expect(c.entries.map((e) => [e.rule, e.points])).toEqual([['absence_without_leave', -3]]);
    expect(c.stats.absencesWithoutLeave).toBe(1);
  });

  it('an approved absence is recorded but worth nothing and counts nowhere', () => {
    // Prepare
    const a = activity({ kind: 'absence', approved: true });

    // Act
    const c = contributionOfActivity(a, makeRules(), AT);

    // Assess
    expect(c.entries).toEqual([]);
    expect(c.stats).toEqual({});
    expect(c.sourceId).toBe('activity-act-1');
  });

  it.each([
    ['a kind worth 0 points', { meeting: 0, proposal: 5 }],
    ['a kind the rules do not price', { proposal: 5 }],
  ])('%s leaves no entry', (_, activities) => {
    // Prepare
    const rules = makeRules({ activities });

    // Act
    const c = contributionOfActivity(activity({ kind: 'meeting' }), rules, AT);

    // Assess
    expect(c.entries).toEqual([]);
  });

  it('a 0-point suggestion still counts as a suggestion (the "mute" flag looks at it)', () => {
    // Prepare
    const rules = makeRules({ activities: { suggestion: 0 } });

    // Act
    const c = contributionOfActivity(activity({ kind: 'suggestion' }), rules, AT);

    // Assess
    expect(c.entries).toEqual([]);
    expect(c.stats).toEqual({ suggestions: 1 });
  });

  it('the same activity always gives the same entry id (a redelivery is recognised)', () => {
    // Prepare
    const a = activity({ activityId: 'act-9', kind: 'training' });

    // Act
    const first = contributionOfActivity(a, makeRules(), '2025-06-01T08:00:00.000Z');
    const again = contributionOfActivity({ ...a }, makeRules(), '2025-06-02T09:30:00.000Z');

    // Assess
    expect(again.sourceId).toBe(first.sourceId);
    expect(again.entries[0]!.entryId).toBe(first.entries[0]!.entryId);
  });

  it.each([
    ['another activity', activity({ activityId: 'act-2' })],
    ['another deputy', activity({ deputyCode: 'D002' })],
    ['another year', activity({ date: '2026-05-20' })],
  ])('%s gives another entry id', (_, other) => {
    // Prepare
    const original = activity();

    // Act
    const a = contributionOfActivity(original, makeRules(), AT).entries[0]!.entryId;
    const b = contributionOfActivity(other, makeRules(), AT).entries[0]!.entryId;

    // Assess
    expect(b).not.toBe(a);
  });
});

describe('contributionOfFact', () => {
  const rules = makeRules();
  const contribute = (fact: DutyFact, eventId = 'evt-1', r = rules) => contributionOfFact(fact, eventId, 2025, r, AT);

  it('an assigned message only counts as a message', () => {
    // Prepare
    const fact: DutyFact = { type: 'assigned', deputyCode: 'D001' };

    // Act
    const c = contribute(fact);

    // Assess
    expect(c).toEqual({ deputyCode: 'D001', year: 2025, sourceId: 'event-evt-1', entries: [], stats: { messages: 1 } });
  });

  it('a reply within the SLA that closes the message earns answered_on_time', () => {
    // Prepare
    const fact: DutyFact = { type: 'replied', deputyCode: 'D001', closed: true, withinSla: true };

    // Act
    const c = contribute(fact, 'evt-7');

    // Assess
    expect(c.entries).toEqual([
      {
        entryId: 'D001-2025-event-evt-7-answered_on_time',
        deputyCode: 'D001',
        year: 2025,
        rule: 'answered_on_time',
        points: 1,
        reason: '按时答复群众留言',
        source: 'event:evt-7',
        at: AT,
      },
    ]);
    expect(c.stats).toEqual({ answered: 1, answeredOnTime: 1 });
  });

  it('answered_on_time points come from the rule set', () => {
    // Prepare
    const r = makeRules({ messages: { answered_on_time: 3, resolved_satisfied: 4 } });

    // Act
    const c = contribute({ type: 'replied', deputyCode: 'D001', closed: true, withinSla: true }, 'evt-1', r);

    // Assess
    expect(c.entries.map((e) => e.points)).toEqual([3]);
  });

  it('a timely reply worth 0 points leaves no entry but still counts as answered on time', () => {
    // Prepare
    const r = makeRules({ messages: { answered_on_time: 0, resolved_satisfied: 4 } });

    // Act
    const c = contribute({ type: 'replied', deputyCode: 'D001', closed: true, withinSla: true }, 'evt-1', r);

    // Assess
    expect(c.entries).toEqual([]);
    expect(c.stats).toEqual({ answered: 1, answeredOnTime: 1 });
  });

  it('a late reply that closes the message earns nothing but counts as answered', () => {
    // Prepare
    const fact: DutyFact = { type: 'replied', deputyCode: 'D001', closed: true, withinSla: false };

    // Act
    const c = contribute(fact);

    // Assess
    expect(c.entries).toEqual([]);
    expect(c.stats).toEqual({ answered: 1 });
  });

  it.each([
    ['within the SLA', true],
    ['late', false],
  ])('a reply %s that does not close the message does nothing', (_, withinSla) => {
    // Prepare
    const fact: DutyFact = { type: 'replied', deputyCode: 'D001', closed: false, withinSla };

    // Act
    const c = contribute(fact);

    // Assess
    expect(c.entries).toEqual([]);
    expect(c.stats).toEqual({});
  });

  it('an overdue reply is a deduction', () => {
    // Prepare
    const fact: DutyFact = { type: 'reply_overdue', deputyCode: 'D001' };

    // Act
    const c = contribute(fact, 'evt-3');

    // Assess
    expect(c.entries).toEqual([
      {
        entryId: 'D001-2025-event-evt-3-reply_overdue',
        deputyCode: 'D001',
        year: 2025,
        rule: 'reply_overdue',
        points: -1,
        reason: '群众留言逾期未答复',
        source: 'event:evt-3',
        at: AT,
      },
    ]);
    expect(c.stats).toEqual({});
  });

  it.each(['answered', 'resolved'] as const)('an unsatisfied citizen (message %s) costs citizen_unsatisfied', (ratedStatus) => {
    // Prepare
    const fact: DutyFact = { type: 'rated', deputyCode: 'D001', rating: 'unsatisfied', ratedStatus };

    // Act
    const c = contribute(fact, 'evt-5');

    // Assess
    expect(c.entries.map((e) => ({ entryId: e.entryId, rule: e.rule, points: e.points, reason: e.reason, source: e.source }))).toEqual([
      { entryId: 'D001-2025-event-evt-5-citizen_unsatisfied', rule: 'citizen_unsatisfied', points: -2, reason: '群众评价不满意', source: 'event:evt-5' },
    ]);
  });

  it.each(['satisfied', 'basically_satisfied'] as const)('a %s citizen on a resolved matter is a practical matter solved', (rating) => {
    // Prepare
    const fact: DutyFact = { type: 'rated', deputyCode: 'D001', rating, ratedStatus: 'resolved' };

    // Act
    const c = contribute(fact, 'evt-6');

    // Assess
    expect(c.entries.map((e) => ({ entryId: e.entryId, rule: e.rule, points: e.points, reason: e.reason, source: e.source }))).toEqual([
      { entryId: 'D001-2025-event-evt-6-practical_matter', rule: 'practical_matter', points: 4, reason: '为群众办实事', source: 'event:evt-6' },
    ]);
  });

  it.each(['satisfied', 'basically_satisfied'] as const)('a %s citizen on an answered (not resolved) message earns nothing', (rating) => {
    // Prepare
    const fact: DutyFact = { type: 'rated', deputyCode: 'D001', rating, ratedStatus: 'answered' };

    // Act
    const c = contribute(fact);

    // Assess
    expect(c.entries).toEqual([]);
  });

  it('a resolved, satisfied matter worth 0 points leaves no entry', () => {
    // Prepare
    const r = makeRules({ messages: { answered_on_time: 1, resolved_satisfied: 0 } });

    // Act
    const c = contribute({ type: 'rated', deputyCode: 'D001', rating: 'satisfied', ratedStatus: 'resolved' }, 'evt-1', r);

    // Assess
    expect(c.entries).toEqual([]);
    expect(c.stats).toEqual({ ratingSum: 100, ratingCount: 1 });
  });

  it.each([
    ['satisfied', 'resolved', 100],
    ['satisfied', 'answered', 100],
    ['basically_satisfied', 'resolved', 80],
    ['basically_satisfied', 'answered', 80],
    ['unsatisfied', 'resolved', 0],
    ['unsatisfied', 'answered', 0],
  ] as const)('a %s rating on a %s message adds %i to the rating sum and one rating', (rating, ratedStatus, sum) => {
    // Prepare
    const fact: DutyFact = { type: 'rated', deputyCode: 'D001', rating, ratedStatus };

    // Act
    const c = contribute(fact);

    // Assess
    expect(c.stats).toEqual({ ratingSum: sum, ratingCount: 1 });
  });

  it('uses the year it is given and the event as the source', () => {
    // Prepare
    const fact: DutyFact = { type: 'reply_overdue', deputyCode: 'D009' };

    // Act
    const c = contributionOfFact(fact, 'evt-x', 2026, rules, AT);

    // Assess
    expect(c.deputyCode).toBe('D009');
    expect(c.year).toBe(2026);
    expect(c.sourceId).toBe('event-evt-x');
    expect(c.entries[0]!.entryId).toBe('D009-2026-event-evt-x-reply_overdue');
  });

  it('the same event always gives the same entry id; another event another one', () => {
    // Prepare
    const fact: DutyFact = { type: 'replied', deputyCode: 'D001', closed: true, withinSla: true };

    // Act
    const first = contribute(fact, 'evt-1').entries[0]!.entryId;
    const again = contribute({ ...fact }, 'evt-1').entries[0]!.entryId;
    const other = contribute(fact, 'evt-2').entries[0]!.entryId;

    // Assess
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('entry ids differ by rule within one source', () => {
    // Prepare
    const ids = [
      contribute({ type: 'replied', deputyCode: 'D001', closed: true, withinSla: true }, 'evt-1').entries[0]!.entryId,
      contribute({ type: 'reply_overdue', deputyCode: 'D001' }, 'evt-1').entries[0]!.entryId,
      contribute({ type: 'rated', deputyCode: 'D001', rating: 'unsatisfied', ratedStatus: 'answered' }, 'evt-1').entries[0]!.entryId,
      contribute({ type: 'rated', deputyCode: 'D001', rating: 'satisfied', ratedStatus: 'resolved' }, 'evt-1').entries[0]!.entryId,
    ];

    // Act
    const distinct = new Set(ids);

    // Assess
    expect(distinct.size).toBe(4);
  });
});

describe('reversalOf', () => {
  const original: LedgerEntry = {
    entryId: 'D001-2025-activity-act-1-meeting',
    deputyCode: 'D001',
    year: 2025,
    rule: 'meeting',
    points: 2,
    reason: '出席会议',
    source: 'activity:act-1',
    at: '2025-05-20T02:00:00.000Z',
  };

  it('cancels the original with a new entry: negative points, same rule, reverses set, new id', () => {
    // Prepare
    const at = '2025-07-01T03:00:00.000Z';

    // Act
    const c = reversalOf(original, '重复登记', at);

    // Assess
    expect(c).toEqual({
      deputyCode: 'D001',
      year: 2025,
      sourceId: 'reversal-D001-2025-activity-act-1-meeting',
      entries: [
        {
          entryId: 'D001-2025-activity-act-1-meeting-reversed',
          deputyCode: 'D001',
          year: 2025,
          rule: 'meeting',
          points: -2,
          reason: '更正：重复登记',
          source: 'reversal:D001-2025-activity-act-1-meeting',
          at,
          reverses: original.entryId,
        },
      ],
      stats: {},
    });
  });

  it('reversing a deduction gives the points back', () => {
    // Prepare
    const deduction: LedgerEntry = { ...original, entryId: 'D001-2025-activity-abs-1-absence_without_leave', rule: 'absence_without_leave', points: -5 };

    // Act
    const c = reversalOf(deduction, '补办请假', AT);

    // Assess
    expect(c.entries[0]!.points).toBe(5);
    expect(c.entries[0]!.rule).toBe('absence_without_leave');
    expect(c.entries[0]!.entryId).not.toBe(deduction.entryId);
  });

  it('does not change the original (the ledger is append-only)', () => {
    // Prepare
    const copy = structuredClone(original);

    // Act
    reversalOf(original, '更正', AT);

    // Assess
    expect(original).toEqual(copy);
  });

  it('the same correction of the same entry gives the same id (idempotent)', () => {
    // Prepare (the original above)

    // Act
    const a = reversalOf(original, '重复登记', AT);
    const b = reversalOf(original, '重复登记', '2025-08-01T00:00:00.000Z');

    // Assess
    expect(b.sourceId).toBe(a.sourceId);
    expect(b.entries[0]!.entryId).toBe(a.entries[0]!.entryId);
  });
});

describe('sumByRule', () => {
  it('adds points per rule, reversals included', () => {
    // Prepare
    const entries = [
      { rule: 'meeting', points: 2 },
      { rule: 'meeting', points: 2 },
      { rule: 'proposal', points: 5 },
      { rule: 'meeting', points: -2 },
      { rule: 'absence_without_leave', points: -5 },
    ];

    // Act
    const sums = sumByRule(entries);

    // Assess
    expect(sums).toEqual({ meeting: 2, proposal: 5, absence_without_leave: -5 });
  });

  it('is empty for no entries', () => {
    // Prepare
    const entries: { rule: string; points: number }[] = [];

    // Act
    const sums = sumByRule(entries);

    // Assess
    expect(sums).toEqual({});
  });
});

describe('score', () => {
  const rules = makeRules();
  const times = (n: number, rule: string, points: number) => Array.from({ length: n }, () => ({ rule, points }));

  it('is the base points for an empty year', () => {
    // Prepare
    const byRule = {};

    // Act
    const s = score(byRule, rules);

    // Assess
    expect(s).toEqual({ total: 60, base: 60, bonus: 0, deductions: 0, byRule: {} });
  });

  it.each([
    ['below the cap', 5, 10, 10],
    ['exactly the cap', 10, 20, 20],
    ['one over the cap', 11, 22, 20],
    ['15 meetings × 2 = 30, capped at 20', 15, 30, 20],
  ])('caps the sum of a rule: %s', (_, meetings, earned, counted) => {
    // Prepare
    const byRule = sumByRule(times(meetings, 'meeting', 2));

    // Act
    const s = score(byRule, rules);

    // Assess
    expect(s.byRule.meeting).toEqual({ earned, counted, cap: 20 });
    expect(s.bonus).toBe(counted);
    expect(s.total).toBe(60 + counted);
  });

  it('caps the sum, not single entries: one large entry is capped too', () => {
    // Prepare
    const byRule = { practical_matter: 40 };

    // Act
    const s = score(byRule, rules);

    // Assess
    expect(s.byRule.practical_matter).toEqual({ earned: 40, counted: 16, cap: 16 });
  });

  it('a rule without a cap counts in full and reports no cap', () => {
    // Prepare
    const byRule = sumByRule(times(30, 'training', 1));

    // Act
    const s = score(byRule, rules);

    // Assess
    expect(s.byRule.training).toEqual({ earned: 30, counted: 30 });
    expect(s.byRule.training).not.toHaveProperty('cap');
  });

  it('caps each rule on its own', () => {
    // Prepare
    const byRule = sumByRule([...times(15, 'meeting', 2), ...times(5, 'proposal', 5), ...times(25, 'answered_on_time', 1)]);

    // Act
    const s = score(byRule, rules);

    // Assess
    expect(s.bonus).toBe(20 + 20 + 20);
    expect(s.total).toBe(120);
  });

  it('never caps deductions', () => {
    // Prepare
    const r = makeRules({ caps: { ...makeRules().caps, absence_without_leave: 5, reply_overdue: 2 } });
    const byRule = sumByRule([...times(4, 'absence_without_leave', -5), ...times(10, 'reply_overdue', -1)]);

    // Act
    const s = score(byRule, r);

    // Assess
    expect(s.byRule.absence_without_leave).toEqual({ earned: -20, counted: -20 });
    expect(s.byRule.reply_overdue).toEqual({ earned: -10, counted: -10 });
    expect(s.deductions).toBe(-30);
    expect(s.total).toBe(30);
  });

  it('a total may fall below zero: deductions have no floor', () => {
    // Prepare
    const r = makeRules({ base: 10 });
    const byRule = sumByRule(times(3, 'absence_without_leave', -5));

    // Act
    const s = score(byRule, r);

    // Assess
    expect(s.total).toBe(-5);
  });

  it('a reversal reduces the rule’s sum', () => {
    // Prepare
    const meeting = contributionOfActivity(activity({ activityId: 'm1' }), rules, AT).entries[0]!;
    const other = contributionOfActivity(activity({ activityId: 'm2' }), rules, AT).entries[0]!;
    const reversal = reversalOf(meeting, '重复登记', AT).entries[0]!;

    // Act
    const s = score(sumByRule([meeting, other, reversal]), rules);

    // Assess
    expect(s.byRule.meeting).toEqual({ earned: 2, counted: 2, cap: 20 });
    expect(s.total).toBe(62);
  });

  it('a reversal is taken from the uncapped sum (16 meetings = 32, one reversed = 30, still 20)', () => {
    // Prepare
    const byRule = sumByRule([...times(16, 'meeting', 2), { rule: 'meeting', points: -2 }]);

    // Act
    const s = score(byRule, rules);

    // Assess
    expect(s.byRule.meeting).toEqual({ earned: 30, counted: 20, cap: 20 });
  });

  it('a reversed deduction counts nothing', () => {
    // Prepare
    const absence = contributionOfActivity(activity({ kind: 'absence' }), rules, AT).entries[0]!;
    const reversal = reversalOf(absence, '补办请假', AT).entries[0]!;

    // Act
    const s = score(sumByRule([absence, reversal]), rules);

    // Assess
    expect(s.byRule.absence_without_leave).toEqual({ earned: 0, counted: 0 });
    expect(s.deductions).toBe(0);
    expect(s.total).toBe(60);
  });

  it('total = base + bonus + deductions', () => {
    // Prepare
    const byRule = sumByRule([
      ...times(3, 'meeting', 2),
      ...times(2, 'proposal', 5),
      { rule: 'voter_report', points: 5 },
      ...times(2, 'absence_without_leave', -5),
      { rule: 'citizen_unsatisfied', points: -2 },
    ]);

    // Act
    const s = score(byRule, rules);

    // Assess
    expect(s.base).toBe(60);
    expect(s.bonus).toBe(6 + 10 + 5);
    expect(s.deductions).toBe(-12);
    expect(s.total).toBe(s.base + s.bonus + s.deductions);
    expect(s.total).toBe(69);
  });

  it('scores the demo rules (15 meetings capped at 20, voter report capped at 5)', () => {
    // Prepare
    const byRule = sumByRule([...times(15, 'meeting', demo.activities.meeting!), ...times(2, 'voter_report', demo.activities.voter_report!)]);

    // Act
    const s = score(byRule, demo);

    // Assess
    expect(s.byRule.meeting).toEqual({ earned: 30, counted: 20, cap: 20 });
    expect(s.byRule.voter_report).toEqual({ earned: 10, counted: 5, cap: 5 });
    expect(s.total).toBe(85);
  });

  describe('does not depend on the order entries arrive in', () => {
    const deputy = 'D001';
    const acts: Activity[] = [
      ...Array.from({ length: 15 }, (_, i) => activity({ activityId: `m${i}`, deputyCode: deputy, kind: 'meeting' })),
      ...Array.from({ length: 5 }, (_, i) => activity({ activityId: `p${i}`, deputyCode: deputy, kind: 'proposal' })),
      ...Array.from({ length: 3 }, (_, i) => activity({ activityId: `x${i}`, deputyCode: deputy, kind: 'absence' })),
      activity({ activityId: 'x-ok', deputyCode: deputy, kind: 'absence', approved: true }),
      activity({ activityId: 'v1', deputyCode: deputy, kind: 'voter_report' }),
      activity({ activityId: 's1', deputyCode: deputy, kind: 'suggestion' }),
    ];
    const facts: DutyFact[] = [
      ...Array.from({ length: 22 }, (): DutyFact => ({ type: 'replied', deputyCode: deputy, closed: true, withinSla: true })),
      { type: 'reply_overdue', deputyCode: deputy },
      { type: 'rated', deputyCode: deputy, rating: 'unsatisfied', ratedStatus: 'answered' },
      { type: 'rated', deputyCode: deputy, rating: 'satisfied', ratedStatus: 'resolved' },
    ];

    function ledgerOf(r: typeof rules): LedgerEntry[] {
      const entries = [
        ...acts.flatMap((a) => contributionOfActivity(a, r, AT).entries),
        ...facts.flatMap((f, i) => contributionOfFact(f, `evt-${i}`, 2025, r, AT).entries),
      ];
      const meeting = entries.find((e) => e.rule === 'meeting')!;
      const absence = entries.find((e) => e.rule === 'absence_without_leave')!;
      return [...entries, ...reversalOf(meeting, '重复登记', AT).entries, ...reversalOf(absence, '补办请假', AT).entries];
    }

    it.each([1, 2, 3, 42, 2025, 99991])('with the demo rules, shuffled with seed %i', (seed) => {
      // Prepare
      const entries = ledgerOf(demo);
      const inOrder = score(sumByRule(entries), demo);
      const shuffled = seededShuffle(entries, seed);

      // Act
      const s = score(sumByRule(shuffled), demo);

      // Assess
      expect(shuffled.map((e) => e.entryId)).not.toEqual(entries.map((e) => e.entryId));
      expect(s).toEqual(inOrder);
      expect(s.total).toBe(inOrder.total);
    });

    it.each([7, 8, 9, 10])('reversed and shuffled (seed %i), with half points near the caps', (seed) => {
      // Prepare
      const halves = makeRules({
        activities: { meeting: 1.5, proposal: 2.5, suggestion: 0.5, voter_report: 5 },
        caps: { meeting: 20, proposal: 10, answered_on_time: 10, practical_matter: 4 },
        messages: { answered_on_time: 0.5, resolved_satisfied: 2 },
        deductions: { absence_without_leave: -2.5, reply_overdue: -0.5, citizen_unsatisfied: -1 },
      });
      const entries = ledgerOf(halves);
      const inOrder = score(sumByRule(entries), halves);

      // Act
      const backwards = score(sumByRule([...entries].reverse()), halves);
      const shuffled = score(sumByRule(seededShuffle(entries, seed)), halves);

      // Assess
      expect(backwards).toEqual(inOrder);
      expect(shuffled).toEqual(inOrder);
    });

    it('nor on the order of the rules in the sums (a stored map has no order)', () => {
      // Prepare
      const byRule = sumByRule(ledgerOf(demo));
      const reordered = Object.fromEntries(Object.entries(byRule).reverse());

      // Act
      const a = score(byRule, demo);
      const b = score(reordered, demo);

      // Assess
      expect(Object.keys(reordered)).not.toEqual(Object.keys(byRule));
      expect(b).toEqual(a);
    });

    it('pins the expected score of that ledger under the demo rules', () => {
      // Prepare
      const entries = ledgerOf(demo);

      // Act
      const s = score(sumByRule(seededShuffle(entries, 5)), demo);

      // Assess
      // meetings 15×2 − 2 = 28 → 20; proposals 5×5 = 25 → 20; voter report 5; suggestion 3;
      // answered on time 22 → 20; practical matter 4; absences 3×(−5) + 5 = −10; overdue −1; unsatisfied −2.
      expect(s.bonus).toBe(20 + 20 + 5 + 3 + 20 + 4);
      expect(s.deductions).toBe(-13);
      expect(s.total).toBe(60 + 72 - 13);
    });
  });
});
