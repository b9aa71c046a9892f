import {
  accept,
  close,
  decline,
  forward,
  openCase,
  reopen,
  requestReassign,
  resolve,
  returnToDeputy,
  type Actor,
  type Case,
  type CaseRules,
  type CaseStatus,
  type CaseTransition,
} from '../../src/domain/case.ts';

/**
 * Fixtures for the case state machine: the city's rules, the actors, and builders that walk real
 * transitions from `openCase`, so every case a test starts from is one the machine can produce.
 */

export const TZ = 'Asia/Shanghai';

/** 3 days to review, 2 to accept, 20 days to resolve whatever the category. */
export const rules: CaseRules = { timeZone: TZ, reviewDays: 3, acceptDays: 2, resolutionDays: () => 20 };

export const deputy: Actor = { role: 'deputy', code: 'D0001' };
export const townshipReviewer: Actor = { role: 'township_reviewer', code: 'lucheng', name: '鹿城镇人大' };
export const cityReviewer: Actor = { role: 'city_reviewer', name: '市人大常委会联络委' };
export const handler: Actor = { role: 'unit_handler', code: 'u-lucheng-jianshe', name: '张工' };

export const UNIT = { unitCode: 'u-lucheng-jianshe', unitName: '鹿城镇村镇规划建设服务中心' } as const;

/** The clock of the walk: all on 2026-03-05 in Shanghai (UTC+8), before every deadline. */
export const T = {
  /** 10:00 in Shanghai: review due 2026-03-08T02:00Z. */
  open: new Date('2026-03-05T02:00:00.000Z'),
  /** 11:00: due date 2026-03-25 (20 days), acceptance due 2026-03-07T03:00Z. */
  review: new Date('2026-03-05T03:00:00.000Z'),
  /** 12:00: committed to 2026-03-20. */
  accept: new Date('2026-03-05T04:00:00.000Z'),
  /** 13:00: resolved, or a reassign asked for (new review due 2026-03-08T05:00Z). */
  unit: new Date('2026-03-05T05:00:00.000Z'),
  /** 14:00: the citizen reopens or closes. */
  citizen: new Date('2026-03-05T06:00:00.000Z'),
  /** 16:00: when a test acts on the built case. */
  act: new Date('2026-03-05T08:00:00.000Z'),
} as const;

export const COMMITTED = '2026-03-20';
/** 2026-03-20 23:59:59 in Shanghai. */
export const COMMITTED_END = '2026-03-20T15:59:59.999Z';

export type OpenInput = Parameters<typeof openCase>[0];

export const townshipCase: OpenInput = {
  caseId: 'c-01JNQ5Y8R2W3',
  messageId: 'm-01JNQ5Y8R2W3',
  kind: 'problem',
  deputyCode: 'D0001',
  reviewLevel: 'township',
  townshipCode: 'lucheng',
  category: 'public_facilities',
  suggestedUnitCode: 'u-lucheng-jianshe',
};

export const cityCase: OpenInput = {
  caseId: 'c-01JNQ5Y8R2W4',
  kind: 'suggestion',
  deputyCode: 'D0002',
  reviewLevel: 'city',
  category: 'roads',
};

/** The next case of a transition that must have happened. */
export function nextOf(t: CaseTransition | undefined): Case {
  if (!t) throw new Error('expected a transition');
  return t.next;
}

export const open = (input: OpenInput = townshipCase, now: Date = T.open): Case => openCase(input, now, rules).next;

export const forwarded = (c: Case = open(), now: Date = T.review, dueDate?: string): Case =>
  forward(c, townshipReviewer, { ...UNIT, ...(dueDate ? { dueDate } : {}) }, now, rules).next;

export const accepted = (c: Case = forwarded(), now: Date = T.accept, committedDate: string = COMMITTED): Case =>
  accept(c, handler, committedDate, now, rules).next;

export const resolved = (c: Case = accepted(), now: Date = T.unit): Case => resolve(c, handler, '已安装篮球场照明灯4盏。', now, rules).next;

export const reopened = (c: Case = resolved(), now: Date = T.citizen): Case => nextOf(reopen(c, now, rules));

/** One builder per status, each walking real transitions; a `Record` so a new status fails to compile here. */
export const build: Record<CaseStatus, () => Case> = {
  under_review: () => open(),
  returned: () => returnToDeputy(open(), townshipReviewer, '属代表可直接答复的事项。', T.review, rules).next,
  declined: () => decline(open(), townshipReviewer, '该事项已进入司法程序，依法不予受理。', T.review, rules).next,
  forwarded: () => forwarded(),
  in_progress: () => accepted(),
  reassign_requested: () => requestReassign(forwarded(), handler, '不属本单位职责。', T.unit, rules).next,
  resolved: () => resolved(),
  reopened: () => reopened(),
  closed: () => nextOf(close(resolved(), 'satisfied', T.citizen)),
};

export const STATUSES = Object.keys(build) as CaseStatus[];

/** Runs `fn` and returns what it threw; fails if it did not throw. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
