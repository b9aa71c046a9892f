import type { Caller } from '../../../../shared/auth/caller.ts';
import { toCsv } from '../../../../shared/runtime/csv.ts';
import { InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';
import type { Period } from '../domain/figures.ts';
import type { MessageTally } from '../domain/tally.ts';
import { readDeputies, readFollowUp, readOverview, readUnits } from '../use-cases/read-figures.ts';
import { city, deps, http, ports } from './deps.ts';
import { deputiesQuery, followUpQuery, overviewQuery, unitsQuery } from './schemas.ts';

const REVIEWERS = ['township_reviewer', 'city_reviewer', 'admin'] as const;

/** The period asked for: this year so far by default. */
function periodOf(query: { from?: string; to?: string }): Period {
  const today = cityDate(deps.now(), city.timeZone);
  const period = { from: query.from ?? `${today.slice(0, 4)}-01-01`, to: query.to ?? today };
  if (period.from > period.to) throw new InvalidInputError('The query is not valid.', [{ path: 'from', message: 'from is after to' }]);
  return period;
}

/** The township a caller may look at: a township reviewer's own, whatever they ask. */
function townshipOf(caller: Caller, asked: string | undefined): string | undefined {
  const township = caller.role === 'township_reviewer' ? caller.scope.townshipCode : asked;
  if (township && !city.townships.some((t) => t.code === township))
    throw new InvalidInputError('The query is not valid.', [{ path: 'township', message: `unknown township ${township}` }]);
  return township;
}

const TALLY_COLUMNS = [
  'received',
  'held',
  'answered',
  'answeredOnTime',
  'escalated',
  'resolved',
  'resolvedOnTime',
  'closed',
  'overdueNow',
  'medianReplyHours',
  'satisfied',
  'basicallySatisfied',
  'unsatisfied',
];
const tallyCells = (t: MessageTally) => [
  t.received,
  t.held,
  t.answered,
  t.answeredOnTime,
  t.escalated,
  t.resolved,
  t.resolvedOnTime,
  t.closed,
  t.overdueNow,
  t.medianReplyHours,
  t.satisfaction.satisfied,
  t.satisfaction.basically,
  t.satisfaction.unsatisfied,
];

/** A CSV answer, as the committee's other exports are. */
const csv = (name: string, rows: (string | number | null)[][]) => ({
  status: 200,
  contentType: 'text/csv; charset=utf-8',
  headers: { 'content-disposition': `attachment; filename="${name}.csv"` },
  body: toCsv(rows),
});

/** GET /v1/stats/overview?from=&to=&township=[&format=csv] (reviewers in scope, admin). */
export const overview = http({ roles: REVIEWERS, query: overviewQuery }, async ({ caller, query }) => {
  const period = periodOf(query);
  const figures = await readOverview(ports, period, townshipOf(caller, query.township));
  if (query.format === 'csv') {
    const lines = [
      ['total', '', ...tallyCells(figures)],
      ...figures.byCategory.map((t) => ['category', t.category, ...tallyCells(t)]),
      ...figures.byTownship.map((t) => ['township', t.townshipCode, ...tallyCells(t)]),
      ...figures.byDay.map((t) => ['day', t.date, ...tallyCells(t)]),
      ...(figures.byWeek ?? []).map((t) => ['week', t.week, ...tallyCells(t)]),
    ];
    return csv(`overview-${period.from}-${period.to}`, [['breakdown', 'key', ...TALLY_COLUMNS], ...lines]);
  }
  return { status: 200, body: figures };
});

/** GET /v1/stats/units?from=&to=[&format=csv] (reviewers, admin): per handling unit. */
export const units = http({ roles: REVIEWERS, query: unitsQuery }, async ({ query }) => {
  const period = periodOf(query);
  const items = await readUnits(ports, period);
  if (query.format === 'csv') {
    const header = [
      'unitCode',
      'unitName',
      'received',
      'acceptedOnTime',
      'resolved',
      'resolvedOnTime',
      'overdueNow',
      'medianDaysToResolve',
      'satisfied',
      'basicallySatisfied',
      'unsatisfied',
    ];
    const rows = items.map((u) => [
      u.unitCode,
      u.unitName,
      u.received,
      u.acceptedOnTime,
      u.resolved,
      u.resolvedOnTime,
      u.overdueNow,
      u.medianDaysToResolve,
      u.satisfaction.satisfied,
      u.satisfaction.basically,
      u.satisfaction.unsatisfied,
    ]);
    return csv(`units-${period.from}-${period.to}`, [header, ...rows]);
  }
  return { status: 200, body: { ...period, items } };
});

/** GET /v1/stats/deputies?from=&to=&township=[&format=csv] (reviewers in scope, admin): per deputy. */
export const deputies = http({ roles: REVIEWERS, query: deputiesQuery }, async ({ caller, query }) => {
  const period = periodOf(query);
  const items = await readDeputies(ports, period, townshipOf(caller, query.township));
  if (query.format === 'csv') {
    return csv(`deputies-${period.from}-${period.to}`, [
      ['deputyCode', 'name', 'townshipCode', ...TALLY_COLUMNS],
      ...items.map((d) => [d.deputyCode, d.name, d.townshipCode, ...tallyCells(d)]),
    ]);
  }
  return { status: 200, body: { ...period, items } };
});

/** GET /v1/stats/follow-up?from=&to=&township= (reviewers in scope, admin): the follow-up questionnaire's answers. */
export const followUp = http({ roles: REVIEWERS, query: followUpQuery }, async ({ caller, query }) => {
  const period = periodOf(query);
  return { status: 200, body: { ...period, ...(await readFollowUp(ports, period, townshipOf(caller, query.township))) } };
});
