import type { z } from 'zod';
import type { staffAppointmentsSchema } from '../../../participation/src/domain/reception-views.ts';
import type { consultationListSchema, resultsSchema } from '../../../participation/src/domain/views.ts';
import type { openingBody } from '../../../participation/src/handlers/schemas.ts';
import { request } from './request.ts';

export type ConsultationItem = z.output<typeof consultationListSchema>['items'][number];
export type ConsultationResults = z.output<typeof resultsSchema>;
export type OpeningBody = z.input<typeof openingBody>;

/** 意见征集: every consultation in the caller's scope. */
export const listConsultations = () =>
  request<{ items: ConsultationItem[]; nextCursor: string | null }>('GET', '/v1/consultations', { query: { limit: '200' } });

/** Opens a consultation (city reviewer). */
export const openConsultation = (body: OpeningBody) => request<{ consultationId: string }>('POST', '/v1/consultations', { body });

/** Live results with every response. */
export const consultationResults = (id: string) => request<ConsultationResults>('GET', `/v1/consultations/${encodeURIComponent(id)}/results`);

/** The results as CSV. */
export const consultationCsv = (id: string) =>
  request<string>('GET', `/v1/consultations/${encodeURIComponent(id)}/results`, { query: { format: 'csv' }, as: 'text' });

/** Hides or shows a comment on the public summary. */
export const setCommentHidden = (id: string, responseId: string, hidden: boolean) =>
  request<void>('POST', `/v1/consultations/${encodeURIComponent(id)}/responses/${encodeURIComponent(responseId)}/visibility`, { body: { hidden } });

/** Closes it now, with the committee's conclusion. */
export const closeConsultation = (id: string, conclusion: string) =>
  request<void>('POST', `/v1/consultations/${encodeURIComponent(id)}/close`, { body: conclusion ? { conclusion } : {} });

export type AppointmentList = z.output<typeof staffAppointmentsSchema>;
export type AppointmentItem = AppointmentList['items'][number];

/** 代表固定接待日: a month's appointments in the caller's scope (a deputy: their group's). */
export const listAppointments = (month: string) => request<AppointmentList>('GET', '/v1/appointments', { query: { month } });

/** Records an appointment held (with the deputies present) or not attended. */
export const recordAppointment = (id: string, outcome: 'held' | 'not_attended', deputiesPresent: string[]) =>
  request<void>('POST', `/v1/appointments/${encodeURIComponent(id)}/outcome`, { body: { outcome, deputiesPresent } });
