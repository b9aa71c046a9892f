import { describe, expect, it } from 'vitest';
import { CaseAccepted, CaseForwarded, CaseOverdue, CaseResolved } from '../../../../shared/events/case-routing/index.ts';
import { InvalidInputError } from '../../../../shared/runtime/errors.ts';
import {
  accept,
  currentDeadline,
  forward,
  markOverdue,
  reportProgress,
  requestReassign,
  resolve,
  suggestUnit,
  urgency,
  type Case,
  type CaseRules,
  type CaseStatus,
} from '../../src/domain/case.ts';
import {
  accepted,
  build,
  cityCase,
  cityReviewer,
  COMMITTED,
  COMMITTED_END,
  forwarded,
  handler,
  nextOf,
  open,
  rules,
  STATUSES,
  T,
  thrown,
  townshipReviewer,
  TZ,
  UNIT,
} from './fixtures.ts';

/**
 * The rules behind the transitions: due and committed dates as city dates (Asia/Shanghai, UTC+8),
 * each stage's deadline, supervision urgency, overdue flags, and unit suggestions.
 */

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms);

/** Asserts `error` is a 400 naming exactly the field `path`. */
function expectInvalid(error: unknown, path: string): void {
  expect(error).toBeInstanceOf(InvalidInputError);
  expect(error).toMatchObject({ status: 400, code: 'INVALID_INPUT' });
  expect((error as InvalidInputError).details).toEqual([expect.objectContaining({ path })]);
}

