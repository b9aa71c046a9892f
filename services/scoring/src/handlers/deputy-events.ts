import { causedBy } from '../../../../shared/events/envelope.ts';
import { endDeputyTerm } from '../use-cases/end-term.ts';
import { DEPUTY_EVENTS } from '../subscribed-events.ts';
import { city, deputies, ports, queue } from './deps.ts';

/** Keeps scoring's deputies from identity's events; an ended term flags the deputy for the committee. */
export const handler = queue({ subscription: 'deputies', contracts: DEPUTY_EVENTS }, async (event) => {
  const asOf = event.metadata.occurredAt;
  if (event.detailType === 'DeputyTermEnded') {
    await endDeputyTerm(ports, event.data.deputyCode, asOf, { timeZone: city.timeZone, cause: causedBy(event.metadata) });
    return;
  }
  const d = event.data;
  await deputies.record({ code: d.deputyCode, name: d.name, townshipCode: d.townshipCode }, asOf);
});
