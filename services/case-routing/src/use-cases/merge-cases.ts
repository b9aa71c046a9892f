import type { EventCause } from '../../../../shared/events/envelope.ts';
import { eventsOf } from '../../../../shared/domain/transition.ts';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { FINISHED } from '../domain/access.ts';
import type { Actor, Case } from '../domain/case.ts';
import { merge } from '../domain/merge.ts';
import type { CaseRepository } from '../ports.ts';

/** A message's case id: the message id with the case prefix (as messaging escalates it). */
const caseIdOf = (messageId: string) => `c-${messageId.slice(2)}`;

/**
 * The open, unmerged cases among the matters messaging found alike to this one, closest first: a
 * similar message that was never escalated has no case to merge with and is left out.
 */
export async function similarCases(cases: Pick<CaseRepository, 'get'>, c: Case): Promise<{ caseId: string; messageId: string; score: number }[]> {
  const found = await Promise.all((c.similar ?? []).map(async (s) => ({ s, caseId: caseIdOf(s.messageId), stored: await cases.get(caseIdOf(s.messageId)) })));
  return found
    .filter(({ stored, caseId }) => stored && caseId !== c.caseId && !FINISHED.has(stored.case.status) && !stored.case.mergedInto)
    .map(({ s, caseId }) => ({ caseId, messageId: s.messageId, score: s.score }));
}

/**
 * 合并办理: merges `caseId` into `intoCaseId` for a reviewer who may review both. The primary is
 * written first: if the second write fails, a retry finds the primary already counting the
 * follower and writes only the follower.
 */
export async function mergeCases(
  ports: { cases: CaseRepository; city: string },
  input: { caseId: string; intoCaseId: string; actor: Actor; may: (c: Case) => boolean },
  context: { now: Date; cause: EventCause },
): Promise<Case> {
  const [follower, primary] = await Promise.all([ports.cases.get(input.caseId), ports.cases.get(input.intoCaseId)]);
  if (!follower || !input.may(follower.case)) throw new NotFoundError('No such case.');
  if (!primary || !input.may(primary.case)) throw new NotFoundError('No such case to merge into.');
  const retried = primary.case.mergedCases?.includes(follower.case.caseId) === true;
  const primaryBefore = retried ? { ...primary.case, mergedCases: primary.case.mergedCases!.filter((id) => id !== follower.case.caseId) } : primary.case;
  const decided = merge(follower.case, primaryBefore, input.actor, context.now);
  const envelope = { city: ports.city, now: context.now, cause: context.cause };
  if (!retried) await ports.cases.save(primary, decided.primary.next, eventsOf(decided.primary.emitted, envelope));
  await ports.cases.save(follower, decided.follower.next, eventsOf(decided.follower.emitted, envelope));
  return decided.follower.next;
}
