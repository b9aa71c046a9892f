import { causedBy } from '../../../../shared/events/envelope.ts';
import {
  CaseAccepted,
  CaseDeclined,
  CaseForwarded,
  CaseResolved,
} from '../../../../shared/events/case-routing/index.ts';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { queueHandler } from '../../../../shared/runtime/queue.ts';
import { followCase, type CaseStep } from '../domain/case-steps.ts';
import { CASE_EVENTS } from '../subscribed-events.ts';
import { changeMessage } from '../use-cases/change-message.ts';
import { city, deps, directory, messages } from './deps.ts';

const STEP_OF: Record<string, CaseStep['type']> = {
  CaseOpened: 'opened',
  CaseForwarded: 'forwarded',
  CaseReturned: 'returned',
  CaseDeclined: 'declined',
  CaseAccepted: 'accepted',
  CaseProgressReported: 'progress',
  CaseResolved: 'resolved',
  CaseReassignRequested: 'reassign_requested',
  CaseReopened: 'reopened',
  CaseClosed: 'closed',
};

function stepOf(event: { contract: { detailType: string }; data: unknown }): CaseStep {
  const type = STEP_OF[event.contract.detailType]!;
  switch (event.contract) {
    case CaseForwarded: {
      const d = event.data as typeof CaseForwarded.sample;
      return { type: 'forwarded', unitCode: d.unitCode, unitName: d.unitName, dueDate: d.dueDate };
    }
    case CaseDeclined:
      return { type: 'declined', reason: (event.data as typeof CaseDeclined.sample).reason };
    case CaseAccepted:
      return { type: 'accepted', committedDate: (event.data as typeof CaseAccepted.sample).committedDate };
    case CaseResolved:
      return { type: 'resolved', result: (event.data as typeof CaseResolved.sample).result };
    default:
      return { type } as CaseStep;
  }
}

/** Follows the case of each escalated message, so the citizen's tracking shows every step. */
export const handler = queueHandler(
  { logger: deps.logger, subscription: 'cases', contracts: CASE_EVENTS, idempotency: { client: deps.rawClient, tableName: deps.tableName } },
  async (event) => {
    const data = event.data as { messageId?: string; sequence: number };
    if (!data.messageId) return; // a deputy's suggestion: no citizen to tell
    const now = new Date(event.metadata.occurredAt);
    try {
      await changeMessage(
        { messages, directory, city: city.name },
        data.messageId,
        ({ message }) => followCase(message, stepOf(event), data.sequence, now, city.sla),
        { now, cause: causedBy(event.metadata) },
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      deps.logger.warn('case step for an unknown message ignored', { eventId: event.metadata.eventId });
    }
  },
);
