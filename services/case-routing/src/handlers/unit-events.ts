import { queueHandler } from '../../../../shared/runtime/queue.ts';
import { UNIT_EVENTS } from '../subscribed-events.ts';
import { deps, units } from './deps.ts';

/** Keeps case routing's list of handling units from identity's events. */
export const handler = queueHandler(
  { logger: deps.logger, subscription: 'units', contracts: UNIT_EVENTS, idempotency: { client: deps.rawClient, tableName: deps.tableName } },
  async (event) => {
    const d = event.data;
    await units.record({ code: d.unitCode, name: d.name, kind: d.kind, ...(d.townshipCode ? { townshipCode: d.townshipCode } : {}) });
  },
);
