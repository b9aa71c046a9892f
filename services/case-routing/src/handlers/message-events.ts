import { createEvent } from '../../../../shared/events/envelope.ts';
import { causedBy } from '../../../../shared/events/envelope.ts';
import { MessageClosed, MessageEscalated, MessageRated, MessageReopened } from '../../../../shared/events/messaging/index.ts';
import { ConflictError, NotFoundError } from '../../../../shared/runtime/errors.ts';
import { queueHandler } from '../../../../shared/runtime/queue.ts';
import { close, openCase, reopen, suggestUnit } from '../domain/case.ts';
import { MESSAGE_EVENTS } from '../subscribed-events.ts';
import { changeCase } from '../use-cases/change-case.ts';
import { cases, city, deps, ports, rules } from './deps.ts';

type Data<C extends { sample: unknown }> = C['sample'];

/**
 * Follows messaging: an escalation opens a case (once: the case id comes from the message, and a
 * second create finds it there); an unsatisfied rating of a resolved case reopens it; a rating or
 * an elapsed rating window closes it. Steps that no longer apply (a replay, an old event) change
 * nothing.
 */
export const handler = queueHandler(
  { logger: deps.logger, subscription: 'messages', contracts: MESSAGE_EVENTS, idempotency: { client: deps.rawClient, tableName: deps.tableName } },
  async (event) => {
    const cause = causedBy(event.metadata);
    const now = new Date(event.metadata.occurredAt);
    switch (event.contract) {
      case MessageEscalated: {
        const d = event.data as Data<typeof MessageEscalated>;
        const opened = openCase(
          {
            caseId: d.caseId,
            messageId: d.messageId,
            kind: 'problem',
            deputyCode: d.deputyCode,
            reviewLevel: d.deputyLevel,
            townshipCode: d.townshipCode,
            category: d.category,
            suggestedUnitCode: d.suggestedUnitCode ?? suggestUnit(city.routing, d.category, d.townshipCode),
          },
          now,
          rules,
        );
        try {
          await cases.create(
            opened.next,
            opened.emitted.map((e) => createEvent(e.contract, e.data as never, { city: city.name, now, cause })),
          );
        } catch (error) {
          if (!(error instanceof ConflictError && error.code === 'ALREADY_EXISTS')) throw error;
        }
        return;
      }
      case MessageReopened: {
        const d = event.data as Data<typeof MessageReopened>;
        await ignoreMissing(changeCase(ports, d.caseId, ({ case: c }) => reopen(c, now, rules), { now, cause }));
        return;
      }
      case MessageRated: {
        const d = event.data as Data<typeof MessageRated>;
        if (!d.caseId || d.rating === 'unsatisfied') return;
        await ignoreMissing(changeCase(ports, d.caseId, ({ case: c }) => close(c, d.rating, now), { now, cause }));
        return;
      }
      case MessageClosed: {
        const d = event.data as Data<typeof MessageClosed>;
        if (!d.caseId) return;
        await ignoreMissing(changeCase(ports, d.caseId, ({ case: c }) => close(c, undefined, now), { now, cause }));
        return;
      }
    }
  },
);

/** A verdict about a case this city never opened is not retried forever. */
async function ignoreMissing(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    deps.logger.warn('event about an unknown case ignored');
  }
}
