import { request } from './request.ts';
import type { DeputyFigures, FollowUpFigures, Overview, StatsQuery, UnitFigures } from './types.ts';

/** The committee's figures for a period (统计概览); a township reviewer always gets their own township. */
export const getOverview = (query: StatsQuery) => request<Overview>('GET', '/v1/stats/overview', { query });
/** Per handling unit; the township filter does not apply to units. */
export const getUnitFigures = (query: StatsQuery) => request<UnitFigures>('GET', '/v1/stats/units', { query: { from: query.from, to: query.to } });
/** Per deputy, in the township asked for (or the reviewer's own). */
export const getDeputyFigures = (query: StatsQuery) => request<DeputyFigures>('GET', '/v1/stats/deputies', { query });

/** The follow-up questionnaire's answers (回访), in the township asked for (or the reviewer's own). */
export const getFollowUp = (query: StatsQuery) => request<FollowUpFigures>('GET', '/v1/stats/follow-up', { query });

/** Which table a CSV download is of. */
export type StatsTable = 'overview' | 'units' | 'deputies';

/** The same figures as the CSV the service writes (BOM, formula-safe). */
export const statsCsv = (table: StatsTable, query: StatsQuery) =>
  request<string>('GET', `/v1/stats/${table}`, {
    query: { ...(table === 'units' ? { from: query.from, to: query.to } : query), format: 'csv' },
    as: 'text',
  });
