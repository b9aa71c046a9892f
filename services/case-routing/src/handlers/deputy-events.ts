import { DEPUTY_EVENTS } from '../subscribed-events.ts';
import { deputies, queue } from './deps.ts';

/** Keeps case routing's deputies from identity's events: who is in office to co-sign a suggestion. */
export const handler = queue({ subscription: 'deputies', contracts: DEPUTY_EVENTS }, async (event) => {
  const asOf = event.metadata.occurredAt;
  if (event.detailType === 'DeputyTermEnded') return deputies.endTerm(event.data.deputyCode, asOf);
  const d = event.data;
  await deputies.record({ code: d.deputyCode, level: d.level, townshipCode: d.townshipCode }, asOf);
});
