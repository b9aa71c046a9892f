import type { EventOf } from '../../../../shared/events/envelope.ts';
import type { COUNTED_EVENTS } from '../subscribed-events.ts';
import { type FactWrite, utc } from './facts.ts';

/** An event statistics counts from: its detail-type, data and when it happened. */
export type CountedEvent = EventOf<typeof COUNTED_EVENTS>;

/**
 * The fact writes an event makes. Each event writes its own attributes only, so the order in
 * which events arrive does not matter; where one fact can be told more than once with different
 * values (several replies, a case resolved again after reopening, a second rating), the guard
 * keeps the earliest reply and the latest resolution and rating.
 */
export function factWrites(event: CountedEvent, occurredAt: string): FactWrite[] {
  const message = (messageId: string) => ({ kind: 'message' as const, messageId });
  const unitCase = (caseId: string, unitCode: string) => ({ kind: 'unitCase' as const, caseId, unitCode });
  switch (event.detailType) {
    case 'MessageSubmitted': {
      const d = event.data;
      return [
        {
          target: message(d.messageId),
          set: {
            submittedAt: utc(d.submittedAt),
            category: d.category,
            heldForReview: d.heldForReview,
            ...(d.townshipCode ? { townshipCode: d.townshipCode } : {}),
            ...(d.stationCode ? { stationCode: d.stationCode } : {}),
          },
        },
      ];
    }
    case 'MessageAssigned': {
      const d = event.data;
      return [
        {
          target: message(d.messageId),
          set: {
            deputyCode: d.deputyCode,
            assignedAt: utc(d.assignedAt),
            replyDueAt: utc(d.replyDueAt),
            ...(d.stationCode ? { stationCode: d.stationCode } : {}),
          },
          guard: { attribute: 'assignedAt', keep: 'latest' },
        },
      ];
    }
    case 'MessageReplied': {
      const d = event.data;
      return [
        {
          target: message(d.messageId),
          set: { firstReplyAt: utc(d.repliedAt), firstReplyWithinSla: d.withinSla },
          guard: { attribute: 'firstReplyAt', keep: 'earliest' },
        },
      ];
    }
    case 'MessageEscalated': {
      const d = event.data;
      return [
        { target: message(d.messageId), set: { escalatedAt: utc(d.escalatedAt), caseId: d.caseId }, guard: { attribute: 'escalatedAt', keep: 'earliest' } },
      ];
    }
    case 'MessageRated': {
      const d = event.data;
      return [{ target: message(d.messageId), set: { rating: d.rating, ratedAt: utc(d.ratedAt) }, guard: { attribute: 'ratedAt', keep: 'latest' } }];
    }
    case 'MessageFollowUpAnswered': {
      // Answered once per message: the same values whenever the event is told.
      const d = event.data;
      return [{ target: message(d.messageId), set: { followUpSolved: d.solved, followUpReplyUseful: d.replyUseful, followUpWouldUseAgain: d.wouldUseAgain } }];
    }
    case 'MessageClosed': {
      const d = event.data;
      return [{ target: message(d.messageId), set: { closedAt: utc(d.closedAt) }, guard: { attribute: 'closedAt', keep: 'latest' } }];
    }
    case 'CaseForwarded': {
      const d = event.data;
      return [
        {
          target: unitCase(d.caseId, d.unitCode),
          set: {
            unitName: d.unitName,
            forwardedAt: utc(d.forwardedAt),
            acceptDueAt: utc(d.acceptDueAt),
            dueDate: d.dueDate,
            ...(d.messageId ? { messageId: d.messageId } : {}),
          },
          guard: { attribute: 'forwardedAt', keep: 'earliest' },
        },
      ];
    }
    case 'CaseAccepted': {
      const d = event.data;
      return [
        {
          target: unitCase(d.caseId, d.unitCode),
          set: { acceptedAt: utc(d.acceptedAt), committedDate: d.committedDate },
          guard: { attribute: 'acceptedAt', keep: 'latest' },
        },
      ];
    }
    case 'CaseResolved': {
      const d = event.data;
      const resolution = { resolvedAt: utc(d.resolvedAt), resolvedOnTime: d.onTime };
      const guard = { attribute: 'resolvedAt', keep: 'latest' as const };
      return [
        { target: unitCase(d.caseId, d.unitCode), set: resolution, guard },
        ...(d.messageId ? [{ target: message(d.messageId), set: { ...resolution, result: d.result, resolvedBy: d.unitCode }, guard }] : []),
      ];
    }
    case 'CaseReassignRequested': {
      const d = event.data;
      return [
        {
          target: unitCase(d.caseId, d.unitCode),
          set: { reassignRequestedAt: utc(d.requestedAt) },
          guard: { attribute: 'reassignRequestedAt', keep: 'earliest' },
        },
      ];
    }
    case 'CaseDeclined': {
      const d = event.data;
      return d.messageId
        ? [{ target: message(d.messageId), set: { declinedAt: utc(d.declinedAt) }, guard: { attribute: 'declinedAt', keep: 'earliest' } }]
        : [];
    }
    case 'CaseClosed': {
      const d = event.data;
      return [
        {
          target: { kind: 'case', caseId: d.caseId },
          set: { closedAt: utc(d.closedAt), ...(d.rating ? { rating: d.rating } : {}) },
          guard: { attribute: 'closedAt', keep: 'latest' },
        },
      ];
    }
    case 'DeputyRegistered':
    case 'DeputyUpdated': {
      const d = event.data;
      return [
        {
          target: { kind: 'deputy', code: d.deputyCode },
          set: { name: d.name, townshipCode: d.townshipCode, stationCode: d.stationCode, asOf: utc(occurredAt) },
          guard: { attribute: 'asOf', keep: 'latest' },
        },
      ];
    }
  }
}