describe('forward: the due date', () => {
  it.each(['2026-03-1', '2026-3-10', '2026-02-30', 'tomorrow'])('refuses %s, which is not a calendar date', (dueDate) => {
    // Prepare
    const c = open();

    // Act
    const error = thrown(() => forward(c, townshipReviewer, { ...UNIT, dueDate }, at('2026-03-05T02:30:00Z'), rules));

    // Assess
    expectInvalid(error, 'dueDate');
  });

  it('defaults to today in the city plus the category’s resolution days', () => {
    // Prepare: 10:30 on 2026-03-05 in Shanghai
    const c = open();

    // Act
    const { next, emitted } = forward(c, townshipReviewer, UNIT, at('2026-03-05T02:30:00Z'), rules);

    // Assess
    expect(next.dueDate).toBe('2026-03-25');
    expect(CaseForwarded.data.parse(emitted[0]!.data).dueDate).toBe('2026-03-25');
  });

  it('asks the rules for the resolution days of the case’s own category', () => {
    // Prepare
    const asked: string[] = [];
    const byCategory: CaseRules = { ...rules, resolutionDays: (category) => (asked.push(category), category === 'roads' ? 5 : 20) };
    const c = open(cityCase);

    // Act
    const { next } = forward(c, cityReviewer, UNIT, at('2026-03-05T02:30:00Z'), byCategory);

    // Assess
    expect(asked).toEqual(['roads']);
    expect(next.dueDate).toBe('2026-03-10');
  });

  it.each(['2026-03-05', '2026-03-10', '2026-03-25'])('accepts a date from today to the default: %s', (dueDate) => {
    // Prepare
    const c = open();

    // Act
    const { next, emitted } = forward(c, townshipReviewer, { ...UNIT, dueDate }, at('2026-03-05T02:30:00Z'), rules);

    // Assess
    expect(next.dueDate).toBe(dueDate);
    expect(CaseForwarded.data.parse(emitted[0]!.data).dueDate).toBe(dueDate);
    expect(next.ledger.at(-1)!.note).toContain(dueDate);
  });

  it.each([
    ['later than the default', '2026-03-26'],
    ['in the past', '2026-03-04'],
  ])('refuses a date %s (%s) with a 400 naming dueDate', (_, dueDate) => {
    // Prepare
    const c = open();
    const snapshot = structuredClone(c);

    // Act
    const error = thrown(() => forward(c, townshipReviewer, { ...UNIT, dueDate }, at('2026-03-05T02:30:00Z'), rules));

    // Assess
    expectInvalid(error, 'dueDate');
    expect(c).toStrictEqual(snapshot);
  });

  describe('around midnight, today is the city’s date, not UTC’s', () => {
    /** 2026-03-05T17:00Z is 01:00 on 2026-03-06 in Shanghai. */
    const afterCityMidnight = at('2026-03-05T17:00:00Z');

    it('the default counts from the city’s date (03-06 + 20 = 03-26), not UTC’s 03-05', () => {
      // Prepare
      const c = open();

      // Act
      const { next } = forward(c, townshipReviewer, UNIT, afterCityMidnight, rules);

      // Assess
      expect(next.dueDate).toBe('2026-03-26');
    });

    it('the city’s latest date (03-26) is allowed though it is 21 days after the UTC date', () => {
      // Prepare
      const c = open();

      // Act
      const { next } = forward(c, townshipReviewer, { ...UNIT, dueDate: '2026-03-26' }, afterCityMidnight, rules);

      // Assess
      expect(next.dueDate).toBe('2026-03-26');
    });

    it('the UTC date (03-05) is already in the past in the city', () => {
      // Prepare
      const c = open();

      // Act
      const error = thrown(() => forward(c, townshipReviewer, { ...UNIT, dueDate: '2026-03-05' }, afterCityMidnight, rules));

      // Assess
      expectInvalid(error, 'dueDate');
    });

    it('one second before the city’s midnight it is still 03-05: the default is 03-25 and 03-05 is allowed', () => {
      // Prepare: 23:59:59 on 2026-03-05 in Shanghai
      const c = open();
      const beforeCityMidnight = at('2026-03-05T15:59:59Z');

      // Act
      const byDefault = forward(c, townshipReviewer, UNIT, beforeCityMidnight, rules).next;
      const today = forward(c, townshipReviewer, { ...UNIT, dueDate: '2026-03-05' }, beforeCityMidnight, rules).next;

      // Assess
      expect(byDefault.dueDate).toBe('2026-03-25');
      expect(today.dueDate).toBe('2026-03-05');
    });
  });

  it('forwarding again after a reassign drops the old unit’s commitment and names the new unit', () => {
    // Prepare: committed to 2026-03-20, then the unit asked for a reassign
    const back = requestReassign(accepted(), handler, '不属本单位职责。', T.unit, rules).next;
    const other = { unitCode: 'u-city-jiaotong', unitName: '市交通运输局' };

    // Act
    const { next } = forward(back, townshipReviewer, { ...other, dueDate: '2026-03-18' }, T.act, rules);

    // Assess
    expect(back.committedDate).toBe(COMMITTED);
    expect(next).toMatchObject({ status: 'forwarded', ...other, dueDate: '2026-03-18', acceptDueAt: '2026-03-07T08:00:00.000Z' });
    expect(next.committedDate).toBeUndefined();
  });

  it('gives the unit acceptDays to accept, from the instant of forwarding', () => {
    // Prepare
    const c = open();

    // Act
    const { next, emitted } = forward(c, townshipReviewer, UNIT, at('2026-03-05T03:00:00Z'), rules);

    // Assess
    expect(next.acceptDueAt).toBe('2026-03-07T03:00:00.000Z');
    expect(CaseForwarded.data.parse(emitted[0]!.data).acceptDueAt).toBe('2026-03-07T03:00:00.000Z');
  });
});

