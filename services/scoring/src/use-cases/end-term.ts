import type { EventCause } from '../../../../shared/events/envelope.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';
import { raiseFlag, type ScoringPorts } from './duty-year.ts';

/**
 * A deputy's term ended (identity's DeputyTermEnded at `asOf`): scoring stops expecting duties of
 * them and flags the year for the committee, once.
 */
export async function endDeputyTerm(ports: ScoringPorts, deputyCode: string, asOf: string, context: { timeZone: string; cause: EventCause }): Promise<void> {
  await ports.deputies.endTerm(deputyCode, asOf);
  const year = Number(cityDate(new Date(asOf), context.timeZone).slice(0, 4));
  const deputy = await ports.deputies.get(deputyCode);
  await raiseFlag(ports, { deputyCode, year, reason: 'term_ended', townshipCode: deputy?.townshipCode }, context.cause);
}
