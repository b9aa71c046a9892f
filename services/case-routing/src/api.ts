import type { z } from 'zod';
import type { Role } from '../../../shared/auth/caller.ts';
import type { RouteDoc, ServiceApi } from '../../../shared/api/route-doc.ts';
import { caseListSchema, caseViewSchema } from './domain/views.ts';
import { acceptBody, caseParams, forwardBody, progressBody, reasonBody, resolveBody, supervisionQuery } from './handlers/schemas.ts';

const REVIEWERS = ['township_reviewer', 'city_reviewer'] as const;

/** A step on a case: the case after it, 404 outside the caller's scope, 409 when the case cannot take it. */
const step = (path: string, roles: readonly Role[], who: string, summary: string, body: z.ZodType): RouteDoc => ({
  method: 'POST',
  path,
  roles,
  who,
  summary,
  params: caseParams,
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
    step('/v1/cases/{caseId}/decline', REVIEWERS, 'reviewers in scope', 'Declines the case, with the reason; status `declined`.', reasonBody),
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
      summary: 'The closed-loop lists (问题清单、建议清单、督办清单): problems, suggestions, or overdue and reopened cases.',
      query: supervisionQuery,
      response: { status: 200, description: 'The list, whole; `?format=csv` answers it as a CSV file.', schema: caseListSchema, alsoAs: 'text/csv' },
    },
  ],
};
