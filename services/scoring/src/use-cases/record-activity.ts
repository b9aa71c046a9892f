import { createHash, randomUUID } from 'node:crypto';
import type { EventCause } from '../../../../shared/events/envelope.ts';
import { invalidBody } from '../../../../shared/runtime/errors.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';
import { contributionOfActivity, type Activity } from '../domain/ledger.ts';
import { contribute, yearRules, type ScoringPorts } from './duty-year.ts';

/**
 * Records a duty activity a reviewer reports and scores it. A repeated request with the same
 * `Idempotency-Key` from the same account gets the same activity id, so its points count once.
 */
export async function recordActivity(
  ports: ScoringPorts,
  activity: Omit<Activity, 'activityId'>,
  request: { accountId: string; idempotencyKey?: string },
  context: { now: Date; timeZone: string; cause: EventCause },
) {
  if (activity.date > cityDate(context.now, context.timeZone)) throw invalidBody('date', 'not in the future');
  const rules = yearRules(ports, Number(activity.date.slice(0, 4)));
  const activityId = request.idempotencyKey ? activityIdForKey(request.accountId, request.idempotencyKey) : randomUUID();
  const contribution = contributionOfActivity({ activityId, ...activity }, rules, context.now.toISOString());
  await contribute(ports, contribution, context.cause, context.now, context.timeZone);
  return { activityId, deputyCode: activity.deputyCode, kind: activity.kind, date: activity.date, entries: contribution.entries };
}

/** The activity id an account's `Idempotency-Key` stands for. */
function activityIdForKey(accountId: string, key: string): string {
  return `k${createHash('sha256').update(`${accountId}|${key}`).digest('hex').slice(0, 24)}`;
}
