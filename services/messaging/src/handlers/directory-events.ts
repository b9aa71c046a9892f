import { DeputyRegistered, DeputyTermEnded, DeputyUpdated, StationRegistered } from '../../../../shared/events/identity/index.ts';
import { queueHandler } from '../../../../shared/runtime/queue.ts';
import { DIRECTORY_EVENTS } from '../subscribed-events.ts';
import { deps, directory } from './deps.ts';


/** Keeps messaging's own view of deputies and stations from identity's events. */
export const handler = queueHandler(
  {
    logger: deps.logger,
    subscription: 'directory',
    contracts: DIRECTORY_EVENTS,
    idempotency: { client: deps.rawClient, tableName: deps.tableName },
  },
  async (event) => {
    const asOf = event.metadata.occurredAt;
    switch (event.contract) {
      case DeputyRegistered:
      case DeputyUpdated: {
        const d = event.data as typeof DeputyRegistered.sample;
        await directory.recordDeputy(
          { code: d.deputyCode, name: d.name, level: d.level, townshipCode: d.townshipCode, stationCode: d.stationCode },
          asOf,
        );
        return;
      }
      case DeputyTermEnded:
        await directory.endTerm((event.data as typeof DeputyTermEnded.sample).deputyCode, asOf);
        return;
      case StationRegistered: {
        const s = event.data as typeof StationRegistered.sample;
        await directory.recordStation({ code: s.stationCode, name: s.name, townshipCode: s.townshipCode }, asOf);
        return;
      }
    }
  },
);