describe('accept: the committed date', () => {
  /** Forwarded at 11:00 on 03-05 with the default due date 2026-03-25. */
  const onTheWay = () => forwarded();
  const nextMorning = at('2026-03-06T02:00:00Z');

  it.each(['2026-03-06', '2026-03-15', '2026-03-25'])('accepts a date from today to the due date: %s', (committedDate) => {
    // Prepare
    const c = onTheWay();

    // Act
    const { next, emitted } = accept(c, handler, committedDate, nextMorning, rules);

    // Assess
    expect(next.status).toBe('in_progress');
    expect(next.committedDate).toBe(committedDate);
    expect(CaseAccepted.data.parse(emitted[0]!.data)).toMatchObject({ committedDate, unitCode: UNIT.unitCode });
  });

  it.each([
    ['after the due date', '2026-03-26'],
    ['in the past', '2026-03-05'],
  ])('refuses a date %s (%s) with a 400 naming committedDate', (_, committedDate) => {
    // Prepare
    const c = onTheWay();
    const snapshot = structuredClone(c);

    // Act
    const error = thrown(() => accept(c, handler, committedDate, nextMorning, rules));

    // Assess
    expectInvalid(error, 'committedDate');
    expect(c).toStrictEqual(snapshot);
  });

  it('is bounded by the case’s own (shorter) due date, not the category’s default', () => {
    // Prepare
    const c = forwarded(open(), T.review, '2026-03-10');

    // Act
    const ok = accept(c, handler, '2026-03-10', nextMorning, rules).next;
    const error = thrown(() => accept(c, handler, '2026-03-11', nextMorning, rules));

    // Assess
    expect(ok.committedDate).toBe('2026-03-10');
    expectInvalid(error, 'committedDate');
  });

  it('around midnight, today is the city’s date: at 2026-03-06T16:30Z (03-07 in Shanghai) 03-06 is past', () => {
    // Prepare
    const c = onTheWay();
    const afterCityMidnight = at('2026-03-06T16:30:00Z');

    // Act
    const error = thrown(() => accept(c, handler, '2026-03-06', afterCityMidnight, rules));
    const ok = accept(c, handler, '2026-03-07', afterCityMidnight, rules).next;

    // Assess
    expectInvalid(error, 'committedDate');
    expect(ok.committedDate).toBe('2026-03-07');
  });
});

describe('currentDeadline', () => {
  const expected: Record<CaseStatus, { stage: string; dueAt: string } | undefined> = {
    /** Opened 2026-03-05T02:00Z + 3 review days. */
    under_review: { stage: 'review', dueAt: '2026-03-08T02:00:00.000Z' },
    returned: undefined,
    declined: undefined,
    /** Forwarded 2026-03-05T03:00Z + 2 acceptance days. */
    forwarded: { stage: 'acceptance', dueAt: '2026-03-07T03:00:00.000Z' },
    /** The end of the committed day in the city. */
    in_progress: { stage: 'resolution', dueAt: COMMITTED_END },
    /** Reassign asked for at 2026-03-05T05:00Z + 3 review days. */
    reassign_requested: { stage: 'review', dueAt: '2026-03-08T05:00:00.000Z' },
    resolved: undefined,
    /** Reopened 2026-03-05 (city date): a fresh window of 20 days, to the end of 2026-03-25. */
    reopened: { stage: 'resolution', dueAt: '2026-03-25T15:59:59.999Z' },
    closed: undefined,
  };

  it.each(STATUSES)('%s', (status) => {
    // Prepare
    const c = build[status]();

    // Act
    const deadline = currentDeadline(c, TZ);

    // Assess
    expect(deadline).toEqual(expected[status]);
  });

  it('in progress without a committed date, falls back to the end of the due date', () => {
    // Prepare: constructed, as no transition leaves a case in progress without a committed date
    const c: Case = { ...accepted(), committedDate: undefined };

    // Act
    const deadline = currentDeadline(c, TZ);

    // Assess
    expect(deadline).toEqual({ stage: 'resolution', dueAt: '2026-03-25T15:59:59.999Z' });
  });
});

