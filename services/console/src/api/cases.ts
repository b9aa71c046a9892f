import { request } from './request.ts';
import type { AcceptBody, CaseList, CasePage, CaseView, ForwardBody, ProgressBody, ReasonBody, ResolveBody, SupervisionQuery } from './types.ts';

const at = (caseId: string, step = '') => `/v1/cases/${encodeURIComponent(caseId)}${step ? `/${step}` : ''}`;

/** Cases waiting for the caller's review (待审核). */
export const listReviews = () => request<CaseList>('GET', '/v1/reviews');
/** Cases with the caller's unit (待办任务). */
export const listTasks = () => request<CaseList>('GET', '/v1/tasks');
export const getCase = (caseId: string) => request<CaseView>('GET', at(caseId));

export const forwardCase = (caseId: string, body: ForwardBody) => request<CaseView>('POST', at(caseId, 'forward'), { body });
export const returnCase = (caseId: string, body: ReasonBody) => request<CaseView>('POST', at(caseId, 'return'), { body });
export const declineCase = (caseId: string, body: ReasonBody) => request<CaseView>('POST', at(caseId, 'decline'), { body });
/** 合并办理: this case follows `intoCaseId` from now on. */
export const mergeCase = (caseId: string, intoCaseId: string) => request<CaseView>('POST', at(caseId, 'merge'), { body: { intoCaseId } });

export const acceptCase = (caseId: string, body: AcceptBody) => request<CaseView>('POST', at(caseId, 'accept'), { body });
export const progressCase = (caseId: string, body: ProgressBody) => request<CaseView>('POST', at(caseId, 'progress'), { body });
export const resolveCase = (caseId: string, body: ResolveBody) => request<CaseView>('POST', at(caseId, 'resolve'), { body });
export const reassignCase = (caseId: string, body: ReasonBody) => request<CaseView>('POST', at(caseId, 'reassign'), { body });

/** 问题清单 / 建议清单 / 督办清单. */
export const listSupervision = (query: SupervisionQuery) => request<CasePage>('GET', '/v1/supervision', { query });
/** The same list as the CSV file the service writes. */
export const supervisionCsv = (query: SupervisionQuery) =>
  request<string>('GET', '/v1/supervision', { query: { ...query, limit: undefined, cursor: undefined, format: 'csv' }, as: 'text' });
