import { request } from './request.ts';
import type { HeldPage, HeldQuery, Moderated, OverdueReplyPage, RejectBody, ReleaseBody, StationItem } from './types.ts';

const at = (messageId: string, step: string) => `/v1/messages/${encodeURIComponent(messageId)}/${step}`;

/** The reviewers' queue of held messages (待核实留言), oldest first, a page at a time. */
export const listHeld = (query: HeldQuery = {}) => request<HeldPage>('GET', '/v1/moderation/held', { query });

/** 转交代表: to the deputy named, or (none named) the station's least-loaded deputy in office. */
export const releaseHeld = (messageId: string, body: ReleaseBody) => request<Moderated>('POST', at(messageId, 'release'), { body });

/** 不予受理: the message closes and its sender reads the reason. */
export const rejectHeld = (messageId: string, body: RejectBody) => request<Moderated>('POST', at(messageId, 'reject'), { body });

/** Every liaison station with its deputies in office: whom a reviewer may release a message to. */
export const listStations = () => request<{ items: StationItem[] }>('GET', '/v1/stations');

/** Messages in scope whose deputy's reply is overdue and still owed (督办), longest overdue first. */
export const listOverdueReplies = (query: { limit?: string; cursor?: string } = {}) =>
  request<OverdueReplyPage>('GET', '/v1/moderation/overdue-replies', { query });
