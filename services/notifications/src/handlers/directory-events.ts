import { DIRECTORY_EVENTS } from '../subscribed-events.ts';
import { queue, readModel } from './deps.ts';

/** Keeps notifications' list of deputies (groups, levels, terms) from identity's events. */
export const handler = queue({ subscription: 'directory', contracts: DIRECTORY_EVENTS }, async (event) => {
  const asOf = event.metadata.occurredAt;
  if (event.detailType === 'DeputyTermEnded') {
    await readModel.endTerm(event.data.deputyCode, asOf);
    return;
  }
  const d = event.data;
  await readModel.recordDeputy({ code: d.deputyCode, name: d.name, level: d.level, townshipCode: d.townshipCode, groupCode: d.groupCode }, asOf);
});
