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
    switch (event.detailType) {
      case 'DeputyRegistered':
      case 'DeputyUpdated': {
        const d = event.data;
        await directory.recordDeputy({ code: d.deputyCode, name: d.name, level: d.level, townshipCode: d.townshipCode, stationCode: d.stationCode }, asOf);
        return;
      }
      case 'DeputyTermEnded':
        await directory.endTerm(event.data.deputyCode, asOf);
        return;
      case 'StationRegistered': {
        const s = event.data;
        await directory.recordStation({ code: s.stationCode, name: s.name, townshipCode: s.townshipCode }, asOf);
        return;
      }
    }
  },
);
