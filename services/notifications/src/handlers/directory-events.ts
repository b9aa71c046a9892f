import { queueHandler } from '../../../../shared/runtime/queue.ts';
import { DIRECTORY_EVENTS } from '../subscribed-events.ts';
import { deps, readModel } from './deps.ts';

/** Keeps notifications' list of deputies (groups, levels, terms) from identity's events. */
export const handler = queueHandler(
  { logger: deps.logger, subscription: 'directory', contracts: DIRECTORY_EVENTS, idempotency: { client: deps.rawClient, tableName: deps.tableName } },
  async (event) => {
    const asOf = event.metadata.occurredAt;
    if (event.detailType === 'DeputyTermEnded') {
      await readModel.endTerm(event.data.deputyCode, asOf);
      return;
    }
    const d = event.data;
    await readModel.recordDeputy({ code: d.deputyCode, name: d.name, level: d.level, townshipCode: d.townshipCode, groupCode: d.groupCode }, asOf);
  },
);
