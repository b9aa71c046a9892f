import { causedBy } from '../../../../shared/events/envelope.ts';
import { queueHandler } from '../../../../shared/runtime/queue.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';
import { DEPUTY_EVENTS } from '../subscribed-events.ts';
import { city, deps, deputies, ledger } from './deps.ts';

/** Keeps scoring's deputies from identity's events; an ended term flags the deputy for the committee. */
export const handler = queueHandler(
  { logger: deps.logger, subscription: 'deputies', contracts: DEPUTY_EVENTS, idempotency: { client: deps.rawClient, tableName: deps.tableName } },
  async (event) => {
    const asOf = event.metadata.occurredAt;
    if (event.detailType === 'DeputyTermEnded') {
      const { deputyCode } = event.data;
      await deputies.endTerm(deputyCode, asOf);
      const year = Number(cityDate(new Date(asOf), city.timeZone).slice(0, 4));
      const deputy = await deputies.get(deputyCode);
      await ledger.flag(deputyCode, year, 'term_ended', deputy?.townshipCode, causedBy(event.metadata));
      return;
    }
    const d = event.data;
    await deputies.record({ code: d.deputyCode, name: d.name, townshipCode: d.townshipCode }, asOf);
  },
);
