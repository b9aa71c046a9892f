import { causedBy, type EventMetadata } from '../../../../shared/events/envelope.ts';
import { DIRECTORY_EVENTS } from '../subscribed-events.ts';
import type { ReassignReason } from '../domain/reassignment.ts';
import { reassignOpenMessages } from '../use-cases/reassign-messages.ts';
import { city, deps, directory, messages, queue } from './deps.ts';

/**
 * Keeps messaging's own view of deputies and stations from identity's events; a deputy leaving
 * office (term ended, account disabled) hands their open messages on.
 */
export const handler = queue(
  {
    subscription: 'directory',
    contracts: DIRECTORY_EVENTS,
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
        await handOn(event.data.deputyCode, 'term_ended', event.metadata);
        return;
      case 'AccountChanged': {
        const d = event.data;
        if (d.role !== 'deputy' || !d.scope.deputyCode || (d.change !== 'disabled' && d.change !== 'enabled')) return;
        await directory.setDisabled(d.scope.deputyCode, d.change === 'disabled', asOf);
        if (d.change === 'disabled') await handOn(d.scope.deputyCode, 'deputy_disabled', event.metadata);
        return;
      }
      case 'StationRegistered': {
        const s = event.data;
        await directory.recordStation({ code: s.stationCode, name: s.name, townshipCode: s.townshipCode }, asOf);
        return;
      }
    }
  },
);

async function handOn(deputyCode: string, reason: ReassignReason, metadata: EventMetadata): Promise<void> {
  const moved = await reassignOpenMessages(
    { messages, directory, city: city.name, sla: city.sla },
    { deputyCode, reason },
    { now: deps.now(), cause: causedBy(metadata) },
  );
  if (moved.toDeputies + moved.toQueue > 0) deps.logger.info('open messages reassigned', { deputyCode, reason, ...moved });
}
