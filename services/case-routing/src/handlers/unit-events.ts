import { UNIT_EVENTS } from '../subscribed-events.ts';
import { queue, units } from './deps.ts';

/** Keeps case routing's list of handling units from identity's events. */
export const handler = queue({ subscription: 'units', contracts: UNIT_EVENTS }, async (event) => {
  const d = event.data;
  await units.record({ code: d.unitCode, name: d.name, kind: d.kind, ...(d.townshipCode ? { townshipCode: d.townshipCode } : {}) });
});