describe('urgency (督办等级)', () => {
  /** In progress, due at the end of 2026-03-20 in Shanghai. */
  const c = accepted();

  it.each([
    ['more than 3 days left', -3 * DAY - 1, undefined],
    ['exactly 3 days left', -3 * DAY, 'green'],
    ['just over a day left', -DAY - 1, 'green'],
    ['exactly a day left', -DAY, 'yellow'],
    ['at the deadline', 0, 'yellow'],
    ['a millisecond past the deadline', 1, 'red'],
    ['days past the deadline', 5 * DAY, 'red'],
  ] as const)('%s → %s', (_, offset, level) => {
    // Prepare
    const now = plus(COMMITTED_END, offset);

    // Act
    const u = urgency(c, now, TZ);

    // Assess
    expect(u).toBe(level);
  });

  it('counts against the stage the case is in: acceptance, an instant', () => {
    // Prepare: acceptance due 2026-03-07T03:00Z
    const f = forwarded();

    // Act
    const levels = [plus('2026-03-07T03:00:00Z', -2 * DAY), plus('2026-03-07T03:00:00Z', -DAY), plus('2026-03-07T03:00:00Z', 1)].map((now) =>
      urgency(f, now, TZ),
    );

    // Assess
    expect(levels).toEqual(['green', 'yellow', 'red']);
  });

  it.each(['returned', 'declined', 'resolved', 'closed'] as const)('none for a %s case, which waits on no one', (status) => {
    // Prepare
    const done = build[status]();

    // Act
    const u = urgency(done, plus(COMMITTED_END, 30 * DAY), TZ);

    // Assess
    expect(u).toBeUndefined();
  });
});

