import type { EventCause, EventOf } from '../../../../shared/events/envelope.ts';
import { eventsOf } from '../../../../shared/domain/transition.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import type { DynamoCases } from '../adapters/dynamo-cases.ts';
import { close, openCase, openSupervisedCase, reopen, suggestUnit, type CaseRules, type CaseTransition, type RoutingRule } from '../domain/case.ts';
import type { MESSAGE_EVENTS } from '../subscribed-events.ts';
import { changeCase } from './change-case.ts';

export interface FollowMessagePorts {
  cases: DynamoCases;
  city: string;
  rules: CaseRules;
  routing: readonly RoutingRule[];
}

/** A fact of messaging that case routing follows. */
export type MessageFact = EventOf<typeof MESSAGE_EVENTS>;

/**
 * Follows messaging: an escalation, or a direct answer the citizen was unsatisfied with, opens a
 * case (立案、督办), once: the case id comes from the message, and a second create finds it there. An unsatisfied rating of a resolved case reopens it (督办);
 * a rating or an elapsed rating window closes it. Steps that no longer apply (a replay, an old
 * event) change nothing. A verdict about a case never opened is a `NotFoundError`.
 */
export async function followMessage(ports: FollowMessagePorts, fact: MessageFact, context: { now: Date; cause: EventCause }): Promise<void> {
  const { now } = context;
  switch (fact.detailType) {
    case 'MessageEscalated': {
      const d = fact.data;
      const opened = openCase(
        {
          caseId: d.caseId,
          messageId: d.messageId,
          kind: 'problem',
          deputyCode: d.deputyCode,
          reviewLevel: d.deputyLevel,
          townshipCode: d.townshipCode,
          category: d.category,
          suggestedUnitCode: d.suggestedUnitCode ?? suggestUnit(ports.routing, d.category, d.townshipCode),
          ...(d.triage ? { triage: d.triage } : {}),
          ...(d.similar ? { similar: d.similar } : {}),
        },
        now,
        ports.rules,
      );
      await createOnce(ports, opened, context);
      return;
    }
    case 'MessageSupervisionOpened': {
      const d = fact.data;
      const opened = openSupervisedCase(
        {
          caseId: d.caseId,
          messageId: d.messageId,
          deputyCode: d.deputyCode,
          townshipCode: d.townshipCode,
          category: d.category,
          suggestedUnitCode: suggestUnit(ports.routing, d.category, d.townshipCode),
        },
        now,
        ports.rules,
      );
      await createOnce(ports, opened, context);
      return;
    }
    case 'MessageReopened':
      await changeCase(ports, fact.data.caseId, ({ case: c }) => reopen(c, now, ports.rules), context);
      return;
    case 'MessageRated': {
      const { caseId, rating } = fact.data;
      if (!caseId || rating === 'unsatisfied') return;
      await changeCase(ports, caseId, ({ case: c }) => close(c, rating, now), context);
      return;
    }
    case 'MessageClosed': {
      const { caseId } = fact.data;
      if (!caseId) return;
      await changeCase(ports, caseId, ({ case: c }) => close(c, undefined, now), context);
      return;
    }
  }
}

/** Stores a newly opened case; one already there (a replayed event) is left as it is. */
async function createOnce(ports: FollowMessagePorts, opened: CaseTransition, context: { now: Date; cause: EventCause }): Promise<void> {
  try {
    await ports.cases.create(opened.next, eventsOf(opened.emitted, { city: ports.city, now: context.now, cause: context.cause }));
  } catch (error) {
    if (!(error instanceof ConflictError && error.code === 'ALREADY_EXISTS')) throw error;
  }
}
