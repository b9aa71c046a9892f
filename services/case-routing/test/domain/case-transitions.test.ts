import { describe, expect, it } from 'vitest';
import type { EventContract } from '../../../../shared/events/envelope.ts';
import {
  CaseAccepted,
  CaseClosed,
  CaseDeclined,
  CaseForwarded,
  CaseProgressReported,
  CaseReassignRequested,
  CaseReopened,
  CaseResolved,
  CaseReturned,
} from '../../../../shared/events/case-routing/index.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import {
  accept,
  ALLOWED,
  close,
  decline,
  forward,
  reopen,
  reportProgress,
  requestReassign,
  resolve,
  returnToDeputy,
  type Actor,
  type Case,
  type CaseStatus,
  type CaseStep,
  type CaseTransition,
} from '../../src/domain/case.ts';
import { build, COMMITTED, handler, nextOf, reopened, resolved, rules, STATUSES, T, thrown, townshipReviewer, UNIT } from './fixtures.ts';

/**
 * The whole transition table of a case: every status × every action, each its own test. Allowed
 * pairs move the case, append one ledger line and emit one event that keeps its contract;
 * refused pairs answer 409 INVALID_TRANSITION and leave the case as it was.
 */

type Action = 'forward' | 'return' | 'decline' | 'accept' | 'progress' | 'resolve' | 'reassign';

interface ActionSpec {
  /** The statuses the action is allowed from (the spec, written out rather than read from ALLOWED). */
  from: readonly CaseStatus[];
  /** The status after the action, given the status before. */
  to: (before: CaseStatus) => CaseStatus;
  step: CaseStep;
  contract: EventContract;
  actor: Actor;
  /** Applies the action with valid input at `now`. */
  apply: (c: Case, now: Date) => CaseTransition;
}

/** A `Record` so a new action in the type must be specified here. */
const ACTIONS: Record<Action, ActionSpec> = {
  forward: {
    from: ['under_review', 'reassign_requested', 'reopened'],
    to: () => 'forwarded',
    step: 'forwarded',
    contract: CaseForwarded,
    actor: townshipReviewer,
    apply: (c, now) => forward(c, townshipReviewer, { ...UNIT, dueDate: '2026-03-15' }, now, rules),
  },
  return: {
    from: ['under_review', 'reassign_requested'],
    to: () => 'returned',
    step: 'returned',
    contract: CaseReturned,
    actor: townshipReviewer,
    apply: (c, now) => returnToDeputy(c, townshipReviewer, '属代表可直接答复的事项。', now, rules),
  },
  decline: {
    from: ['under_review', 'reassign_requested'],
    to: () => 'declined',
    step: 'declined',
    contract: CaseDeclined,
    actor: townshipReviewer,
    apply: (c, now) => decline(c, townshipReviewer, '该事项已进入司法程序，依法不予受理。', now, rules),
  },
  accept: {
    from: ['forwarded'],
    to: () => 'in_progress',
    step: 'accepted',
    contract: CaseAccepted,
    actor: handler,
    apply: (c, now) => accept(c, handler, COMMITTED, now, rules),
  },
  progress: {
    from: ['in_progress', 'reopened'],
    to: (before) => before,
    step: 'progress',
    contract: CaseProgressReported,
    actor: handler,
    apply: (c, now) => reportProgress(c, handler, '已完成现场勘查，正在采购灯具。', now, rules),
  },
  resolve: {
    from: ['in_progress', 'reopened'],
    to: () => 'resolved',
    step: 'resolved',
    contract: CaseResolved,
    actor: handler,
    apply: (c, now) => resolve(c, handler, '已安装篮球场照明灯4盏，3月28日起启用。', now, rules),
  },
  reassign: {
    from: ['forwarded', 'in_progress'],
    to: () => 'reassign_requested',
    step: 'reassign_requested',
    contract: CaseReassignRequested,
    actor: handler,
    apply: (c, now) => requestReassign(c, handler, '不属本单位职责，建议转交交通运输局。', now, rules),
  },
};