describe('markOverdue', () => {
  /** Review due 2026-03-08T02:00Z. */
  const REVIEW_DUE = '2026-03-08T02:00:00.000Z';

  it('does nothing before the deadline, nor at its very instant', () => {
    // Prepare
    const c = open();

    // Act
    const before = markOverdue(c, at('2026-03-07T02:00:00Z'), rules);
    const atTheInstant = markOverdue(c, at(REVIEW_DUE), rules);

    // Assess
    expect(before).toBeUndefined();
    expect(atTheInstant).toBeUndefined();
  });

  it('flags a township case under review: the township reviewer with the township code is responsible', () => {
    // Prepare
    const c = open();
    const snapshot = structuredClone(c);
    const now = plus(REVIEW_DUE, 1);

    // Act
    const { next, emitted } = nextOfT(markOverdue(c, now, rules));

    // Assess: the case waits on, the ledger tells, the event names who is late
    expect(next.status).toBe('under_review');
    expect(next.flaggedOverdue).toEqual([`review@${REVIEW_DUE}`]);
    expect(next.ledger.slice(0, -1)).toStrictEqual(snapshot.ledger);
    expect(next.ledger.at(-1)).toEqual({
      seq: 2,
      at: now.toISOString(),
      step: 'overdue',
      actor: { role: 'system' },
      note: 'review',
      deadline: REVIEW_DUE,
      overdue: true,
    });
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.contract).toBe(CaseOverdue);
    expect(CaseOverdue.data.parse(emitted[0]!.data)).toEqual({
      caseId: c.caseId,
      messageId: c.messageId,
      kind: 'problem',
      sequence: 2,
      stage: 'review',
      dueAt: REVIEW_DUE,
      responsible: { role: 'township_reviewer', code: 'lucheng' },
      deputyCode: 'D0001',
      townshipCode: 'lucheng',
    });
    expect(c).toStrictEqual(snapshot);
  });

  it('flags each deadline once: a second sweep, later, returns undefined', () => {
    // Prepare
    const flagged = nextOf(markOverdue(open(), plus(REVIEW_DUE, 1), rules));

    // Act
    const again = markOverdue(flagged, plus(REVIEW_DUE, 2 * DAY), rules);

    // Assess
    expect(again).toBeUndefined();
  });

  it('a city-level case under review: the city reviewer is responsible, without a code', () => {
    // Prepare
    const c = open({ ...cityCase, townshipCode: 'lucheng' });

    // Act
    const { emitted } = nextOfT(markOverdue(c, plus(REVIEW_DUE, 1), rules));

    // Assess
    const data = CaseOverdue.data.parse(emitted[0]!.data);
    expect(data.stage).toBe('review');
    expect(data.responsible).toStrictEqual({ role: 'city_reviewer' });
    expect(data.deputyCode).toBe('D0002');
    expect(data.townshipCode).toBe('lucheng');
  });

  it('a forwarded case past its acceptance time: the unit handler with the unit code', () => {
    // Prepare: acceptance due 2026-03-07T03:00Z
    const f = forwarded();

    // Act
    const early = markOverdue(f, at('2026-03-07T03:00:00.000Z'), rules);
    const { next, emitted } = nextOfT(markOverdue(f, at('2026-03-07T03:00:00.001Z'), rules));

    // Assess
    expect(early).toBeUndefined();
    expect(next.status).toBe('forwarded');
    expect(next.ledger.at(-1)).toMatchObject({ step: 'overdue', note: 'acceptance', unitCode: UNIT.unitCode, overdue: true });
    expect(CaseOverdue.data.parse(emitted[0]!.data)).toMatchObject({
      stage: 'acceptance',
      dueAt: '2026-03-07T03:00:00.000Z',
      responsible: { role: 'unit_handler', code: UNIT.unitCode },
    });
  });

  it('a case in progress past the end of its committed day in the city: resolution, the unit handler', () => {
    // Prepare
    const c = accepted();

    // Act: 23:59:59 on the committed day in Shanghai is still in time; its midnight is not
    const lastSecond = markOverdue(c, at(COMMITTED_END), rules);
    const { emitted } = nextOfT(markOverdue(c, at('2026-03-20T16:00:00Z'), rules));

    // Assess
    expect(lastSecond).toBeUndefined();
    expect(CaseOverdue.data.parse(emitted[0]!.data)).toMatchObject({
      stage: 'resolution',
      dueAt: COMMITTED_END,
      responsible: { role: 'unit_handler', code: UNIT.unitCode },
    });
  });

  it.each(['returned', 'declined', 'resolved', 'closed'] as const)('never flags a %s case', (status) => {
    // Prepare
    const c = build[status]();

    // Act
    const t = markOverdue(c, plus(COMMITTED_END, 60 * DAY), rules);

    // Assess
    expect(t).toBeUndefined();
  });

  it('a reassign sets a new review deadline, which can be flagged again', () => {
    // Prepare: review flagged late, then forwarded late, then sent back by the unit
    const flagged = nextOf(markOverdue(open(), at('2026-03-08T03:00:00Z'), rules));
    const f = forward(flagged, townshipReviewer, UNIT, at('2026-03-09T02:00:00Z'), rules).next;
    const back = requestReassign(f, handler, '不属本单位职责。', at('2026-03-10T02:00:00Z'), rules).next;

    // Act
    const beforeNewDeadline = markOverdue(back, at('2026-03-13T02:00:00.000Z'), rules);
    const t = nextOfT(markOverdue(back, at('2026-03-13T02:00:00.001Z'), rules));

    // Assess
    expect(back.reviewDueAt).toBe('2026-03-13T02:00:00.000Z');
    expect(beforeNewDeadline).toBeUndefined();
    expect(CaseOverdue.data.parse(t.emitted[0]!.data)).toMatchObject({
      stage: 'review',
      dueAt: '2026-03-13T02:00:00.000Z',
      responsible: { role: 'township_reviewer', code: 'lucheng' },
      sequence: t.next.ledger.length,
    });
    expect(t.next.flaggedOverdue).toEqual([`review@${REVIEW_DUE}`, 'review@2026-03-13T02:00:00.000Z']);
    expect(markOverdue(t.next, at('2026-03-14T02:00:00Z'), rules)).toBeUndefined();
  });
});

