import { z } from 'zod';
import type { Role } from '../../../shared/auth/caller.ts';
import type { RouteDoc, ServiceApi } from '../../../shared/api/route-doc.ts';
import { caseListSchema, casePageSchema, caseViewSchema } from './domain/views.ts';
import {
  acceptBody,
  answerBody,
  assistBody,
  caseParams,
  evaluationBody,
  forwardBody,
  meetingBody,
  mergeBody,
  progressBody,
  declineBody,
  reasonBody,
  registerSuggestionBody,
  resolveBody,
  submitSuggestionBody,
  suggestionParams,
  supervisionQuery,
} from './handlers/schemas.ts';

const REVIEWERS = ['township_reviewer', 'city_reviewer'] as const;

/** A step on a case (or a suggestion, by its id): the case after it, 404 outside the caller's scope, 409 when the case cannot take it. */
const step = (path: string, roles: readonly Role[], who: string, summary: string, body: z.ZodType, params: z.ZodObject = caseParams): RouteDoc => ({
  method: 'POST',
  path,
  roles,
  who,
  summary,
  params,
  body: { schema: body },
  response: { status: 200, description: 'The case after the step.', schema: caseViewSchema },
  errors: [404, 409],
});

/**
 * Case routing's routes (`service.ts`), documented for `docs/api.md` and `GET /v1/openapi.json`.
 * Only schemas and views are imported: the reference is built without wiring any adapter.
 */
