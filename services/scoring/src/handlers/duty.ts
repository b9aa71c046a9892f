import { assertInScope } from '../../../../shared/auth/authorize.ts';
import { InvalidInputError, NotFoundError } from '../../../../shared/runtime/errors.ts';
import { toCsv } from '../../../../shared/runtime/csv.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';
import { reversalOf } from '../domain/ledger.ts';
import { contribute, dutyArchive, yearRanking } from '../use-cases/duty-year.ts';
import { publishRanking as publish } from '../use-cases/publish-ranking.ts';
import { recordActivity as record } from '../use-cases/record-activity.ts';
import { city, deps, deputies, http, ledger, ports } from './deps.ts';
import { activityBody, deputyParams, entryParams, rankingsQuery, reversalBody, yearParams, yearQuery } from './schemas.ts';

const REVIEWERS = ['township_reviewer', 'city_reviewer', 'admin'] as const;
const thisYear = () => Number(cityDate(deps.now(), city.timeZone).slice(0, 4));

/** A deputy the caller may see, or a 404 (existence does not leak). */
async function deputyInScope(caller: Parameters<typeof assertInScope>[0], code: string) {
  const deputy = await deputies.get(code);
  if (!deputy) throw new NotFoundError('No such deputy.');
  assertInScope(caller, { townshipCode: deputy.townshipCode, deputyCode: deputy.code });
  return deputy;
}

/** POST /v1/activities (reviewers in scope, admin): records a duty activity and scores it. */
export const recordActivity = http(
  {
    roles: REVIEWERS,
    body: activityBody,
  },
  async ({ caller, body, headers, requestId }) => {
    const deputy = await deputyInScope(caller, body.deputyCode);
    const request = { accountId: caller.accountId, idempotencyKey: headers['idempotency-key'] };
    const context = { now: deps.now(), timeZone: city.timeZone, cause: { correlationId: requestId, causationId: requestId } };
    return { status: 201, body: await record(ports, { ...body, deputyCode: deputy.code }, request, context) };
  },
);

/** POST /v1/ledger/{entryId}/reverse (city reviewer, admin): a correction entry that cancels one. */
export const reverseEntry = http(
  {
    roles: ['city_reviewer', 'admin'],
    params: entryParams,
    body: reversalBody,
  },
  async ({ params, body, requestId }) => {
    const original = await ledger.entry(params.entryId, body.deputyCode, body.year);
    if (!original || original.reverses) throw new NotFoundError('No such ledger entry.');
    const now = deps.now();
    const reversal = reversalOf(original, body.reason, now.toISOString());
    await contribute(ports, reversal, { correlationId: requestId, causationId: requestId }, now, city.timeZone);
    return { status: 201, body: reversal.entries[0] };
  },
);

/** GET /v1/deputies/{code}/archive?year= (that deputy, reviewers in scope, admin): the duty archive. */
export const archive = http({ roles: ['deputy', ...REVIEWERS], params: deputyParams, query: yearQuery }, async ({ caller, params, query }) => {
  const deputy = await deputyInScope(caller, params.code);
  return { status: 200, body: await dutyArchive(ports, deputy, query.year ?? thisYear(), deps.now(), city.timeZone) };
});

/** GET /v1/rankings?year=&scope=city|<townshipCode>[&format=csv] (reviewers, admin). */
export const rankings = http(
  {
    roles: REVIEWERS,
    query: rankingsQuery,
  },
  async ({ caller, query }) => {
    const year = query.year ?? thisYear();
    // A township reviewer ranks within their own township.
    const scope = caller.role === 'township_reviewer' ? caller.scope.townshipCode! : query.scope;
    if (scope !== 'city' && !city.townships.some((t) => t.code === scope))
      throw new InvalidInputError('The query is not valid.', [{ path: 'scope', message: `unknown township ${scope}` }]);
    const items = await yearRanking(ports, year, scope === 'city' ? undefined : scope);
    if (query.format === 'csv') {
      return {
        status: 200,
        contentType: 'text/csv; charset=utf-8',
        headers: { 'content-disposition': `attachment; filename="ranking-${year}-${scope}.csv"` },
        body: toCsv([
          ['rank', 'deputyCode', 'name', 'townshipCode', 'total', 'grade'],
          ...items.map((i) => [i.rank, i.deputyCode, i.name, i.townshipCode, i.total, i.grade]),
        ]),
      };
    }
    return { status: 200, body: { year, scope, items, nextCursor: null } };
  },
);

/** POST /v1/rankings/{year}/publish (city reviewer, admin): announces the year's excellent deputies. */
export const publishRanking = http({ roles: ['city_reviewer', 'admin'], params: yearParams }, async ({ params, requestId }) => {
  const context = { city: city.name, now: deps.now(), cause: { correlationId: requestId, causationId: requestId } };
  return { status: 200, body: await publish(ports, params.year, context) };
});

/** GET /v1/flags?year= (reviewers in scope, admin): deputies flagged for the committee, with the reason. */
export const flags = http({ roles: REVIEWERS, query: yearQuery }, async ({ caller, query }) => {
  const year = query.year ?? thisYear();
  const known = new Map((await deputies.all()).map((d) => [d.code, d]));
  const items = (await ledger.flags(year))
    .map((f) => ({ ...f, name: known.get(f.deputyCode)?.name ?? null, townshipCode: known.get(f.deputyCode)?.townshipCode ?? null }))
    .filter((f) => caller.role !== 'township_reviewer' || f.townshipCode === caller.scope.townshipCode);
  return { status: 200, body: { year, items, nextCursor: null } };
});

/** GET /v1/ledger?year= (city reviewer, admin): the year's whole points ledger as CSV. */
export const ledgerExport = http({ roles: ['city_reviewer', 'admin'], query: yearQuery }, async ({ query }) => {
  const year = query.year ?? thisYear();
  const entries = (await ledger.yearEntries(year)).sort((a, b) => a.deputyCode.localeCompare(b.deputyCode) || a.at.localeCompare(b.at));
  return {
    status: 200,
    contentType: 'text/csv; charset=utf-8',
    headers: { 'content-disposition': `attachment; filename="ledger-${year}.csv"` },
    body: toCsv([
      ['entryId', 'deputyCode', 'year', 'at', 'rule', 'points', 'reason', 'source', 'reverses'],
      ...entries.map((e) => [e.entryId, e.deputyCode, e.year, e.at, e.rule, e.points, e.reason, e.source, e.reverses]),
    ]),
  };
});
