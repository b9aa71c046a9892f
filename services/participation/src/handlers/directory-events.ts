import { DIRECTORY_EVENTS } from '../subscribed-events.ts';
import { directory, queue } from './deps.ts';

/** Keeps participation's view of stations and deputies (hence groups) from identity's events, guarded by event time. */
export const handler = queue({ subscription: 'directory', contracts: DIRECTORY_EVENTS }, async (event) => {
  const asOf = event.metadata.occurredAt;
  switch (event.detailType) {
    case 'StationRegistered':
      return directory.recordStation({ code: event.data.stationCode, name: event.data.name, townshipCode: event.data.townshipCode }, asOf);
    case 'DeputyTermEnded':
      return directory.endTerm(event.data.deputyCode, asOf);
    default: {
      const d = event.data;
      return directory.recordDeputy(
        { code: d.deputyCode, name: d.name, groupCode: d.groupCode, stationCode: d.stationCode, townshipCode: d.townshipCode },
        asOf,
      );
    }
  }
});
