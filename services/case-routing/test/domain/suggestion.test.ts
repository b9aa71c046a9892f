import { describe, expect, it } from 'vitest';
import { SuggestionAnswered, SuggestionEvaluated, SuggestionRegistered, SuggestionSubmitted } from '../../../../shared/events/case-routing/index.ts';
import { type ConflictError, InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { accept, forward, reportProgress, resolve, type Actor, type Case } from '../../src/domain/case.ts';
import {
  answerSuggestion,
  checkSigners,
  evaluateSuggestion,
  giveAssistInput,
  recordMeeting,
  referSuggestion,
  registerSuggestion,
  submitSuggestion,
  type SuggestionDraft,
  type SuggestionRules,
} from '../../src/domain/suggestion.ts';
import { onList } from '../../src/domain/views.ts';
import { cityReviewer, rules, T, thrown, TZ } from './fixtures.ts';

const suggestionRules: SuggestionRules = { ...rules, motionSigners: 10, answerDays: 90, keySupervisionAnswerDays: 60 };
const LEAD = { code: 'u-jiaotong', name: '市交通运输局' };
const ASSIST = { code: 'u-zhujian', name: '市住房和城乡建设局' };
const lead: Actor = { role: 'unit_handler', code: LEAD.code };
const assisting: Actor = { role: 'unit_handler', code: ASSIST.code };

const draft: SuggestionDraft = {
  kind: 'suggestion',
  title: '关于增设鹿城镇公交线路的建议',
  content: '城东片区居民出行不便，建议增设公交线路。',
  category: 'roads_transport',
  coSignerCodes: ['D0002', 'D0003'],
};

const submitted = (d: SuggestionDraft = draft): Case =>
  submitSuggestion({ caseId: 'c-01jnq5y8r2w3', deputyCode: 'D0001', townshipCode: 'lucheng', draft: d }, T.open, suggestionRules).next;
const registered = (keySupervision = false): Case =>
  registerSuggestion(submitted(), cityReviewer, { lead: LEAD, assisting: [ASSIST], keySupervision }, T.review, suggestionRules).next;
const committed = (): Case => accept(registered(), lead, '2026-05-30', T.accept, suggestionRules, '增设城东公交线路').next;
const assisted = (): Case => giveAssistInput(committed(), assisting, ASSIST.code, '道路条件满足通行要求。', T.unit, suggestionRules).next;
const answered = (): Case => answerSuggestion(assisted(), lead, { resultClass: 'planned', text: '已列入年度线路调整计划。' }, T.unit, suggestionRules).next;

describe('who signs a suggestion or a motion', () => {
  const inOffice = (code: string) => ['D0002', 'D0003'].includes(code);

  it('accepts co-signers in office', () => {
    // Act / Assess
    expect(() => checkSigners('suggestion', 'D0001', ['D0002', 'D0003'], inOffice, suggestionRules)).not.toThrow();
  });

  it.each([
    [['D0002', 'D0002'], 'a deputy co-signs once'],
    [['D0001'], 'the proposer is not a co-signer'],
    [['D0009'], 'not deputies in office: D0009'],
  ])('refuses %j: %s', (coSigners, message) => {
    // Act
    const error = thrown(() => checkSigners('suggestion', 'D0001', coSigners, inOffice, suggestionRules)) as InvalidInputError;

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.details).toContainEqual({ path: 'coSigners', message });
  });

  it("needs the city's number of signers for a motion, the proposer included", () => {
    // Prepare
    const nine = Array.from({ length: 9 }, (_, i) => `D01${i}`);
    const all = () => true;

    // Act / Assess
    expect(() => checkSigners('motion', 'D0001', nine, all, suggestionRules)).not.toThrow();
    expect(thrown(() => checkSigners('motion', 'D0001', nine.slice(1), all, suggestionRules))).toBeInstanceOf(InvalidInputError);
  });
});

