import { ACCESS_REVOCATIONS_SUBSCRIPTION, REVOKING_EVENTS, revocationView } from '../auth/revocations.ts';
import { queueHandler } from './queue.ts';
import type { ServiceDeps } from './service-deps.ts';

/**
 * The consumer of {@link REVOKING_EVENTS} every service has (`handlers/access-revocations.ts`):
 * writes the revocation into the service's own table, where its http stack reads it.
 */
export function accessRevocationsHandler(deps: ServiceDeps) {
  const view = revocationView(deps);
  return queueHandler(
    {
      logger: deps.logger,
      subscription: ACCESS_REVOCATIONS_SUBSCRIPTION,
      contracts: REVOKING_EVENTS,
      idempotency: { client: deps.rawClient, tableName: deps.tableName },
    },
    async (event) => {
      if (event.detailType === 'DeputyTermEnded') {
        // Nothing is issued to the disabled account after: the second it ended in is revoked too.
        return view.record(event.data.deputyCode, Math.ceil(Date.parse(event.metadata.occurredAt) / 1000));
      }
      return view.record(event.data.username, Math.floor(Date.parse(event.data.revokedBefore) / 1000));
    },
  );
}
