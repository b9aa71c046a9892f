import type { ServiceApi } from '../../../shared/api/route-doc.ts';
import { responsivenessSchema } from '../../../shared/api/responsiveness.ts';
import { deputiesSchema, followUpSchema, overviewSchema, stationFiguresSchema, unitsSchema } from './domain/views.ts';
import { deputiesQuery, deputyParams, followUpQuery, overviewQuery, stationParams, unitsQuery, yearQuery } from './handlers/schemas.ts';

const REVIEWERS = ['township_reviewer', 'city_reviewer', 'admin'] as const;
const COHORT = 'Messages are counted in the period they were received, with everything that has happened to them since.';

/**
 * Statistics' routes (`service.ts`), documented for `docs/api.md` and `GET /v1/openapi.json`. Only
 * schemas and views are imported: the reference is built without wiring any adapter.
 */
export const statisticsApi: ServiceApi = {
  service: 'statistics',
  description:
    "Statistics (统计分析) derived only from the events on the bus: the committee's figures by period, township, category, unit and deputy; each deputy's public responsiveness; stations' public figures; open data.",
  routes: [
    {
      method: 'GET',
      path: '/v1/stats/overview',
      roles: REVIEWERS,
      who: 'city reviewers and admin (any township), township reviewers (their township)',
      summary:
        "The period's messages: received, answered (on time), escalated, resolved (on time), closed, held, overdue now, median reply hours, satisfaction; by category, township and day (and week, over 62 days).",
      description: COHORT,
      query: overviewQuery,
      response: { status: 200, description: 'The figures; `?format=csv` answers them as a CSV file.', schema: overviewSchema, alsoAs: 'text/csv' },
    },
    {
      method: 'GET',
      path: '/v1/stats/follow-up',
      roles: REVIEWERS,
      who: 'city reviewers and admin (any township), township reviewers (their township)',
      summary:
        "The follow-up questionnaire (回访) of the period's messages: how many answered, solved (yes, partly, no), found the reply useful, would use it again.",
      description: COHORT,
      query: followUpQuery,
      response: { status: 200, description: 'The counts.', schema: followUpSchema },
    },
    {
      method: 'GET',
      path: '/v1/stats/units',
      roles: REVIEWERS,
      summary:
        'Per handling unit, the cases forwarded to it in the period: accepted on time, resolved within the committed date, overdue now, satisfaction, median days to resolve.',
      query: unitsQuery,
      response: { status: 200, description: 'One line per unit; `?format=csv` answers it as a CSV file.', schema: unitsSchema, alsoAs: 'text/csv' },
    },
    {
      method: 'GET',
      path: '/v1/stats/deputies',
      roles: REVIEWERS,
      who: "city reviewers and admin (any township), township reviewers (their township's deputies)",
      summary: 'Per deputy, the messages they were answerable for in the period: answered on time, median reply hours, escalated, satisfaction.',
      description: COHORT,
      query: deputiesQuery,
      response: { status: 200, description: 'One line per deputy; `?format=csv` answers it as a CSV file.', schema: deputiesSchema, alsoAs: 'text/csv' },
    },
    {
      method: 'GET',
      path: '/v1/deputies/{code}/responsiveness',
      summary: "A deputy's responsiveness over the last 12 months (also carried by `GET /v1/deputies/{code}`); withheld below 5 messages.",
      params: deputyParams,
      response: { status: 200, description: 'The figures and how they are counted.', schema: responsivenessSchema },
    },
    {
      method: 'GET',
      path: '/v1/public/stations/{code}/stats',
      summary:
        "A station's year: messages received, answered and resolved, and the latest matters solved (category, township, date and the unit's official result only).",
      params: stationParams,
      query: yearQuery,
      response: { status: 200, description: 'The figures.', schema: stationFiguresSchema },
    },
    {
      method: 'GET',
      path: '/v1/public/stats.csv',
      summary: 'Open data: anonymised counts per month, township and category for a year (licence and method in `docs/open-data.md`).',
      query: yearQuery,
      response: { status: 200, description: 'A CSV file.', mediaType: 'text/csv' },
    },
  ],
};
