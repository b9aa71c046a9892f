import type { z } from 'zod';
import { CaseForwarded, CaseOverdue } from '../events/case-routing/index.ts';
import type { DomainEvent, EventContract } from '../events/envelope.ts';
import { MessageSubmitted } from '../events/messaging/index.ts';
import { BUSINESS_METRICS, CASE_METRICS } from './business-metrics.ts';
import type { FigureRecorder } from './metrics.ts';

/**
 * Counts the business figures that committed events stand for: a message accepted or held
 * (留言受理 / 待审核), a case forwarded (转办) or overdue (督办, by stage). Called by the item store
 * once the state change and its events are written, so each fact counts once whatever happens to
 * its publishing.
 */
export function countEventFigures(figures: FigureRecorder, events: readonly DomainEvent[]): void {
  for (const event of events) {
    const submitted = dataOf(MessageSubmitted, event);
    if (submitted) {
      if (submitted.heldForReview) figures.count(BUSINESS_METRICS.messagesHeld, submitted.holdReason ? { reason: submitted.holdReason } : {});
      else figures.count(BUSINESS_METRICS.messagesAccepted, { via: submitted.via });
      continue;
    }
    if (dataOf(CaseForwarded, event)) {
      figures.count(CASE_METRICS.casesForwarded);
      continue;
    }
    const overdue = dataOf(CaseOverdue, event);
    if (overdue) figures.count(CASE_METRICS.casesOverdue, { stage: overdue.stage });
  }
}

/** The event's data if it is of this contract; the store writes only events built from their contracts. */
function dataOf<C extends EventContract>(contract: C, event: DomainEvent): z.output<C['data']> | undefined {
  return event.source === contract.source && event.detailType === contract.detailType ? (event.detail.data as z.output<C['data']>) : undefined;
}
