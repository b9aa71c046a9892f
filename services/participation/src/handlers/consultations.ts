import { pageOf, pageQuery } from '../../../../shared/api/pages.ts';
import { toCsv } from '../../../../shared/runtime/csv.ts';
import { resultsCsv } from '../domain/views.ts';
import { close, list, moderate, open, readResults } from '../use-cases/consultations.ts';
import { consultationPorts as ports, deps, http } from './deps.ts';
import { closingBody, consultationParams, openingBody, responseParams, resultsQuery, visibilityBody } from './schemas.ts';

const COMMITTEE = ['township_reviewer', 'city_reviewer', 'admin'] as const;
const viewerOf = (caller: { role: string; scope: { townshipCode?: string } }) => ({ role: caller.role, townshipCode: caller.scope.townshipCode });

/** POST /v1/consultations (city reviewer): opens a consultation (意见征集) → 201 `{consultationId}`. */
export const openConsultation = http({ roles: ['city_reviewer'], body: openingBody }, async ({ caller, body, requestId }) => {
  const { townshipCode, ...rest } = body;
  const request = { ...rest, closesAt: new Date(body.closesAt).toISOString(), ...(townshipCode ? { townshipCode } : {}) };
  const cause = { correlationId: requestId, causationId: requestId };
  return { status: 201, body: { consultationId: await open(ports, request, caller.username, cause, deps.now()) } };
});

/** GET /v1/consultations (committee): every consultation in the caller's scope, newest first. */
export const listConsultations = http({ roles: COMMITTEE, query: pageQuery }, async ({ caller, query }) => ({
  status: 200,
  body: pageOf(await list(ports, viewerOf(caller), deps.now()), (c) => c.consultationId, query.limit, query.cursor),
}));

/** GET /v1/consultations/{id}/results[?format=csv] (committee in scope): live counts, ranking and responses. */
export const results = http({ roles: COMMITTEE, params: consultationParams, query: resultsQuery }, async ({ caller, params, query }) => {
  const figures = await readResults(ports, params.id, viewerOf(caller), deps.now());
  if (query.format === 'csv')
    return {
      status: 200,
      contentType: 'text/csv; charset=utf-8',
      headers: { 'content-disposition': `attachment; filename="consultation-${params.id}.csv"` },
      body: toCsv(resultsCsv(figures)),
    };
  return { status: 200, body: figures };
});

/** POST /v1/consultations/{id}/responses/{responseId}/visibility (committee in scope): hides or shows a comment. */
export const setVisibility = http({ roles: COMMITTEE, params: responseParams, body: visibilityBody }, async ({ caller, params, body }) => {
  await moderate(ports, params.id, params.responseId, body.hidden, viewerOf(caller));
  return { status: 204 };
});

/** POST /v1/consultations/{id}/close (city reviewer): closes it now, with the committee's conclusion; the summary goes public. */
export const closeNow = http({ roles: ['city_reviewer'], params: consultationParams, body: closingBody }, async ({ params, body, requestId }) => {
  await close(ports, params.id, 'committee', { cause: { correlationId: requestId, causationId: requestId }, conclusion: body.conclusion }, deps.now());
  return { status: 204 };
});
