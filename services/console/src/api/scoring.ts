import { request } from './request.ts';
import type { ActivityBody, DutyArchive, Flags, Rankings } from './types.ts';

/** A deputy's duty archive (履职档案) for a year. */
export const getArchive = (deputyCode: string, year?: number) =>
  request<DutyArchive>('GET', `/v1/deputies/${encodeURIComponent(deputyCode)}/archive`, { query: { year } });

/** 登记履职活动. */
export const recordActivity = (body: ActivityBody) => request<{ activityId: string }>('POST', '/v1/activities', { body });

/** 履职排名 with the excellent grade. */
export const listRankings = (query: { year?: number; scope?: string } = {}) => request<Rankings>('GET', '/v1/rankings', { query });

/** Deputies flagged for the committee (提醒名单). */
export const listFlags = (year?: number) => request<Flags>('GET', '/v1/flags', { query: { year } });

/** The year's points ledger as CSV (city reviewer, admin). */
export const ledgerCsv = (year?: number) => request<string>('GET', '/v1/ledger', { query: { year }, as: 'text' });
