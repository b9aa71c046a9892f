import { request } from './request.ts';
import type { InboxItem, MessageDetail, MessageStatus, Page } from './types.ts';

/** The deputy's inbox (`GET /v1/inbox`), newest first. */
export const listInbox = (query: { status?: MessageStatus; limit?: number; cursor?: string } = {}) => request<Page<InboxItem>>('GET', '/v1/inbox', { query });

/** One message with its thread and timeline; the citizen's contact comes masked. */
export const getMessage = (messageId: string) => request<MessageDetail>('GET', `/v1/messages/${encodeURIComponent(messageId)}`);

/** 答复 (and, with `close`, 答复并办结). */
export const replyToMessage = (messageId: string, content: string, close: boolean) =>
  request<{ messageId: string; status: MessageStatus }>('POST', `/v1/messages/${encodeURIComponent(messageId)}/reply`, { body: { content, close } });

/** 提交审核 (escalate) with a reason. */
export const escalateMessage = (messageId: string, reason: string, suggestedUnitCode?: string) =>
  request<{ caseId: string; status: MessageStatus }>('POST', `/v1/messages/${encodeURIComponent(messageId)}/escalate`, {
    body: suggestedUnitCode ? { reason, suggestedUnitCode } : { reason },
  });
