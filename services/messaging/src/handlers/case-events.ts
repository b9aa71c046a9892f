import { causedBy, type EventOf } from '../../../../shared/events/envelope.ts';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { followCase, type CaseStep } from '../domain/case-steps.ts';
import { CASE_EVENTS } from '../subscribed-events.ts';
import { changeMessage } from '../use-cases/change-message.ts';
import { city, deps, directory, messages, queue } from './deps.ts';

/** The step of the case an event of case routing tells. */
function stepOf(event: EventOf<typeof CASE_EVENTS>): CaseStep {
  switch (event.detailType) {
    case 'CaseOpened':
      return { type: 'opened' };
    case 'CaseForwarded': {
      const d = event.data;
      return { type: 'forwarded', unitCode: d.unitCode, unitName: d.unitName, dueDate: d.dueDate };
    }
    case 'CaseReturned':
      return { type: 'returned' };
    case 'CaseDeclined':
      return { type: 'declined', reason: event.data.reason };
    case 'CaseAccepted':
      return { type: 'accepted', unitCode: event.data.unitCode, committedDate: event.data.committedDate };
    case 'CaseProgressReported':
      return { type: 'progress', unitCode: event.data.unitCode };
    case 'CaseResolved':
      return { type: 'resolved', unitCode: event.data.unitCode, result: event.data.result };
    case 'CaseReassignRequested':
      return { type: 'reassign_requested' };
    case 'CaseReopened':
      return { type: 'reopened' };
    case 'CaseClosed':
      return { type: 'closed' };
    case 'CaseMerged':
      return { type: 'merged', role: event.data.role, reporters: event.data.reporters };
  }
}

/**
 * Follows the case of each escalated message, so the citizen's tracking shows every step. A step
 * the message has seen already (by the case's sequence) changes nothing, and each change is a
 * versioned write: no idempotency record is kept in front.
 */
export const handler = queue(
  { subscription: 'cases', contracts: CASE_EVENTS, replaySafe: "a step at or below the message's case sequence changes nothing" },
  async (event) => {
    const { messageId, sequence } = event.data;
    if (!messageId) return; // a deputy's suggestion: no citizen to tell
    const now = new Date(event.metadata.occurredAt);
    try {
      await changeMessage({ messages, directory, city: city.name }, messageId, ({ message }) => followCase(message, stepOf(event), sequence, now, city.sla), {
        now,
        cause: causedBy(event.metadata),
      });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      deps.logger.warn('case step for an unknown message ignored', { eventId: event.metadata.eventId });
    }
  },
);