describe('a suggestion on the case state machine', () => {
  it('opens a city-level case of kind suggestion, under review', () => {
    // Act
    const { next, emitted } = submitSuggestion({ caseId: 'c-01jnq5y8r2w3', deputyCode: 'D0001', draft }, T.open, suggestionRules);

    // Assess
    expect(next).toMatchObject({ kind: 'suggestion', reviewLevel: 'city', status: 'under_review', suggestion: { suggestionId: 's-01jnq5y8r2w3', round: 1 } });
    expect(emitted.map((e) => e.contract.detailType)).toEqual(['CaseOpened', 'SuggestionSubmitted']);
    expect(SuggestionSubmitted.data.parse(emitted[1]!.data).coSignerCodes).toEqual(['D0002', 'D0003']);
    expect(JSON.stringify(emitted.map((e) => e.data))).not.toContain(draft.title);
  });

  it('registers to a lead and assisting units, due by the answer time by default', () => {
    // Act
    const { next, emitted } = registerSuggestion(
      submitted(),
      cityReviewer,
      { lead: LEAD, assisting: [ASSIST], keySupervision: false },
      T.review,
      suggestionRules,
    );

    // Assess
    expect(next).toMatchObject({ status: 'forwarded', unitCode: LEAD.code, dueDate: '2026-06-03', suggestion: { assistingUnits: [ASSIST] } });
    expect(emitted.map((e) => e.contract.detailType)).toEqual(['CaseForwarded', 'SuggestionRegistered']);
    expect(SuggestionRegistered.data.parse(emitted[1]!.data)).toMatchObject({
      leadUnitCode: LEAD.code,
      assistingUnitCodes: [ASSIST.code],
      keySupervision: false,
    });
  });

  it('shortens the due date under key supervision and refuses one beyond it', () => {
    // Act
    const key = registerSuggestion(submitted(), cityReviewer, { lead: LEAD, assisting: [], keySupervision: true }, T.review, suggestionRules).next;
    const error = thrown(() =>
      registerSuggestion(submitted(), cityReviewer, { lead: LEAD, assisting: [], keySupervision: true, dueDate: '2026-05-05' }, T.review, suggestionRules),
    );

    // Assess
    expect(key.dueDate).toBe('2026-05-04');
    expect(onList(key, 'supervision', T.act, TZ)).toBe(true);
    expect(error).toBeInstanceOf(InvalidInputError);
  });

  it('refuses the lead unit among the assisting units', () => {
    // Act / Assess
    expect(
      thrown(() => registerSuggestion(submitted(), cityReviewer, { lead: LEAD, assisting: [LEAD], keySupervision: false }, T.review, suggestionRules)),
    ).toBeInstanceOf(InvalidInputError);
  });

  it('turns it into an opinion for reference, with the reason', () => {
    // Act
    const { next, emitted } = referSuggestion(submitted(), cityReviewer, '属于工作意见，转有关部门参考。', T.review, suggestionRules);

    // Assess
    expect(next).toMatchObject({ status: 'declined', suggestion: { referredReason: '属于工作意见，转有关部门参考。' } });
    expect(emitted.map((e) => e.contract.detailType)).toEqual(['CaseDeclined', 'SuggestionReferred']);
  });

  it('keeps the problem routes off a suggestion', () => {
    // Act
    const error = thrown(() => forward(submitted(), cityReviewer, { unitCode: LEAD.code, unitName: LEAD.name }, T.review, suggestionRules)) as ConflictError;
    const resolving = thrown(() => resolve(committed(), lead, '已办理。', T.unit, suggestionRules)) as ConflictError;

    // Assess
    expect(error.code).toBe('SUGGESTION_STEP');
    expect(resolving.code).toBe('SUGGESTION_STEP');
  });

  it('records the commitment with its measures, and a meeting with the deputy', () => {
    // Act
    const met = recordMeeting(committed(), lead, { date: '2026-03-05', attendees: ['李春华', '王局长'] }, T.unit, suggestionRules).next;

    // Assess
    expect(met.ledger.map((e) => e.step)).toEqual(['opened', 'registered', 'accepted', 'meeting']);
    expect(met.ledger[2]!.note).toBe('承诺2026-05-30前办结：增设城东公交线路');
    expect(met.suggestion!.meetings).toEqual([{ date: '2026-03-05', attendees: ['李春华', '王局长'], at: T.unit.toISOString() }]);
  });

  it('answers only once every assisting unit gave its input, once each', () => {
    // Act
    const early = thrown(() => answerSuggestion(committed(), lead, { resultClass: 'solved', text: '已办。' }, T.unit, suggestionRules)) as ConflictError;
    const twice = thrown(() => giveAssistInput(assisted(), assisting, ASSIST.code, '再补充。', T.unit, suggestionRules)) as ConflictError;
    const stranger = thrown(() => giveAssistInput(committed(), lead, 'u-other', '无关。', T.unit, suggestionRules)) as ConflictError;
    const { next, emitted } = answerSuggestion(assisted(), lead, { resultClass: 'planned', text: '已列入年度线路调整计划。' }, T.unit, suggestionRules);

    // Assess
    expect(early.code).toBe('ASSIST_INPUT_MISSING');
    expect(twice.code).toBe('ALREADY_GIVEN');
    expect(stranger.code).toBe('NOT_ASSISTING');
    expect(next).toMatchObject({ status: 'resolved', suggestion: { answer: { resultClass: 'planned', round: 1 } } });
    expect(emitted.map((e) => e.contract.detailType)).toEqual(['CaseResolved', 'SuggestionAnswered']);
    expect(SuggestionAnswered.data.parse(emitted[1]!.data)).toMatchObject({ resultClass: 'planned', round: 1, onTime: true });
  });

  it('an unsatisfied deputy sends it back once, under supervision; the second evaluation closes it', () => {
    // Act
    const back = evaluateSuggestion(answered(), { satisfaction: 'unsatisfied', comment: '未说明实施时间。' }, T.citizen, suggestionRules);
    const progressed = reportProgress(back.next, lead, '已明确9月开通。', T.act, suggestionRules).next;
    const again = answerSuggestion(progressed, lead, { resultClass: 'being_solved', text: '线路将于9月开通。' }, T.act, suggestionRules).next;
    const closed = evaluateSuggestion(again, { satisfaction: 'unsatisfied' }, T.act, suggestionRules);

    // Assess
    expect(back.next).toMatchObject({ status: 'reopened', reopenedOnce: true, dueDate: '2026-05-04', suggestion: { round: 2 } });
    expect(onList(back.next, 'supervision', T.act, TZ)).toBe(true);
    expect(SuggestionEvaluated.data.parse(back.emitted[0]!.data)).toMatchObject({ satisfaction: 'unsatisfied', round: 1, secondHandling: true });
    expect(back.emitted[1]!.contract.detailType).toBe('CaseReopened');
    expect(closed.next).toMatchObject({ status: 'closed', suggestion: { round: 2 } });
    expect(closed.emitted.map((e) => e.contract.detailType)).toEqual(['SuggestionEvaluated', 'CaseClosed']);
    expect(closed.emitted[1]!.data).toMatchObject({ rating: 'unsatisfied' });
  });

  it('a satisfied deputy closes it at once', () => {
    // Act
    const { next, emitted } = evaluateSuggestion(answered(), { satisfaction: 'basically' }, T.citizen, suggestionRules);

    // Assess
    expect(next.status).toBe('closed');
    expect(next.ledger.slice(-2).map((e) => e.step)).toEqual(['evaluated', 'closed']);
    expect(emitted[1]!.data).toMatchObject({ rating: 'basically_satisfied' });
  });
});
