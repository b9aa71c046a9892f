import { emit } from '../../../../shared/domain/transition.ts';
import {
  CaseClosed,
  CaseDeclined,
  CaseForwarded,
  CaseReopened,
  CaseResolved,
  SuggestionAnswered,
  SuggestionEvaluated,
  SuggestionReferred,
  SuggestionRegistered,
  SuggestionSubmitted,
} from '../../../../shared/events/case-routing/index.ts';
import { ConflictError, InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { addDays, addDaysToDate, cityDate } from '../../../../shared/time/city-dates.ts';
import type { NamedUnit, ResultClass, Satisfaction, Suggestion, SuggestionKind } from './suggestion-record.ts';
import { append, isDate, late, openCase, stepFacts, type Actor, type Case, type CaseRules, type CaseStatus, type CaseTransition } from './case.ts';

/**
 * A deputy's suggestion or motion (代表建议、议案) on the case state machine: a case of kind
 * `suggestion` that the city committee registers (立案) to a lead unit (主办) with assisting units
 * (协办), or turns into an opinion for reference (转为参考意见). The lead unit commits and keeps the
 * ledger through the case routes (承诺制、台账制), meets the deputy (代表约见), and answers in
 * writing with a result class once every assisting unit gave its input; the proposing deputy
 * evaluates, and a first "unsatisfied" sends it back for a second handling under supervision.
 * Pure: the clock and the city's rules come in.
 */
export type { NamedUnit, ResultClass, Satisfaction, Suggestion, SuggestionKind } from './suggestion-record.ts';

/** The city's rules for suggestions, with the case rules they run on. */
export interface SuggestionRules extends CaseRules {
  /** Deputies who must sign a motion, the proposer included. */
  motionSigners: number;
  answerDays: number;
  keySupervisionAnswerDays: number;
}

const RESULT_NAMES: Record<ResultClass, string> = { solved: '已解决', being_solved: '正在解决', planned: '列入计划', explained: '说明解释' };
const SATISFACTION_NAMES: Record<Satisfaction, string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' };
/** The case's rating words for an evaluation (CaseClosed's vocabulary). */
const RATING: Record<Satisfaction, 'satisfied' | 'basically_satisfied' | 'unsatisfied'> = {
  satisfied: 'satisfied',
  basically: 'basically_satisfied',
  unsatisfied: 'unsatisfied',
};

/** The suggestion id of a case and back: the same suffix, `s-` and `c-`. */
export const suggestionIdOf = (caseId: string) => `s-${caseId.slice(2)}`;
export const caseIdOf = (suggestionId: string) => `c-${suggestionId.slice(2)}`;

function suggestionOf(c: Case): Suggestion {
  if (c.kind !== 'suggestion' || !c.suggestion) throw new ConflictError('This case is not a suggestion.', 'NOT_A_SUGGESTION');
  return c.suggestion;
}

function requireStatus(c: Case, allowed: readonly CaseStatus[], what: string): void {
  if (!allowed.includes(c.status)) {
    throw new ConflictError(`A suggestion that is ${c.status} cannot be ${what}.`, 'INVALID_TRANSITION', { status: c.status, action: what });
  }
}

function suggestionFacts(c: Case, s: Suggestion) {
  return { suggestionId: s.suggestionId, caseId: c.caseId, deputyCode: c.deputyCode, kind: s.kind };
}

/**
 * Checks who signed: co-signers are distinct deputies in office other than the proposer, and a
 * motion has the city's legal number of signers. `inOffice` answers from the directory.
 */
export function checkSigners(
  kind: SuggestionKind,
  proposer: string,
  coSignerCodes: readonly string[],
  inOffice: (code: string) => boolean,
  rules: Pick<SuggestionRules, 'motionSigners'>,
): void {
  const problems: { path: string; message: string }[] = [];
  if (new Set(coSignerCodes).size !== coSignerCodes.length) problems.push({ path: 'coSigners', message: 'a deputy co-signs once' });
  if (coSignerCodes.includes(proposer)) problems.push({ path: 'coSigners', message: 'the proposer is not a co-signer' });
  const outside = coSignerCodes.filter((code) => code !== proposer && !inOffice(code));
  if (outside.length > 0) problems.push({ path: 'coSigners', message: `not deputies in office: ${outside.join(', ')}` });
  if (kind === 'motion' && 1 + new Set(coSignerCodes).size < rules.motionSigners) {
    problems.push({ path: 'coSigners', message: `a motion needs ${rules.motionSigners} deputies signing, the proposer included` });
  }
  if (problems.length > 0) throw new InvalidInputError('The signers are not allowed.', problems);
}

/** What a deputy submits. */
export interface SuggestionDraft {
  kind: SuggestionKind;
  title: string;
  content: string;
  category: string;
  problem?: string;
  solution?: string;
  coSignerCodes: string[];
}

/** 提出: the deputy's suggestion opens a case for the city committee (signers checked before). */
export function submitSuggestion(
  input: { caseId: string; deputyCode: string; townshipCode?: string; draft: SuggestionDraft },
  now: Date,
  rules: CaseRules,
): CaseTransition {
  const { draft } = input;
  const opened = openCase(
    { caseId: input.caseId, kind: 'suggestion', deputyCode: input.deputyCode, reviewLevel: 'city', townshipCode: input.townshipCode, category: draft.category },
    now,
    rules,
  );
  const at = now.toISOString();
  const suggestion: Suggestion = {
    suggestionId: suggestionIdOf(input.caseId),
    kind: draft.kind,
    title: draft.title,
    content: draft.content,
    ...(draft.problem ? { problem: draft.problem } : {}),
    ...(draft.solution ? { solution: draft.solution } : {}),
    coSignerCodes: draft.coSignerCodes,
    submittedAt: at,
    assistingUnits: [],
    keySupervision: false,
    assistInputs: [],
    meetings: [],
    evaluations: [],
    round: 1,
  };
  const next: Case = {
    ...opened.next,
    suggestion,
    ledger: opened.next.ledger.map((e) => ({ ...e, note: `${draft.kind === 'motion' ? '议案' : '建议'}：${draft.title}` })),
  };
  return {
    next,
    emitted: [
      ...opened.emitted,
      emit(SuggestionSubmitted, { ...suggestionFacts(next, suggestion), category: draft.category, coSignerCodes: draft.coSignerCodes, submittedAt: at }),
    ],
  };
}

/** The latest due date a registration may set, from today: shorter under key supervision. */
export function latestDueDate(today: string, keySupervision: boolean, rules: SuggestionRules): string {
  return addDaysToDate(today, keySupervision ? rules.keySupervisionAnswerDays : rules.answerDays);
}

/** 立案交办: the committee registers it to a lead unit and assisting units, with a due date. */
export function registerSuggestion(
  c: Case,
  actor: Actor,
  input: { lead: NamedUnit; assisting: NamedUnit[]; dueDate?: string; keySupervision: boolean },
  now: Date,
  rules: SuggestionRules,
): CaseTransition {
  const s = suggestionOf(c);
  requireStatus(c, ['under_review'], 'registered');
  const assistingCodes = input.assisting.map((u) => u.code);
  if (assistingCodes.includes(input.lead.code) || new Set(assistingCodes).size !== assistingCodes.length) {
    throw new InvalidInputError('The assisting units are not allowed.', [{ path: 'assistingUnitCodes', message: 'distinct units other than the lead unit' }]);
  }
  const today = cityDate(now, rules.timeZone);
  const latest = latestDueDate(today, input.keySupervision, rules);
  const dueDate = input.dueDate ?? latest;
  if (!isDate(dueDate) || dueDate < today || dueDate > latest) {
    throw new InvalidInputError('The due date is not allowed.', [{ path: 'dueDate', message: `between ${today} and ${latest}` }]);
  }
  const at = now.toISOString();
  const acceptDueAt = addDays(now, rules.acceptDays);
  const assistingNote = input.assisting.length > 0 ? `，协办${input.assisting.map((u) => u.name).join('、')}` : '';
  const next = append(
    c,
    {
      at,
      step: 'registered',
      actor,
      unitCode: input.lead.code,
      note: `立案，主办${input.lead.name}${assistingNote}，限${dueDate}前答复${input.keySupervision ? '（重点督办）' : ''}`,
      ...late(c, now, rules.timeZone),
    },
    {
      status: 'forwarded',
      unitCode: input.lead.code,
      unitName: input.lead.name,
      dueDate,
      acceptDueAt,
      suggestion: { ...s, assistingUnits: input.assisting, keySupervision: input.keySupervision, registeredAt: at },
    },
  );
  const facts = stepFacts(next, next.ledger.length);
  return {
    next,
    emitted: [
      emit(CaseForwarded, { ...facts, unitCode: input.lead.code, unitName: input.lead.name, dueDate, acceptDueAt, forwardedAt: at }),
      emit(SuggestionRegistered, {
        ...suggestionFacts(next, s),
        coSignerCodes: s.coSignerCodes,
        leadUnitCode: input.lead.code,
        leadUnitName: input.lead.name,
        assistingUnitCodes: assistingCodes,
        dueDate,
        keySupervision: input.keySupervision,
        registeredAt: at,
      }),
    ],
  };
}

/** 转为参考意见: not registered; the deputy reads the reason. */
export function referSuggestion(c: Case, actor: Actor, reason: string, now: Date, rules: CaseRules): CaseTransition {
  const s = suggestionOf(c);
  requireStatus(c, ['under_review'], 'referred');
  const at = now.toISOString();
  const next = append(
    c,
    { at, step: 'referred', actor, note: `转为参考意见：${reason}`, ...late(c, now, rules.timeZone) },
    {
      status: 'declined',
      suggestion: { ...s, referredReason: reason },
    },
  );
  return {
    next,
    emitted: [
      emit(CaseDeclined, { ...stepFacts(next, next.ledger.length), reason, declinedAt: at }),
      emit(SuggestionReferred, { ...suggestionFacts(next, s), referredAt: at }),
    ],
  };
}

/** Statuses in which the units work on it (before the answer, or in the second handling). */
const HANDLING: readonly CaseStatus[] = ['forwarded', 'in_progress', 'reopened'];

/** 协办意见: an assisting unit gives its input to the lead unit, once per round. */
export function giveAssistInput(c: Case, actor: Actor, unitCode: string, note: string, now: Date, rules: CaseRules): CaseTransition {
  const s = suggestionOf(c);
  requireStatus(c, HANDLING, 'given input');
  const unit = s.assistingUnits.find((u) => u.code === unitCode);
  if (!unit) throw new ConflictError('Only an assisting unit gives input.', 'NOT_ASSISTING');
  if (s.assistInputs.some((i) => i.unitCode === unitCode && i.round === s.round)) {
    throw new ConflictError('This unit already gave its input.', 'ALREADY_GIVEN');
  }
  const at = now.toISOString();
  const next = append(
    c,
    { at, step: 'assisted', actor, unitCode, note: `协办意见：${note}`, ...late(c, now, rules.timeZone) },
    {
      suggestion: { ...s, assistInputs: [...s.assistInputs, { unitCode, unitName: unit.name, note, at, round: s.round }] },
    },
  );
  return { next, emitted: [] };
}

/** 代表约见: the lead unit met the deputy (date, attendees); recorded in the ledger. */
export function recordMeeting(
  c: Case,
  actor: Actor,
  meeting: { date: string; attendees: string[]; note?: string },
  now: Date,
  rules: CaseRules,
): CaseTransition {
  const s = suggestionOf(c);
  requireStatus(c, ['in_progress', 'reopened'], 'recorded as met');
  const today = cityDate(now, rules.timeZone);
  if (!isDate(meeting.date) || meeting.date > today)
    throw new InvalidInputError('The meeting date is not allowed.', [{ path: 'date', message: `on or before ${today}` }]);
  const at = now.toISOString();
  const note = `约见代表（${meeting.date}，${meeting.attendees.join('、')}）${meeting.note ? `：${meeting.note}` : ''}`;
  const next = append(
    c,
    { at, step: 'meeting', actor, unitCode: c.unitCode, note, ...late(c, now, rules.timeZone) },
    {
      suggestion: { ...s, meetings: [...s.meetings, { ...meeting, at }] },
    },
  );
  return { next, emitted: [] };
}

/**
 * 书面答复: the lead unit answers in writing with a result class, once every assisting unit gave
 * its input (协办单位先向主办单位提出意见; a second handling may add to it, need not). The deputy
 * evaluates next.
 */
export function answerSuggestion(c: Case, actor: Actor, answer: { resultClass: ResultClass; text: string }, now: Date, rules: CaseRules): CaseTransition {
  const s = suggestionOf(c);
  requireStatus(c, ['in_progress', 'reopened'], 'answered');
  const waiting = s.assistingUnits.filter((u) => !s.assistInputs.some((i) => i.unitCode === u.code));
  if (waiting.length > 0) {
    throw new ConflictError('Every assisting unit gives its input before the answer.', 'ASSIST_INPUT_MISSING', { waiting: waiting.map((u) => u.code) });
  }
  const at = now.toISOString();
  const timing = late(c, now, rules.timeZone);
  const next = append(
    c,
    { at, step: 'answered', actor, unitCode: c.unitCode, note: `${RESULT_NAMES[answer.resultClass]}：${answer.text}`, ...timing },
    { status: 'resolved', result: answer.text, suggestion: { ...s, answer: { ...answer, at, round: s.round } } },
  );
  const facts = stepFacts(next, next.ledger.length);
  return {
    next,
    emitted: [
      emit(CaseResolved, { ...facts, unitCode: c.unitCode!, result: answer.text, resolvedAt: at, onTime: !timing.overdue }),
      emit(SuggestionAnswered, {
        ...suggestionFacts(next, s),
        leadUnitCode: c.unitCode!,
        resultClass: answer.resultClass,
        round: s.round,
        onTime: !timing.overdue,
        answeredAt: at,
      }),
    ],
  };
}

/**
 * 代表评价: the proposing deputy evaluates the answer. A first "unsatisfied" reopens it for a
 * second handling under the committee's supervision, with a fresh answer time; anything else —
 * or "unsatisfied" after the second handling — closes it.
 */
export function evaluateSuggestion(c: Case, evaluation: { satisfaction: Satisfaction; comment?: string }, now: Date, rules: SuggestionRules): CaseTransition {
  const s = suggestionOf(c);
  requireStatus(c, ['resolved'], 'evaluated');
  const at = now.toISOString();
  const actor: Actor = { role: 'deputy', code: c.deputyCode };
  const secondHandling = evaluation.satisfaction === 'unsatisfied' && s.round === 1;
  const record = { ...evaluation, at, round: s.round };
  const evaluated = append(
    c,
    {
      at,
      step: 'evaluated',
      actor,
      note: `${SATISFACTION_NAMES[evaluation.satisfaction]}${evaluation.comment ? `：${evaluation.comment}` : ''}`,
      overdue: false,
    },
    { suggestion: { ...s, evaluations: [...s.evaluations, record], round: secondHandling ? 2 : s.round } },
  );
  const evaluatedFact = emit(SuggestionEvaluated, {
    ...suggestionFacts(c, s),
    satisfaction: evaluation.satisfaction,
    round: s.round,
    secondHandling,
    evaluatedAt: at,
  });
  if (secondHandling) {
    const dueDate = latestDueDate(cityDate(now, rules.timeZone), true, rules);
    const next = append(
      evaluated,
      { at, step: 'reopened', actor, unitCode: c.unitCode, note: `代表不满意，督办再次办理，限${dueDate}前答复`, overdue: false },
      { status: 'reopened', reopenedOnce: true, dueDate, committedDate: undefined },
    );
    return { next, emitted: [evaluatedFact, emit(CaseReopened, { ...stepFacts(next, next.ledger.length), unitCode: c.unitCode, reopenedAt: at })] };
  }
  const rating = RATING[evaluation.satisfaction];
  const next = append(evaluated, { at, step: 'closed', actor, note: rating, overdue: false }, { status: 'closed', closedAt: at });
  return { next, emitted: [evaluatedFact, emit(CaseClosed, { ...stepFacts(next, next.ledger.length), closedAt: at, rating })] };
}
