import { causedBy, type EventOf } from '../../../../shared/events/envelope.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';
import { contributionOfFact, type DutyFact } from '../domain/ledger.ts';
import { rulesFor } from '../domain/rules.ts';
import { DUTY_EVENTS } from '../subscribed-events.ts';
import { contribute } from '../use-cases/duty-year.ts';
import { city, ports, queue } from './deps.ts';

/** The duty fact an event of messaging (or a registered suggestion) tells. */
function factOf(event: EventOf<typeof DUTY_EVENTS>): DutyFact {
  switch (event.detailType) {
    case 'MessageAssigned':
      return { type: 'assigned', deputyCode: event.data.deputyCode };
    case 'MessageReplied': {
      const d = event.data;
      return { type: 'replied', deputyCode: d.deputyCode, closed: d.closed, withinSla: d.withinSla };
    }
    case 'MessageReplyOverdue':
      return { type: 'reply_overdue', deputyCode: event.data.deputyCode };
    case 'MessageRated': {
      const d = event.data;
      return { type: 'rated', deputyCode: d.deputyCode, rating: d.rating, ratedStatus: d.ratedStatus };
    }
    case 'SuggestionRegistered':
      return { type: 'suggestion_registered', deputyCode: event.data.deputyCode, kind: event.data.kind };
  }
}

/**
 * Derives ledger entries and statistics from messaging's facts and registered suggestions. The ledger keys every entry by
 * the event's id, so a duplicated or replayed event changes nothing; the year is the city's year
 * when the fact happened.
 */
export const handler = queue({ subscription: 'duty', contracts: DUTY_EVENTS, replaySafe: 'ledger entries are keyed by the event id' }, async (event) => {
  const occurredAt = new Date(event.metadata.occurredAt);
  const year = Number(cityDate(occurredAt, city.timeZone).slice(0, 4));
  const rules = rulesFor(city.scoring, year);
  if (!rules) return; // no rules for that year: nothing to score
  const contribution = contributionOfFact(factOf(event), event.metadata.eventId, year, rules, event.metadata.occurredAt);
  await contribute(ports, contribution, causedBy(event.metadata), occurredAt, city.timeZone);
});