describe('the ledger’s overdue flag on a step, and resolve’s onTime', () => {
  it('accepting within acceptDays: not overdue, answering to acceptDueAt', () => {
    // Prepare: acceptance due 2026-03-07T03:00Z
    const f = forwarded();

    // Act
    const { next } = accept(f, handler, COMMITTED, at('2026-03-07T03:00:00.000Z'), rules);

    // Assess
    expect(next.ledger.at(-1)).toMatchObject({ step: 'accepted', deadline: '2026-03-07T03:00:00.000Z', overdue: false });
  });

  it('accepting after acceptDueAt: overdue', () => {
    // Prepare
    const f = forwarded();

    // Act
    const { next } = accept(f, handler, COMMITTED, at('2026-03-07T03:00:00.001Z'), rules);

    // Assess
    expect(next.ledger.at(-1)).toMatchObject({ step: 'accepted', deadline: '2026-03-07T03:00:00.000Z', overdue: true });
  });

  it.each([
    ['on time', '2026-03-08T01:59:59Z', false],
    ['late', '2026-03-08T02:00:01Z', true],
  ] as const)('forwarding %s against the review deadline', (_, when, overdue) => {
    // Prepare
    const c = open();

    // Act
    const { next } = forward(c, townshipReviewer, UNIT, at(when), rules);

    // Assess
    expect(next.ledger.at(-1)).toMatchObject({ step: 'forwarded', deadline: '2026-03-08T02:00:00.000Z', overdue });
  });

  it('a progress report after the committed day is overdue', () => {
    // Prepare
    const c = accepted();

    // Act
    const { next } = reportProgress(c, handler, '材料已到货。', at('2026-03-21T02:00:00Z'), rules);

    // Assess
    expect(next.ledger.at(-1)).toMatchObject({ step: 'progress', deadline: COMMITTED_END, overdue: true });
  });

  it.each([
    ['at 23:00 on the committed day in the city (15:00Z)', '2026-03-20T15:00:00Z', true],
    ['at the last second of the committed day in the city', COMMITTED_END, true],
    ['at midnight after the committed day in the city (16:00Z, still 03-20 in UTC)', '2026-03-20T16:00:00Z', false],
  ] as const)('resolving %s → onTime %s', (_, when, onTime) => {
    // Prepare
    const c = accepted();

    // Act
    const { next, emitted } = resolve(c, handler, '已安装照明灯。', at(when), rules);

    // Assess
    expect(CaseResolved.data.parse(emitted[0]!.data).onTime).toBe(onTime);
    expect(next.ledger.at(-1)).toMatchObject({ step: 'resolved', deadline: COMMITTED_END, overdue: !onTime });
  });
});

describe('suggestUnit', () => {
  const routing = [
    { category: 'roads', cityUnit: 'u-city-jiaotong' },
    { category: 'public_facilities', townshipOffice: 'jianshe' },
    { category: 'water', cityUnit: 'u-city-shuiwu', townshipOffice: 'shuili' },
    { category: 'other' },
  ];

  it.each([
    ['a city unit, whatever the township', 'roads', 'lucheng', 'u-city-jiaotong'],
    ['a city unit, with no township', 'roads', undefined, 'u-city-jiaotong'],
    ['the township’s office, u-<township>-<suffix>', 'public_facilities', 'lucheng', 'u-lucheng-jianshe'],
    ['the same office in another township', 'public_facilities', 'xinzhuang', 'u-xinzhuang-jianshe'],
    ['the city unit first when a rule has both', 'water', 'lucheng', 'u-city-shuiwu'],
    ['nothing for a township office without a township', 'public_facilities', undefined, undefined],
    ['nothing for an unknown category', 'weather', 'lucheng', undefined],
    ['nothing for a rule with neither', 'other', 'lucheng', undefined],
  ] as const)('%s', (_, category, township, unit) => {
    // Prepare / Act
    const suggested = suggestUnit(routing, category, township);

    // Assess
    expect(suggested).toBe(unit);
  });
});

/** The transition of a markOverdue that must have flagged. */
function nextOfT<T>(t: T | undefined): T {
  if (!t) throw new Error('expected a transition');
  return t;
}
