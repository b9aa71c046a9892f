import { createEvent, type EventCause } from '../../../../shared/events/envelope.ts';
import { RankingPublished } from '../../../../shared/events/scoring/index.ts';
import { yearRanking, type ScoringPorts } from './duty-year.ts';

/**
 * 公布排名: announces a year's excellent deputies (RankingPublished), recorded with the time of
 * publishing; publishing again records and announces again.
 */
export async function publishRanking(ports: ScoringPorts, year: number, context: { city: string; now: Date; cause: EventCause }) {
  const items = await yearRanking(ports, year);
  const excellent = items.filter((i) => i.grade === 'excellent').map((i) => i.deputyCode);
  const publishedAt = context.now.toISOString();
  const event = createEvent(RankingPublished, { year, deputies: items.length, excellent }, context);
  await ports.ledger.recordRanking({ year, excellent, publishedAt }, event);
  return { year, deputies: items.length, excellent };
}
