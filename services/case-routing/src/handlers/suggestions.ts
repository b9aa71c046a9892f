import type { Caller } from '../../../../shared/auth/caller.ts';
import { invalidBody } from '../../../../shared/runtime/errors.ts';
import { canAssist, canHandle, canRead } from '../domain/access.ts';
import type { Case } from '../domain/case.ts';
import * as suggestion from '../domain/suggestion.ts';
import { caseIdOf, suggestionIdOf, type NamedUnit } from '../domain/suggestion.ts';
import { caseView } from '../domain/views.ts';
import { submitDeputySuggestion } from '../use-cases/submit-suggestion.ts';
import { actorOf, change, guarded } from './case-steps.ts';
import { cases, city, deps, deputies, http, suggestionRules, units } from './deps.ts';
import { answerBody, assistBody, evaluationBody, meetingBody, reasonBody, registerSuggestionBody, submitSuggestionBody, suggestionParams } from './schemas.ts';

const isCityReviewer = (caller: Caller, c: Case) => caller.role === 'city_reviewer' && c.kind === 'suggestion';
const isProposer = (caller: Caller, c: Case) => caller.role === 'deputy' && c.kind === 'suggestion' && c.deputyCode === caller.scope.deputyCode;

async function knownUnit(code: string, path: string): Promise<NamedUnit> {
  const unit = await units.get(code);
  if (!unit) throw invalidBody(path, `unknown unit ${code}`);
  return { code: unit.code, name: unit.name };
}

/** POST /v1/suggestions (deputy): `{kind, title, content, category, problem?, solution?, coSigners}` → 201 `{suggestionId, caseId}`. */
export const submitSuggestion = http({ roles: ['deputy'], body: submitSuggestionBody }, async ({ caller, body, requestId }) => {
  if (!city.categories.some((c) => c.code === body.category)) throw invalidBody('category', `unknown category ${body.category}`);
  const { coSigners, ...draft } = body;
  const opened = await submitDeputySuggestion(
    { cases, deputies, city: city.name, rules: suggestionRules },
    caller.scope.deputyCode!,
    { ...draft, coSignerCodes: coSigners },
    { now: deps.now(), cause: { correlationId: requestId, causationId: requestId } },
  );
  return { status: 201, body: { suggestionId: suggestionIdOf(opened.caseId), caseId: opened.caseId } };
});

/**
 * GET /v1/suggestions: the suggestions the caller works on — a deputy's own and co-signed, a
 * unit's as lead or assisting unit, all for the city reviewer and admin — newest first.
 */
export const listSuggestions = http({ roles: ['deputy', 'city_reviewer', 'unit_handler', 'admin'] }, async ({ caller }) => {
  const now = deps.now();
  const mine = (await cases.suggestions()).filter((c) => canRead(caller, c)).sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  return { status: 200, body: { items: mine.map((c) => caseView(c, now, city.timeZone)), nextCursor: null } };
});

/** POST /v1/suggestions/{id}/register (city reviewer): `{leadUnitCode, assistingUnitCodes, dueDate?, keySupervision}` (立案交办). */
export const registerSuggestion = http(
  { roles: ['city_reviewer'], params: suggestionParams, body: registerSuggestionBody },
  async ({ caller, params, body, requestId }) => {
    const lead = await knownUnit(body.leadUnitCode, 'leadUnitCode');
    const assisting = await Promise.all(body.assistingUnitCodes.map((code, i) => knownUnit(code, `assistingUnitCodes.${i}`)));
    return change(
      caseIdOf(params.suggestionId),
      requestId,
      guarded(caller, isCityReviewer, (c) =>
        suggestion.registerSuggestion(
          c,
          actorOf(caller),
          { lead, assisting, dueDate: body.dueDate, keySupervision: body.keySupervision },
          deps.now(),
          suggestionRules,
        ),
      ),
    );
  },
);

/** POST /v1/suggestions/{id}/refer (city reviewer): `{reason}` — an opinion for reference, not registered (转为参考意见). */
export const referSuggestion = http({ roles: ['city_reviewer'], params: suggestionParams, body: reasonBody }, async ({ caller, params, body, requestId }) =>
  change(
    caseIdOf(params.suggestionId),
    requestId,
    guarded(caller, isCityReviewer, (c) => suggestion.referSuggestion(c, actorOf(caller), body.reason, deps.now(), suggestionRules)),
  ),
);

/** POST /v1/suggestions/{id}/assist (an assisting unit): `{note}` — its input to the lead unit (协办意见). */
export const assistSuggestion = http({ roles: ['unit_handler'], params: suggestionParams, body: assistBody }, async ({ caller, params, body, requestId }) =>
  change(
    caseIdOf(params.suggestionId),
    requestId,
    guarded(caller, canAssist, (c) => suggestion.giveAssistInput(c, actorOf(caller), caller.scope.unitCode!, body.note, deps.now(), suggestionRules)),
  ),
);

/** POST /v1/suggestions/{id}/meetings (the lead unit): `{date, attendees, note?}` — the deputy was met (代表约见). */
export const meetingSuggestion = http({ roles: ['unit_handler'], params: suggestionParams, body: meetingBody }, async ({ caller, params, body, requestId }) =>
  change(
    caseIdOf(params.suggestionId),
    requestId,
    guarded(caller, canHandle, (c) => suggestion.recordMeeting(c, actorOf(caller), body, deps.now(), suggestionRules)),
  ),
);

/** POST /v1/suggestions/{id}/answer (the lead unit): `{resultClass, answer}` — the written answer (书面答复). */
export const answerSuggestion = http({ roles: ['unit_handler'], params: suggestionParams, body: answerBody }, async ({ caller, params, body, requestId }) =>
  change(
    caseIdOf(params.suggestionId),
    requestId,
    guarded(caller, canHandle, (c) =>
      suggestion.answerSuggestion(c, actorOf(caller), { resultClass: body.resultClass, text: body.answer }, deps.now(), suggestionRules),
    ),
  ),
);

/** POST /v1/suggestions/{id}/evaluation (the proposing deputy): `{satisfaction, comment?}`; a first "unsatisfied" sends it back once. */
export const evaluateSuggestion = http({ roles: ['deputy'], params: suggestionParams, body: evaluationBody }, async ({ caller, params, body, requestId }) =>
  change(
    caseIdOf(params.suggestionId),
    requestId,
    guarded(caller, isProposer, (c) => suggestion.evaluateSuggestion(c, body, deps.now(), suggestionRules)),
  ),
);
