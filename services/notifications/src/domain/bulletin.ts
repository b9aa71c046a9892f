import { createHash } from 'node:crypto';
import { accounts } from './channels.ts';
import type { DeputyFacts } from './read-model.ts';
import type { Notice } from './recipients.ts';

/** 政务信息通报: a bulletin from the committee to all deputies or one deputy group. */
export interface Bulletin {
  bulletinId: string;
  title: string;
  body: string;
  groupCode?: string;
  publishedAt: string;
  /** The username of the reviewer or admin who published it. */
  publishedBy: string;
  /** Hash of the request, to tell an idempotent retry from a reused key. */
  requestHash: string;
  recipients: number;
  /** The deputies it was addressed to when published, so a retried fan-out reaches the same people. */
  recipientCodes: string[];
  /** Set once every recipient's notification exists; a retry before that finishes the fan-out. */
  fannedOutAt?: string;
}

/** A bulletin id fixed by an `Idempotency-Key`, so a retried request finds its first result. */
export function bulletinIdForKey(idempotencyKey: string): string {
  return `b-k${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;
}

export function requestHashOf(input: { title: string; body: string; groupCode?: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([input.title, input.body, input.groupCode ?? null]))
    .digest('base64url');
}

/**
 * Who reads a bulletin: every deputy in office (or of the group). A deputy whose term ended is no
 * longer a deputy: bulletins are addressed to the sitting congress (全体代表), so they get none.
 */
export function bulletinAudience(deputies: readonly DeputyFacts[], groupCode: string | undefined): DeputyFacts[] {
  return deputies.filter((d) => d.active && (groupCode === undefined || d.groupCode === groupCode));
}

/** One in-app notice per deputy of the audience. */
export function bulletinNotices(bulletin: Pick<Bulletin, 'bulletinId' | 'title' | 'body'>, deputyCodes: readonly string[]): Notice[] {
  return deputyCodes.map((code) => ({
    recipient: accounts.deputy(code),
    offered: ['inapp'] as const,
    template: 'bulletin' as const,
    params: { title: bulletin.title, body: bulletin.body },
    refs: { bulletinId: bulletin.bulletinId },
  }));
}
