import { createHash } from 'node:crypto';

/** A message id fixed by an `Idempotency-Key`, so a retried request finds its first result. */
export function messageIdForKey(idempotencyKey: string): string {
  return `m-k${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;
}

/** The stored form of a tracking token: a hash, so the table alone cannot follow anyone's message. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The case a message opens (escalated, or sent to supervision): one per message, so a retry finds it. */
export function caseIdOf(messageId: string): string {
  return `c-${messageId.slice(2)}`;
}
