import { z } from 'zod';
import type { ServiceApi } from '../../../shared/api/route-doc.ts';
import { consultationListSchema, consultationSchema, respondedSchema, resultsSchema } from './domain/views.ts';
import { answerBody, closingBody, consultationParams, openingBody, responseParams, resultsQuery, visibilityBody } from './handlers/schemas.ts';

const COMMITTEE = ['township_reviewer', 'city_reviewer', 'admin'] as const;
const IN_SCOPE = "city reviewers and admin (every consultation), township reviewers (city-wide ones and their township's)";
const pageParams = z.object({ code: z.string() });

/**
 * Participation's routes (`service.ts`), documented for `docs/api.md` and `GET /v1/openapi.json`.
 * Only schemas and views are imported: the reference is built without wiring any adapter.
 */
export const participationApi: ServiceApi = {
  service: 'participation',
  description:
    "Citizens' participation (群众参与): consultations the committee opens (意见征集) — options to choose and rank and a free comment — answered from a public page, one answer per device; live results with moderation and CSV; a public summary once closed.",
  routes: [
    {
      method: 'POST',
      path: '/v1/consultations',
      roles: ['city_reviewer'],
      summary: 'Opens a consultation, city-wide or in one township, until `closesAt`.',
      body: { schema: openingBody },
      response: { status: 201, description: 'Opened; its page is `/c/{consultationId}`.', schema: z.object({ consultationId: z.string() }) },
    },
    {
      method: 'GET',
      path: '/v1/consultations',
      roles: COMMITTEE,
      who: IN_SCOPE,
      summary: 'Every consultation, newest first.',
      response: { status: 200, description: 'The list.', schema: consultationListSchema },
    },
    {
      method: 'GET',
      path: '/v1/consultations/{id}',
      summary:
        'A consultation as its public page shows it: the question while open; its summary (counts, ranking, the comments not hidden, the conclusion) once closed.',
      params: consultationParams,
      response: { status: 200, description: 'The consultation.', schema: consultationSchema },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/consultations/{id}/qr.svg',
      summary: "The QR code for posters, opening the consultation's page.",
      params: consultationParams,
      response: { status: 200, description: 'An SVG image.', mediaType: 'image/svg+xml' },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/consultations/{id}/responses',
      summary: 'A citizen answers: choices (option indexes, most preferred first) and/or a comment. One answer per device; limited per source like messages.',
      description: 'A second answer from the same device is a 409 `ALREADY_RESPONDED`; a closed consultation a 409 `CONSULTATION_CLOSED`.',
      params: consultationParams,
      headers: z.object({ 'X-Device-Id': z.string().describe('A random id the page keeps for this device (16–64 letters, digits, _ or -).') }),
      body: { schema: answerBody },
      response: { status: 201, description: 'Recorded.', schema: respondedSchema },
      errors: [404, 409, 429],
    },
    {
      method: 'GET',
      path: '/v1/consultations/{id}/results',
      roles: COMMITTEE,
      who: IN_SCOPE,
      summary: 'Live results: counts per option, the ranking (by times chosen, then chosen first), every response with its comment and whether it is hidden.',
      params: consultationParams,
      query: resultsQuery,
      response: { status: 200, description: 'The results; `?format=csv` answers them as a CSV file.', schema: resultsSchema, alsoAs: 'text/csv' },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/consultations/{id}/responses/{responseId}/visibility',
      roles: COMMITTEE,
      who: IN_SCOPE,
      summary: "Moderation: hides a response's comment from the public summary, or shows it again (the choices always count).",
      params: responseParams,
      body: { schema: visibilityBody },
      response: { status: 204, description: 'Done.' },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/consultations/{id}/close',
      roles: ['city_reviewer'],
      summary: "Closes the consultation now, with the committee's conclusion; its summary goes public. (Past `closesAt`, a schedule closes it.)",
      params: consultationParams,
      body: { schema: closingBody },
      response: { status: 204, description: 'Closed.' },
      errors: [404, 409],
    },
    {
      method: 'GET',
      path: '/c/{code}',
      summary: "A consultation's public page (Chinese, for phones), which its QR code opens.",
      params: pageParams,
      response: { status: 200, description: 'An HTML page.', mediaType: 'text/html' },
    },
    {
      method: 'GET',
      path: '/p/{code}',
      summary: "The participation pages' scripts.",
      params: pageParams,
      response: { status: 200, description: 'A static file.', mediaType: 'text/javascript' },
      errors: [404],
    },
  ],
};
