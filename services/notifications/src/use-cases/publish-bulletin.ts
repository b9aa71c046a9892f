import type { EventCause } from '../../../../shared/events/envelope.ts';
import { ConflictError, invalidBody } from '../../../../shared/runtime/errors.ts';
import { bulletinAudience, bulletinIdForKey, bulletinNotices, requestHashOf } from '../domain/bulletin.ts';
import type { BulletinStore, ReadModel } from '../ports.ts';
import { dispatch, type DispatchPorts } from './dispatch.ts';

export interface BulletinPorts extends DispatchPorts {
  readModel: ReadModel;
  bulletins: BulletinStore;
  newBulletinId: () => string;
}

export interface BulletinResult {
  bulletinId: string;
  title: string;
  groupCode?: string;
  publishedAt: string;
  recipients: number;
}

/**
 * 政务信息通报: publishes a bulletin to every deputy in office, or one group, as in-app
 * notifications. Idempotent on `Idempotency-Key`: the same key and body answer the same result
 * and notify nobody twice; a retry after an interrupted fan-out completes it for the same audience.
 */
export async function publishBulletin(
  ports: BulletinPorts,
  input: { title: string; body: string; groupCode?: string },
  request: { publishedBy: string; idempotencyKey?: string; cause: EventCause },
  now: Date,
): Promise<BulletinResult> {
  const requestHash = requestHashOf(input);
  const bulletinId = request.idempotencyKey ? bulletinIdForKey(request.idempotencyKey) : ports.newBulletinId();
  const audience = bulletinAudience(await ports.readModel.deputies(), input.groupCode);
  if (audience.length === 0) {
    throw invalidBody('groupCode', `no deputy in office in group ${input.groupCode}`);
  }
  const { created, bulletin } = await ports.bulletins.createOnce({
    bulletinId,
    title: input.title,
    body: input.body,
    ...(input.groupCode ? { groupCode: input.groupCode } : {}),
    publishedAt: now.toISOString(),
    publishedBy: request.publishedBy,
    requestHash,
    recipients: audience.length,
    recipientCodes: audience.map((d) => d.code),
  });
  if (!created && bulletin.requestHash !== requestHash) {
    throw new ConflictError('This Idempotency-Key was used with another request.', 'IDEMPOTENCY_KEY_REUSED');
  }
  if (!bulletin.fannedOutAt) {
    // The audience as first published, so a retry reaches exactly the people the first try meant.
    await dispatch(
      ports,
      bulletinNotices(bulletin, bulletin.recipientCodes),
      { sourceId: `bulletin:${bulletin.bulletinId}`, occurredAt: new Date(bulletin.publishedAt), cause: request.cause },
      now,
      { concurrency: 16 },
    );
    await ports.bulletins.markFannedOut(bulletin.bulletinId, now);
  }
  return {
    bulletinId: bulletin.bulletinId,
    title: bulletin.title,
    ...(bulletin.groupCode ? { groupCode: bulletin.groupCode } : {}),
    publishedAt: bulletin.publishedAt,
    recipients: bulletin.recipients,
  };
}
