import { z } from 'zod';
import type { ServiceApi } from '../../../shared/api/route-doc.ts';
import { dutyArchiveSchema, flagsSchema, ledgerEntrySchema, publishedRankingSchema, rankingSchema, recordedActivitySchema } from './domain/views.ts';
import { activityBody, deputyParams, entryParams, rankingsQuery, reversalBody, yearParams, yearQuery } from './handlers/schemas.ts';

const REVIEWERS = ['township_reviewer', 'city_reviewer', 'admin'] as const;

/**
 * Scoring's routes (`service.ts`), documented for `docs/api.md` and `GET /v1/openapi.json`. Only
 * schemas and views are imported: the reference is built without wiring any adapter.
 */
export const scoringApi: ServiceApi = {
  service: 'scoring',
  description:
    "Deputies' duty performance (积分制、履职档案): duty activities, the points ledger, each deputy's archive, rankings with the excellent grade, and flags for the committee.",
  routes: [
    {
      method: 'POST',
      path: '/v1/activities',
      roles: REVIEWERS,
      who: 'reviewers in scope, admin',
      summary: 'Records a duty activity of a deputy (not in the future) and scores it by the rules of its year.',
      headers: z.object({ 'Idempotency-Key': z.string().optional().describe('The same key from the same account records the activity once.') }),
      body: { schema: activityBody },
      response: { status: 201, description: 'The activity and its ledger entries.', schema: recordedActivitySchema },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/ledger/{entryId}/reverse',
      roles: ['city_reviewer', 'admin'],
      summary: 'Corrects the ledger with an entry that cancels one; nothing is ever edited or deleted.',
      params: entryParams,
      body: { schema: reversalBody },
      response: { status: 201, description: 'The reversing entry.', schema: ledgerEntrySchema },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/ledger',
      roles: ['city_reviewer', 'admin'],
      summary: "The year's whole points ledger, as a CSV file.",
      query: yearQuery,
      response: { status: 200, description: 'One line per ledger entry.', mediaType: 'text/csv' },
    },
    {
      method: 'GET',
      path: '/v1/deputies/{code}/archive',
      roles: ['deputy', ...REVIEWERS],
      who: 'that deputy, reviewers in scope, admin',
      summary: "A deputy's duty archive for a year: points, every entry with its reason, statistics, flags.",
      params: deputyParams,
      query: yearQuery,
      response: { status: 200, description: 'The archive.', schema: dutyArchiveSchema },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/rankings',
      roles: REVIEWERS,
      who: 'city reviewers and admin (city or a township), township reviewers (their township)',
      summary: "The year's ranking, city-wide or within a township, with the excellent grade.",
      query: rankingsQuery,
      response: { status: 200, description: 'The ranking, whole; `?format=csv` answers it as a CSV file.', schema: rankingSchema, alsoAs: 'text/csv' },
    },
    {
      method: 'POST',
      path: '/v1/rankings/{year}/publish',
      roles: ['city_reviewer', 'admin'],
      summary: "Announces the year's ranking and its excellent deputies to the other services and agencies.",
      params: yearParams,
      response: { status: 200, description: 'What was announced.', schema: publishedRankingSchema },
    },
    {
      method: 'GET',
      path: '/v1/flags',
      roles: REVIEWERS,
      who: 'city reviewers and admin (all), township reviewers (their township)',
      summary: 'Deputies flagged for the committee in a year, with the reason: a recommendation, never a removal.',
      query: yearQuery,
      response: { status: 200, description: 'Every flag, whole.', schema: flagsSchema },
    },
  ],
};
