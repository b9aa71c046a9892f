import { request } from './request.ts';
import type { Escalated, EscalationBody, Inbox, InboxQuery, MessageDetail, Replied, ReplyBody } from './types.ts';

const at = (messageId: string, step = '') => `/v1/messages/${encodeURIComponent(messageId)}${step ? `/${step}` : ''}`;

/** The deputy's inbox (`GET /v1/inbox`), newest first. */
export const listInbox = (query: InboxQuery = {}) => request<Inbox>('GET', '/v1/inbox', { query });

/** One message with its thread and timeline; the citizen's contact comes masked. */
export const getMessage = (messageId: string) => request<MessageDetail>('GET', at(messageId));

/** 答复 (and, with `close`, 答复并办结). */
export const replyToMessage = (messageId: string, body: ReplyBody) => request<Replied>('POST', at(messageId, 'reply'), { body });

/** 提交审核 (escalate) with a reason and, if the deputy has one in mind, a unit. */
export const escalateMessage = (messageId: string, body: EscalationBody) => request<Escalated>('POST', at(messageId, 'escalate'), { body });