export const caseRoutingApi: ServiceApi = {
  service: 'case-routing',
  description:
    'Escalated matters from review to result (审核、转办、承诺、办理、督办): forwarding to units, commitment, handling and supervision, with a ledger nobody can edit.',
  routes: [
    {
      method: 'GET',
      path: '/v1/reviews',
      roles: REVIEWERS,
      who: 'township reviewers (their township), city reviewers',
      summary: "Cases waiting for the caller's review.",
      response: { status: 200, description: 'Every case waiting, whole.', schema: caseListSchema },
    },
    {
      method: 'GET',
      path: '/v1/cases/{caseId}',
      roles: ['deputy', 'township_reviewer', 'city_reviewer', 'unit_handler', 'admin'],
      who: 'reviewers in scope, the unit it is forwarded to, its deputy, admin',
      summary: 'The case and its ledger: every step with actor, time, deadline and overdue flag.',
      params: caseParams,
      response: { status: 200, description: 'The case.', schema: caseViewSchema },
      errors: [404],
    },
    step(
      '/v1/cases/{caseId}/forward',
      REVIEWERS,
      'reviewers in scope',
      'Forwards the case to a unit, due no later than its category allows; status `forwarded`.',
      forwardBody,
    ),
    step('/v1/cases/{caseId}/return', REVIEWERS, 'reviewers in scope', 'Returns the case to the deputy, with the reason.', reasonBody),
    step(
      '/v1/cases/{caseId}/decline',
      REVIEWERS,
      'reviewers in scope',
      'Declines the case, with the reason addressed to the citizen (published on `CaseDeclined`); status `declined`.',
      declineBody,
    ),
    step(
      '/v1/cases/{caseId}/merge',
      REVIEWERS,
      'reviewers in scope of both cases',
      'Merges the case into another report of the same problem (合并办理), both waiting for review: it follows its primary to the end, its citizen keeps their own tracking page and rating, the unit sees one task with its count of reporters.',
      mergeBody,
    ),
    {
      method: 'GET',
      path: '/v1/tasks',
      roles: ['unit_handler'],
      who: "the caller's unit",
      summary: "Cases with the caller's unit.",
      response: { status: 200, description: 'Every case with the unit, whole.', schema: caseListSchema },
    },
    step(
      '/v1/cases/{caseId}/accept',
      ['unit_handler'],
      'the unit it is forwarded to',
      'Accepts the case with a committed date on or before the due date (承诺制); status `in_progress`.',
      acceptBody,
    ),
    step('/v1/cases/{caseId}/progress', ['unit_handler'], 'the unit handling it', 'Reports progress.', progressBody),
    step(
      '/v1/cases/{caseId}/resolve',
      ['unit_handler'],
      'the unit handling it',
      'Resolves the case with the result the citizen will read; status `resolved`.',
      resolveBody,
    ),
    step(
      '/v1/cases/{caseId}/reassign',
      ['unit_handler'],
      'the unit it is forwarded to',
      "Not this unit's matter: back to review, with the reason.",
      reasonBody,
    ),
    {
      method: 'GET',
      path: '/v1/supervision',
      roles: ['city_reviewer', 'township_reviewer', 'admin'],
      who: 'city reviewers and admin (all), township reviewers (their township)',
      summary:
        'The closed-loop lists (问题清单、建议清单、督办清单) of a period: problems, suggestions, or supervised cases (overdue, reopened, sent to supervision by an unsatisfied citizen, key supervision), open and finished, newest first.',
      description:
        "A case is on a period's list when it was opened in the period, or opened before it and not finished yet. `status`, `township`, `unit` and `category` filter; `limit`/`cursor` page. The 督办清单 is what is under supervision now: the finished matters it supervised show only when `status` asks for them. The CSV (`?format=csv`) is the whole filtered list with the result, when it finished (`finishedAt`) and the citizen's rating.",
      query: supervisionQuery,
      response: {
        status: 200,
        description: 'A page of the list; `?format=csv` answers the whole list as a CSV file.',
        schema: casePageSchema,
        alsoAs: 'text/csv',
      },
    },
    {
      method: 'POST',
      path: '/v1/suggestions',
      roles: ['deputy'],
      who: 'a deputy (the proposer, 领衔代表)',
      summary:
        "Submits a suggestion or a motion (建议、议案), co-signed by deputies in office; a motion needs the city's number of signers. Opens a case of kind `suggestion` for the city committee.",
      body: { schema: submitSuggestionBody },
      response: { status: 201, description: 'The suggestion and its case.', schema: z.object({ suggestionId: z.string(), caseId: z.string() }) },
    },
    {
      method: 'GET',
      path: '/v1/suggestions',
      roles: ['deputy', 'city_reviewer', 'unit_handler', 'admin'],
      who: 'a deputy (their own and co-signed), a unit (as lead or assisting unit), the city reviewer and admin (all)',
      summary: 'The suggestions and motions the caller works on, newest first, each as its case with the suggestion.',
      response: { status: 200, description: 'Every one, whole.', schema: caseListSchema },
    },
    step(
      '/v1/suggestions/{suggestionId}/register',
      ['city_reviewer'],
      'city reviewers',
      "Registers it (立案) to a lead unit (主办) and assisting units (协办), due by the city's answer time (shorter under key supervision, 重点督办); status `forwarded` with the lead unit, which accepts with its commitment through `/v1/cases/{caseId}/accept`.",
      registerSuggestionBody,
      suggestionParams,
    ),
    step(
      '/v1/suggestions/{suggestionId}/refer',
      ['city_reviewer'],
      'city reviewers',
      'Turns it into an opinion for reference (转为参考意见), with the reason the deputy reads; status `declined`.',
      reasonBody,
      suggestionParams,
    ),
    step(
      '/v1/suggestions/{suggestionId}/assist',
      ['unit_handler'],
      'its assisting units',
      'An assisting unit gives its input to the lead unit (协办意见), once per handling; the lead unit answers only once every assisting unit has.',
      assistBody,
      suggestionParams,
    ),
    step(
      '/v1/suggestions/{suggestionId}/meetings',
      ['unit_handler'],
      'its lead unit',
      'Records a meeting with the deputy (代表约见): date and attendees.',
      meetingBody,
      suggestionParams,
    ),
    step(
      '/v1/suggestions/{suggestionId}/answer',
      ['unit_handler'],
      'its lead unit',
      'Answers in writing with a result class (书面答复: solved 已解决, being_solved 正在解决, planned 列入计划, explained 说明解释); status `resolved`; 409 `ASSIST_INPUT_MISSING` while an assisting unit has not given its input.',
      answerBody,
      suggestionParams,
    ),
    step(
      '/v1/suggestions/{suggestionId}/evaluation',
      ['deputy'],
      'its proposing deputy',
      'Evaluates the answer (满意、基本满意、不满意): a first `unsatisfied` reopens it for a second handling under supervision (status `reopened`); anything else closes it.',
      evaluationBody,
      suggestionParams,
    ),
  ],
};