const ACTION_NAMES = Object.keys(ACTIONS) as Action[];

const table = STATUSES.flatMap((status) =>
  ACTION_NAMES.map((action) => {
    const allowed = ACTIONS[action].from.includes(status);
    return { status, action, allowed, outcome: allowed ? ACTIONS[action].to(status) : '409' };
  }),
);

/** Parses an emitted event's data with its contract, failing with the zod issues if it does not fit. */
function parsedData(contract: EventContract, data: unknown): Record<string, unknown> {
  const parsed = contract.data.safeParse(data);
  expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  return parsed.data as Record<string, unknown>;
}

describe('the transition table', () => {
  it('covers every status × every action (9 × 7)', () => {
    // Prepare / Act
    const pairs = new Set(table.map((row) => `${row.status}/${row.action}`));

    // Assess
    expect(STATUSES).toHaveLength(9);
    expect(ACTION_NAMES).toHaveLength(7);
    expect(pairs.size).toBe(63);
  });

  it('ALLOWED says exactly what the spec says, for these actions and the citizen ones', () => {
    // Prepare
    const spec: Record<string, readonly CaseStatus[]> = {
      ...Object.fromEntries(ACTION_NAMES.map((a) => [a, ACTIONS[a].from])),
      reopen: ['resolved'],
      close: ['resolved'],
    };

    // Act
    const sorted = (r: Record<string, readonly CaseStatus[]>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, [...v].sort()]));

    // Assess
    expect(sorted(ALLOWED)).toEqual(sorted(spec));
  });

  it('every builder produces the status it is named for, with a real ledger', () => {
    for (const status of STATUSES) {
      // Prepare / Act
      const c = build[status]();

      // Assess
      expect(c.status).toBe(status);
      expect(c.ledger.map((e) => e.seq)).toEqual(c.ledger.map((_, i) => i + 1));
      expect(c.ledger[0]!.step).toBe('opened');
    }
  });
});

describe.each(STATUSES)('from %s', (status) => {
  const rows = table.filter((row) => row.status === status);

  it.each(rows.filter((row) => row.allowed))('$action → $outcome', ({ action, outcome }) => {
    // Prepare
    const spec = ACTIONS[action];
    const before = build[status]();
    const snapshot = structuredClone(before);

    // Act
    const { next, emitted } = spec.apply(before, T.act);

    // Assess: the new status and the ledger, one line longer, the old lines untouched
    expect(next.status).toBe(outcome);
    expect(next.caseId).toBe(before.caseId);
    expect(next.ledger).toHaveLength(snapshot.ledger.length + 1);
    expect(next.ledger.slice(0, -1)).toStrictEqual(snapshot.ledger);
    const entry = next.ledger.at(-1)!;
    expect(entry.seq).toBe(snapshot.ledger.length + 1);
    expect(entry.step).toBe(spec.step);
    expect(entry.actor).toEqual(spec.actor);
    expect(entry.at).toBe(T.act.toISOString());
    expect(entry.overdue).toBe(false);

    // Assess: one event of the right contract, keeping it, numbered as the new ledger line
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.contract).toBe(spec.contract);
    const data = parsedData(spec.contract, emitted[0]!.data);
    expect(data.sequence).toBe(next.ledger.length);
    expect(data.caseId).toBe(before.caseId);
    expect(data.kind).toBe(before.kind);

    // Assess: the input case is as it was
    expect(before).toStrictEqual(snapshot);
  });

  it.each(rows.filter((row) => !row.allowed))('$action → 409 INVALID_TRANSITION', ({ action }) => {
    // Prepare
    const before = build[status]();
    const snapshot = structuredClone(before);

    // Act
    const error = thrown(() => ACTIONS[action].apply(before, T.act));

    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'INVALID_TRANSITION', details: { status, action } });
    expect(before).toStrictEqual(snapshot);
  });
});

