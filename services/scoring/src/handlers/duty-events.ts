import { causedBy, type EventOf } from '../../../../shared/events/envelope.ts';
import type { ConsumedEventOf } from '../../../../shared/runtime/queue.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';
import { contributionOfFact, type DutyFact } from '../domain/ledger.ts';
import { rulesFor } from '../domain/rules.ts';
import { DUTY_EVENTS } from '../subscribed-events.ts';
import { contribute } from '../use-cases/duty-year.ts';
import { city, ports, queue } from './deps.ts';

/** One deputy's duty fact, with the key it counts under and the year it counts in. */
interface KeyedFact {
  fact: DutyFact;
  sourceKey: string;
  year: number;
}

/**
 * The duty facts an event tells: one for messaging's facts and registered suggestions, keyed by the
 * event; one per deputy present for a held reception-day appointment, keyed by group and day, so a
 * deputy's reception day counts once however many citizens came that day.
 */
function factsOf(event: ConsumedEventOf<typeof DUTY_EVENTS>): KeyedFact[] {
  const { eventId, occurredAt } = event.metadata;
  if (event.detailType === 'AppointmentHeld') {
    const d = event.data;
    const year = Number(d.date.slice(0, 4));
    return d.deputyCodes.map((deputyCode) => ({ fact: { type: 'reception_day', deputyCode }, sourceKey: `reception-${d.groupCode}-${d.date}`, year }));
  }
  // The city's year when the fact happened.
  const year = Number(cityDate(new Date(occurredAt), city.timeZone).slice(0, 4));
  return [{ fact: factOf(event), sourceKey: eventId, year }];
}

/** The duty fact an event of messaging (or a registered suggestion) tells. */
function factOf(event: Exclude<EventOf<typeof DUTY_EVENTS>, { detailType: 'AppointmentHeld' }>): DutyFact {
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
 * Derives ledger entries and statistics from messaging's facts, registered suggestions and held
 * reception-day appointments. The ledger keys every entry by its source (the event's id, or the
 * group and day of a reception), so a duplicated or replayed event changes nothing.
 */
export const handler = queue({ subscription: 'duty', contracts: DUTY_EVENTS, replaySafe: 'ledger entries are keyed by the event id' }, async (event) => {
  const occurredAt = new Date(event.metadata.occurredAt);
  for (const { fact, sourceKey, year } of factsOf(event)) {
    const rules = rulesFor(city.scoring, year);
    if (!rules) continue; // no rules for that year: nothing to score
    const contribution = contributionOfFact(fact, sourceKey, year, rules, event.metadata.occurredAt);
    await contribute(ports, contribution, causedBy(event.metadata), occurredAt, city.timeZone);
  }
});
