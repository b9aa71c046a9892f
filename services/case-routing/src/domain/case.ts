import { ensureRoom } from '../../../../shared/domain/record-budget.ts';
import { emit, type Transition } from '../../../../shared/domain/transition.ts';
import {
  CaseAccepted,
  CaseClosed,
  CaseDeclined,
  CaseForwarded,
  CaseOpened,
  CaseOverdue,
  CaseProgressReported,
  CaseReassignRequested,
  CaseReopened,
  CaseResolved,
  CaseReturned,
} from '../../../../shared/events/case-routing/index.ts';
import { ConflictError, InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { addDays, addDaysToDate, cityDate, endOfCityDay } from '../../../../shared/time/city-dates.ts';
import type { Suggestion } from './suggestion-record.ts';

/** An open matter alike to this one (相似诉求), found by messaging when its message arrived. */
export interface SimilarMatter {
  messageId: string;
  score: number;
}

/**
 * A case (交办件): one escalated matter or deputy's suggestion on its way from review to a
 * result, and the state machine that moves it. Pure: the clock and the city's rules come in.
 */
export type CaseStatus = 'under_review' | 'returned' | 'declined' | 'forwarded' | 'in_progress' | 'reassign_requested' | 'resolved' | 'reopened' | 'closed';

export type CaseStep =
  | 'opened'
  | 'forwarded'
  | 'returned'
  | 'declined'
  | 'accepted'
  | 'progress'
  | 'resolved'
  | 'reassign_requested'
  | 'reopened'
  | 'overdue'
  | 'closed'
  // 合并办理: merged with another report of the same problem (see merge.ts).
  | 'merged'
  // A suggestion's own steps (see suggestion.ts): 立案, 转参考, 协办意见, 代表约见, 书面答复, 代表评价.
  | 'registered'
  | 'referred'
  | 'assisted'
  | 'meeting'
  | 'answered'
  | 'evaluated';

export type Stage = 'review' | 'acceptance' | 'resolution';

/** Who acted: a role and, where there is one, their code (unit, township, deputy). */
export interface Actor {
  role: 'citizen' | 'deputy' | 'township_reviewer' | 'city_reviewer' | 'unit_handler' | 'admin' | 'system';
  code?: string;
  name?: string;
}

/** One line of the case's ledger (台账): appended, never changed. */
export interface LedgerEntry {
  seq: number;
  at: string;
  step: CaseStep;
  actor: Actor;
  note?: string;
  /** The deadline this step answered to, if any. */
  deadline?: string;
  /** The step came after its deadline (or, for `overdue`, flags the missed deadline). */
  overdue: boolean;
  unitCode?: string;
}

export interface Case {
  caseId: string;
  messageId?: string;
  kind: 'problem' | 'suggestion';
  deputyCode: string;
  reviewLevel: 'city' | 'township';
  townshipCode?: string;
  category: string;
  suggestedUnitCode?: string;
  status: CaseStatus;
  openedAt: string;
  reviewDueAt?: string;
  unitCode?: string;
  unitName?: string;
  dueDate?: string;
  acceptDueAt?: string;
  committedDate?: string;
  result?: string;
  reopenedOnce: boolean;
  closedAt?: string;
  /** Deadlines already flagged overdue (`stage@deadline`), so each is flagged once. */
  flaggedOverdue: string[];
  ledger: LedgerEntry[];
  /** A deputy's suggestion or motion (kind `suggestion`): what it says, its units, answer and evaluations. */
  suggestion?: Suggestion;
  /** The category and unit the message's text suggested (智能分拣), with its confidence: for the reviewer to weigh. */
  triage?: { category: string; unitCode?: string; confidence: number };
  /** Open messages alike to this one when it was escalated, candidates for merging. */
  similar?: SimilarMatter[];
  /** Merged into this primary case, whose steps it follows (合并办理). */
  mergedInto?: string;
  /** The cases merged into this one. */
  mergedCases?: string[];
  /** When the citizen, unsatisfied with the deputy's direct answer, sent the matter to supervision (督办). */
  supervisedAt?: string;
  /** The citizen's rating of the result when it closed (满意度). */
  rating?: 'satisfied' | 'basically_satisfied' | 'unsatisfied';
}

/** The city's rules a transition needs. */
export interface CaseRules {
  timeZone: string;
  reviewDays: number;
  acceptDays: number;
  /** Default resolution time of the case's category, in days. */
  resolutionDays: (category: string) => number;
}

/** A decided change of a case and the events it causes. */
export type CaseTransition = Transition<Case>;

export const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** Which statuses allow which actions (anything else is a 409). */
export const ALLOWED: Record<string, readonly CaseStatus[]> = {
  forward: ['under_review', 'reassign_requested', 'reopened'],
  return: ['under_review', 'reassign_requested'],
  decline: ['under_review', 'reassign_requested'],
  accept: ['forwarded'],
  progress: ['in_progress', 'reopened'],
  resolve: ['in_progress', 'reopened'],
  reassign: ['forwarded', 'in_progress'],
  reopen: ['resolved'],
  close: ['resolved'],
};

const DONE: Record<string, string> = {
  forward: 'forwarded',
  return: 'returned',
  decline: 'declined',
  accept: 'accepted',
  progress: 'reported on',
  resolve: 'resolved',
  reassign: 'reassigned',
  reopen: 'reopened',
  close: 'closed',
};

/** Steps a suggestion takes through its own routes (register, refer, answer), never the problem routes. */
const NOT_FOR_SUGGESTIONS = new Set(['forward', 'return', 'decline', 'resolve', 'reassign']);

function allow(c: Case, action: keyof typeof ALLOWED): void {
  if (c.suggestion && NOT_FOR_SUGGESTIONS.has(action)) {
    throw new ConflictError(`A suggestion cannot be ${DONE[action]} here: it is registered and answered through /v1/suggestions.`, 'SUGGESTION_STEP', {
      action,
    });
  }
  if (!ALLOWED[action]!.includes(c.status)) {
    throw new ConflictError(`A case that is ${c.status} cannot be ${DONE[action]}.`, 'INVALID_TRANSITION', {
      status: c.status,
      action,
    });
  }
}

/** The deadline of the stage the case is in, if it is waiting on someone. */
export function currentDeadline(c: Case, timeZone: string): { stage: Stage; dueAt: string } | undefined {
  switch (c.status) {
    case 'under_review':
    case 'reassign_requested':
      return c.reviewDueAt ? { stage: 'review', dueAt: c.reviewDueAt } : undefined;
    case 'forwarded':
      return c.acceptDueAt ? { stage: 'acceptance', dueAt: c.acceptDueAt } : undefined;
    case 'in_progress':
    case 'reopened': {
      const day = c.committedDate ?? c.dueDate;
      return day ? { stage: 'resolution', dueAt: endOfCityDay(day, timeZone) } : undefined;
    }
    default:
      return undefined;
  }
}

/** Supervision urgency (督办等级): green due soon (≤ 3 days), yellow due within a day, red overdue. */
export function urgency(c: Case, now: Date, timeZone: string): 'green' | 'yellow' | 'red' | undefined {
  const deadline = currentDeadline(c, timeZone);
  if (!deadline) return undefined;
  const left = Date.parse(deadline.dueAt) - now.getTime();
  if (left < 0) return 'red';
  if (left <= 86_400_000) return 'yellow';
  if (left <= 3 * 86_400_000) return 'green';
  return undefined;
}

/**
 * The case with one more ledger line (numbered next) and the patch applied; a line staff write must
 * leave the case within its budget (409 `RECORD_FULL`).
 */
export function append(c: Case, entry: Omit<LedgerEntry, 'seq'>, patch: Partial<Case>): Case {
  const next = { ...c, ...patch, ledger: [...c.ledger, { seq: c.ledger.length + 1, ...entry }] };
  // Lines the platform adds (the citizen's rating, overdue flags) are few and always fit; progress
  // notes are the only step staff repeat at will, so every other step still fits a full case.
  return entry.actor.role === 'citizen' || entry.actor.role === 'system' ? next : ensureRoom(next, 'case', entry.step !== 'progress');
}

/** What every case event carries: the case, its message if any, its kind and the step's number. */
export function stepFacts(c: Case, sequence: number) {
  return { caseId: c.caseId, messageId: c.messageId, kind: c.kind, sequence };
}

/** Whether `at` is past the current stage's deadline (for the ledger's overdue flag). */
export function late(c: Case, at: Date, timeZone: string): { deadline?: string; overdue: boolean } {
  const deadline = currentDeadline(c, timeZone);
  return deadline ? { deadline: deadline.dueAt, overdue: at.toISOString() > deadline.dueAt } : { overdue: false };
}

/** 立案: an escalated message opens a case for review by the deputy's committee. */
export function openCase(
  input: Pick<Case, 'caseId' | 'messageId' | 'kind' | 'deputyCode' | 'reviewLevel' | 'townshipCode' | 'category' | 'suggestedUnitCode' | 'triage' | 'similar'>,
  now: Date,
  rules: CaseRules,
): CaseTransition {
  const at = now.toISOString();
  const reviewDueAt = addDays(now, rules.reviewDays);
  const opened: Case = {
    ...input,
    status: 'under_review',
    openedAt: at,
    reviewDueAt,
    reopenedOnce: false,
    flaggedOverdue: [],
    ledger: [{ seq: 1, at, step: 'opened', actor: { role: 'deputy', code: input.deputyCode }, deadline: reviewDueAt, overdue: false }],
  };
  return {
    next: opened,
    emitted: [
      emit(CaseOpened, {
        ...stepFacts(opened, 1),
        deputyCode: input.deputyCode,
        reviewLevel: input.reviewLevel,
        townshipCode: input.townshipCode,
        category: input.category,
        reviewDueAt,
        suggestedUnitCode: input.suggestedUnitCode,
      }),
    ],
  };
}

/**
 * 督办: the citizen was unsatisfied with the deputy's direct answer, so the matter opens as a case
 * for the township's reviewers (the city's when the deputy has no township), already counted as
 * its one reopening: a later unsatisfied rating closes it instead of reopening it again.
 */
export function openSupervisedCase(
  input: Pick<Case, 'caseId' | 'messageId' | 'deputyCode' | 'townshipCode' | 'category' | 'suggestedUnitCode'>,
  now: Date,
  rules: CaseRules,
): CaseTransition {
  const opened = openCase({ ...input, kind: 'problem', reviewLevel: input.townshipCode ? 'township' : 'city' }, now, rules);
  const [first] = opened.next.ledger;
  return {
    next: {
      ...opened.next,
      reopenedOnce: true,
      supervisedAt: now.toISOString(),
      ledger: [{ ...first!, actor: { role: 'citizen' }, note: '群众对代表答复不满意，转入督办' }],
    },
    emitted: opened.emitted,
  };
}

/** 转办: the reviewer sends the case to a unit, with a due date no later than the category's default. */
export function forward(c: Case, actor: Actor, input: { unitCode: string; unitName: string; dueDate?: string }, now: Date, rules: CaseRules): CaseTransition {
  allow(c, 'forward');
  const today = cityDate(now, rules.timeZone);
  const latest = addDaysToDate(today, rules.resolutionDays(c.category));
  const dueDate = input.dueDate ?? latest;
  if (!isDate(dueDate) || dueDate < today || dueDate > latest) {
    throw new InvalidInputError('The due date is not allowed.', [{ path: 'dueDate', message: `between ${today} and ${latest} (the category's limit)` }]);
  }
  const at = now.toISOString();
  const acceptDueAt = addDays(now, rules.acceptDays);
  const next = append(
    c,
    { at, step: 'forwarded', actor, unitCode: input.unitCode, note: `转交${input.unitName}，限${dueDate}前办结`, ...late(c, now, rules.timeZone) },
    {
      status: 'forwarded',
      unitCode: input.unitCode,
      unitName: input.unitName,
      dueDate,
      acceptDueAt,
      committedDate: undefined,
    },
  );
  return {
    next,
    emitted: [
      emit(CaseForwarded, {
        ...stepFacts(next, next.ledger.length),
        unitCode: input.unitCode,
        unitName: input.unitName,
        dueDate,
        acceptDueAt,
        forwardedAt: at,
      }),
    ],
  };
}

/** 退回: back to the deputy to answer themselves. */
export function returnToDeputy(c: Case, actor: Actor, reason: string, now: Date, rules: CaseRules): CaseTransition {
  allow(c, 'return');
  const at = now.toISOString();
  const next = append(c, { at, step: 'returned', actor, note: reason, ...late(c, now, rules.timeZone) }, { status: 'returned' });
  return { next, emitted: [emit(CaseReturned, { ...stepFacts(next, next.ledger.length), deputyCode: c.deputyCode, returnedAt: at })] };
}

/** 不予受理: declined with a reason the citizen will read. */
export function decline(c: Case, actor: Actor, reason: string, now: Date, rules: CaseRules): CaseTransition {
  allow(c, 'decline');
  const at = now.toISOString();
  const next = append(c, { at, step: 'declined', actor, note: reason, ...late(c, now, rules.timeZone) }, { status: 'declined' });
  return { next, emitted: [emit(CaseDeclined, { ...stepFacts(next, next.ledger.length), reason, declinedAt: at })] };
}

/** 承诺: the unit accepts and commits to a date on or before the due date (and, if it says them, to its measures). */
export function accept(c: Case, actor: Actor, committedDate: string, now: Date, rules: CaseRules, measures?: string): CaseTransition {
  allow(c, 'accept');
  const today = cityDate(now, rules.timeZone);
  if (!isDate(committedDate) || committedDate < today || committedDate > c.dueDate!) {
    throw new InvalidInputError('The committed date is not allowed.', [{ path: 'committedDate', message: `between ${today} and the due date ${c.dueDate}` }]);
  }
  const at = now.toISOString();
  const next = append(
    c,
    {
      at,
      step: 'accepted',
      actor,
      unitCode: c.unitCode,
      note: `承诺${committedDate}前办结${measures ? `：${measures}` : ''}`,
      ...late(c, now, rules.timeZone),
    },
    { status: 'in_progress', committedDate },
  );
  return { next, emitted: [emit(CaseAccepted, { ...stepFacts(next, next.ledger.length), unitCode: c.unitCode!, committedDate, acceptedAt: at })] };
}

/** 进展: the unit reports progress; the note stays in the ledger. */
export function reportProgress(c: Case, actor: Actor, note: string, now: Date, rules: CaseRules): CaseTransition {
  allow(c, 'progress');
  const at = now.toISOString();
  const next = append(c, { at, step: 'progress', actor, unitCode: c.unitCode, note, ...late(c, now, rules.timeZone) }, {});
  return { next, emitted: [emit(CaseProgressReported, { ...stepFacts(next, next.ledger.length), unitCode: c.unitCode!, reportedAt: at })] };
}

/** 办结: the unit reports the result. */
export function resolve(c: Case, actor: Actor, result: string, now: Date, rules: CaseRules): CaseTransition {
  allow(c, 'resolve');
  const at = now.toISOString();
  const timing = late(c, now, rules.timeZone);
  const next = append(c, { at, step: 'resolved', actor, unitCode: c.unitCode, note: result, ...timing }, { status: 'resolved', result });
  return {
    next,
    emitted: [emit(CaseResolved, { ...stepFacts(next, next.ledger.length), unitCode: c.unitCode!, result, resolvedAt: at, onTime: !timing.overdue })],
  };
}

/** 申请改派: the unit is not the right one; the case goes back to review. */
export function requestReassign(c: Case, actor: Actor, reason: string, now: Date, rules: CaseRules): CaseTransition {
  allow(c, 'reassign');
  const at = now.toISOString();
  const next = append(
    c,
    { at, step: 'reassign_requested', actor, unitCode: c.unitCode, note: reason, ...late(c, now, rules.timeZone) },
    { status: 'reassign_requested', reviewDueAt: addDays(now, rules.reviewDays) },
  );
  return { next, emitted: [emit(CaseReassignRequested, { ...stepFacts(next, next.ledger.length), unitCode: c.unitCode!, requestedAt: at })] };
}

/**
 * The citizen was unsatisfied with the result: reopened under supervision, once, and the unit
 * gets a fresh resolution window (the category's limit from today). A second unsatisfied rating
 * (or a replay) changes nothing.
 */
export function reopen(c: Case, now: Date, rules: CaseRules): CaseTransition | undefined {
  if (c.status !== 'resolved' || c.reopenedOnce) return undefined;
  const at = now.toISOString();
  const dueDate = addDaysToDate(cityDate(now, rules.timeZone), rules.resolutionDays(c.category));
  const next = append(
    c,
    { at, step: 'reopened', actor: { role: 'citizen' }, unitCode: c.unitCode, note: `督办，限${dueDate}前重新办结`, overdue: false },
    { status: 'reopened', reopenedOnce: true, dueDate, committedDate: undefined },
  );
  return { next, emitted: [emit(CaseReopened, { ...stepFacts(next, next.ledger.length), unitCode: c.unitCode, reopenedAt: at })] };
}

/** 闭环: the citizen rated the result (or let the window pass). Anything but a resolved case stays as it is. */
export function close(c: Case, rating: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | undefined, now: Date): CaseTransition | undefined {
  if (c.status !== 'resolved') return undefined;
  const at = now.toISOString();
  const next = append(
    c,
    { at, step: 'closed', actor: { role: 'citizen' }, note: rating, overdue: false },
    { status: 'closed', closedAt: at, ...(rating ? { rating } : {}) },
  );
  return { next, emitted: [emit(CaseClosed, { ...stepFacts(next, next.ledger.length), closedAt: at, rating })] };
}

/** Flags the current stage overdue once its deadline passed (督办), once per deadline. */
export function markOverdue(c: Case, now: Date, rules: CaseRules): CaseTransition | undefined {
  // A merged case shares its primary's deadlines: the primary alone is flagged, once.
  if (c.mergedInto) return undefined;
  const deadline = currentDeadline(c, rules.timeZone);
  if (!deadline || deadline.dueAt >= now.toISOString()) return undefined;
  const flag = `${deadline.stage}@${deadline.dueAt}`;
  if (c.flaggedOverdue.includes(flag)) return undefined;
  const responsible: { role: 'township_reviewer' | 'city_reviewer' | 'unit_handler'; code?: string } =
    deadline.stage === 'review'
      ? c.reviewLevel === 'city'
        ? { role: 'city_reviewer' }
        : { role: 'township_reviewer', code: c.townshipCode }
      : { role: 'unit_handler', code: c.unitCode };
  const next = append(
    c,
    { at: now.toISOString(), step: 'overdue', actor: { role: 'system' }, note: deadline.stage, deadline: deadline.dueAt, overdue: true, unitCode: c.unitCode },
    { flaggedOverdue: [...c.flaggedOverdue, flag] },
  );
  return {
    next,
    emitted: [
      emit(CaseOverdue, {
        ...stepFacts(next, next.ledger.length),
        stage: deadline.stage,
        dueAt: deadline.dueAt,
        responsible,
        deputyCode: c.deputyCode,
        townshipCode: c.townshipCode,
      }),
    ],
  };
}

/** One routing rule of the city: which unit, or which township office, a category belongs to. */
export interface RoutingRule {
  category: string;
  cityUnit?: string;
  townshipOffice?: string;
}

/** Routing rules (as data): the unit a matter of this category in this township most likely belongs to. */
export function suggestUnit(rules: readonly RoutingRule[], category: string, townshipCode: string | undefined): string | undefined {
  const rule = rules.find((r) => r.category === category);
  if (!rule) return undefined;
  if (rule.cityUnit) return rule.cityUnit;
  return townshipCode && rule.townshipOffice ? `u-${townshipCode}-${rule.townshipOffice}` : undefined;
}