describe('the citizen’s reopen and close', () => {
  const citizenTable = STATUSES.map((status) => ({ status, allowed: status === 'resolved' }));

  it.each(citizenTable)('reopen from $status: a transition only if resolved ($allowed)', ({ status, allowed }) => {
    // Prepare
    const before = build[status]();
    const snapshot = structuredClone(before);

    // Act
    const t = reopen(before, T.act, rules);

    // Assess
    expect(before).toStrictEqual(snapshot);
    if (!allowed) {
      expect(t).toBeUndefined();
      return;
    }
    expect(t).toBeDefined();
    const { next, emitted } = t!;
    expect(next.status).toBe('reopened');
    expect(next.reopenedOnce).toBe(true);
    expect(next.ledger.slice(0, -1)).toStrictEqual(snapshot.ledger);
    expect(next.ledger.at(-1)).toEqual({
      seq: snapshot.ledger.length + 1,
      at: T.act.toISOString(),
      step: 'reopened',
      actor: { role: 'citizen' },
      unitCode: UNIT.unitCode,
      note: '督办，限2026-03-25前重新办结',
      overdue: false,
    });
    // Under supervision the unit gets a fresh window: the category's 20 days from the city date.
    expect(next.dueDate).toBe('2026-03-25');
    expect(next.committedDate).toBeUndefined();
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.contract).toBe(CaseReopened);
    const data = parsedData(CaseReopened, emitted[0]!.data);
    expect(data).toMatchObject({ sequence: next.ledger.length, unitCode: UNIT.unitCode, reopenedAt: T.act.toISOString() });
  });

  it.each(citizenTable)('close from $status: a transition only if resolved ($allowed)', ({ status, allowed }) => {
    // Prepare
    const before = build[status]();
    const snapshot = structuredClone(before);

    // Act
    const t = close(before, 'basically_satisfied', T.act);

    // Assess
    expect(before).toStrictEqual(snapshot);
    if (!allowed) {
      expect(t).toBeUndefined();
      return;
    }
    expect(t).toBeDefined();
    const { next, emitted } = t!;
    expect(next.status).toBe('closed');
    expect(next.closedAt).toBe(T.act.toISOString());
    expect(next.ledger.slice(0, -1)).toStrictEqual(snapshot.ledger);
    expect(next.ledger.at(-1)).toEqual({
      seq: snapshot.ledger.length + 1,
      at: T.act.toISOString(),
      step: 'closed',
      actor: { role: 'citizen' },
      note: 'basically_satisfied',
      overdue: false,
    });
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.contract).toBe(CaseClosed);
    const data = parsedData(CaseClosed, emitted[0]!.data);
    expect(data).toMatchObject({ sequence: next.ledger.length, closedAt: T.act.toISOString(), rating: 'basically_satisfied' });
  });

  it('reopens only once: a case resolved again after a reopen is not reopened a second time', () => {
    // Prepare
    const again = resolved(reopened(), new Date('2026-03-05T07:00:00.000Z'));
    const snapshot = structuredClone(again);

    // Act
    const t = reopen(again, T.act, rules);

    // Assess
    expect(again.status).toBe('resolved');
    expect(again.reopenedOnce).toBe(true);
    expect(t).toBeUndefined();
    expect(again).toStrictEqual(snapshot);
  });

  it('a case resolved again after its reopen can still be closed, here with the rating window passed (no rating)', () => {
    // Prepare
    const again = resolved(reopened(), new Date('2026-03-05T07:00:00.000Z'));

    // Act
    const t = close(again, undefined, T.act);

    // Assess
    const { next, emitted } = t!;
    expect(next.status).toBe('closed');
    expect(next.ledger.at(-1)!.seq).toBe(again.ledger.length + 1);
    const data = parsedData(CaseClosed, emitted[0]!.data);
    expect(data.rating).toBeUndefined();
    expect(data.sequence).toBe(next.ledger.length);
  });

  it('a replayed reopen changes nothing: reopening the reopened case gives undefined', () => {
    // Prepare
    const once = nextOf(reopen(resolved(), T.citizen, rules));

    // Act
    const t = reopen(once, T.act, rules);

    // Assess
    expect(once.status).toBe('reopened');
    expect(t).toBeUndefined();
  });
});
