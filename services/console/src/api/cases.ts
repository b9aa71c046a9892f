import { request } from './request.ts';
import type { AcceptBody, CaseView, ForwardBody, Page, ResolveBody, SupervisionList } from './types.ts';

const at = (caseId: string, step = '') => `/v1/cases/${encodeURIComponent(caseId)}${step ? `/${step}` : ''}`;

/** Cases waiting for the caller's review (待审核). */
export const listReviews = () => request<Page<CaseView>>('GET', '/v1/reviews');
/** Cases with the caller's unit (待办任务). */
export const listTasks = () => request<Page<CaseView>>('GET', '/v1/tasks');
export const getCase = (caseId: string) => request<CaseView>('GET', at(caseId));

export const forwardCase = (caseId: string, body: ForwardBody) => request<CaseView>('POST', at(caseId, 'forward'), { body });
export const returnCase = (caseId: string, reason: string) => request<CaseView>('POST', at(caseId, 'return'), { body: { reason } });
export const declineCase = (caseId: string, reason: string) => request<CaseView>('POST', at(caseId, 'decline'), { body: { reason } });

export const acceptCase = (caseId: string, body: AcceptBody) => request<CaseView>('POST', at(caseId, 'accept'), { body });
export const progressCase = (caseId: string, note: string) => request<CaseView>('POST', at(caseId, 'progress'), { body: { note } });
export const resolveCase = (caseId: string, body: ResolveBody) => request<CaseView>('POST', at(caseId, 'resolve'), { body });
export const reassignCase = (caseId: string, reason: string) => request<CaseView>('POST', at(caseId, 'reassign'), { body: { reason } });

/** 问题清单 / 建议清单 / 督办清单. */
export const listSupervision = (list: SupervisionList) => request<Page<CaseView>>('GET', '/v1/supervision', { query: { list } });
/** The same list as the CSV file the service writes. */
export const supervisionCsv = (list: SupervisionList) => request<string>('GET', '/v1/supervision', { query: { list, format: 'csv' }, as: 'text' });
