import type { z } from 'zod';
import type { ballotListSchema, ballotSchema } from '../../../participation/src/domain/livelihood-views.ts';
import type { staffAppointmentsSchema } from '../../../participation/src/domain/reception-views.ts';
import type { consultationListSchema, resultsSchema } from '../../../participation/src/domain/views.ts';
import type { ballotBody, progressBody, ratingBody, voteBody } from '../../../participation/src/handlers/livelihood-schemas.ts';
import type { openingBody } from '../../../participation/src/handlers/schemas.ts';
import { request } from './request.ts';
import type { Page } from './types.ts';

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

export type BallotItem = z.output<typeof ballotListSchema>['items'][number];
export type Ballot = z.output<typeof ballotSchema>;
export type BallotBody = z.input<typeof ballotBody>;
export type VoteChoice = z.input<typeof voteBody>['choice'];
export type ProgressBody = z.input<typeof progressBody>;
export type RatingChoice = z.input<typeof ratingBody>['satisfaction'];

const ballotPath = (ballotId: string) => `/v1/livelihood-ballots/${encodeURIComponent(ballotId)}`;
const projectPath = (ballotId: string, projectId: string) => `${ballotPath(ballotId)}/projects/${encodeURIComponent(projectId)}`;

/** 民生实事票决: a page of ballots, newest first. */
export const listBallots = (cursor?: string) =>
  request<Page<BallotItem>>('GET', '/v1/livelihood-ballots', { query: { limit: 20, ...(cursor ? { cursor } : {}) } });

/** Lists the year's candidate projects for the deputies' vote (city reviewer). */
export const openBallot = (body: BallotBody) => request<{ ballotId: string }>('POST', '/v1/livelihood-ballots', { body });

/** A ballot; a deputy's own votes and ratings with it. */
export const getBallot = (ballotId: string) => request<Ballot>('GET', ballotPath(ballotId));

/** A deputy's vote on one project, once. */
export const castVote = (ballotId: string, projectId: string, choice: VoteChoice) =>
  request<void>('POST', `${ballotPath(ballotId)}/votes`, { body: { projectId, choice } });

/** Publishes a closed ballot's results (city reviewer). */
export const publishBallot = (ballotId: string) => request<void>('POST', `${ballotPath(ballotId)}/publish`);

/** A quarter's progress on a chosen project (its lead unit). */
export const recordProgress = (ballotId: string, projectId: string, body: ProgressBody) =>
  request<void>('POST', `${projectPath(ballotId, projectId)}/progress`, { body });

/** A deputy's year-end rating of a chosen project (回头看), once. */
export const rateProject = (ballotId: string, projectId: string, satisfaction: RatingChoice) =>
  request<void>('POST', `${projectPath(ballotId, projectId)}/ratings`, { body: { satisfaction } });
