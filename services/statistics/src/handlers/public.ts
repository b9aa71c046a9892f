import { toCsv } from '../../../../shared/runtime/csv.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';
import { OPEN_DATA_COLUMNS } from '../domain/public-figures.ts';
import { readOpenData, readResponsiveness, readStation } from '../use-cases/read-figures.ts';
import { city, deps, http, internal, ports } from './deps.ts';
import { deputyParams, responsivenessInput, stationParams, yearQuery } from './schemas.ts';

const cacheable = { 'cache-control': 'public, max-age=300' };
const thisYear = () => Number(cityDate(deps.now(), city.timeZone).slice(0, 4));

/** GET /v1/deputies/{code}/responsiveness (public): the last 12 months, withheld below the minimum sample. */
export const deputyResponsiveness = http({ params: deputyParams }, async ({ params }) => ({
  status: 200,
  body: await readResponsiveness(ports, params.code),
  headers: cacheable,
}));

/**
 * Internal function `deputy-responsiveness` (identity only): the same figures, for identity's
 * public profile `GET /v1/deputies/{code}` to carry without reading this service's table.
 */
export const responsivenessForProfile = internal({ name: 'deputy-responsiveness', input: responsivenessInput }, async ({ deputyCode }) =>
  readResponsiveness(ports, deputyCode),
);

/** GET /v1/public/stations/{code}/stats?year= (public): a station's messages and its latest solved matters. */
export const stationStats = http({ params: stationParams, query: yearQuery }, async ({ params, query }) => ({
  status: 200,
  body: await readStation(ports, params.code, query.year ?? thisYear()),
  headers: cacheable,
}));

/** GET /v1/public/stats.csv?year= (public): open data, aggregated per month, township and category. */
export const openData = http({ query: yearQuery }, async ({ query }) => {
  const year = query.year ?? thisYear();
  return {
    status: 200,
    contentType: 'text/csv; charset=utf-8',
    headers: { ...cacheable, 'content-disposition': `attachment; filename="minqing-${city.name}-${year}.csv"` },
    body: toCsv([[...OPEN_DATA_COLUMNS], ...(await readOpenData(ports, year))]),
  };
});
