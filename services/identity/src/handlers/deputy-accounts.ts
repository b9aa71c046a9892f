import { DeputyRegistered, DeputyTermEnded } from '../../../../shared/events/identity/index.ts';
import { createDeputyAccount, endDeputyAccess } from '../use-cases/accounts.ts';
import { accountPorts, queue } from './deps.ts';

/** Who the directory's own changes to accounts are recorded as. */
const DIRECTORY = 'directory';

/**
 * Every deputy in the directory has an account: a registered deputy gets a `pending` one
 * (username = deputy code), an ended term disables it at once. Driven by identity's own events, so
 * every way a deputy enters or leaves the directory (an import job, a seed) counts the same.
 */
export const handler = queue(
  {
    subscription: 'deputy-accounts',
    contracts: [DeputyRegistered, DeputyTermEnded] as const,
  },
  async (event) => {
    const at = new Date(event.metadata.occurredAt);
    if (event.detailType === 'DeputyTermEnded') return endDeputyAccess(accountPorts, DIRECTORY, event.data.deputyCode, at);
    await createDeputyAccount(accountPorts, DIRECTORY, { code: event.data.deputyCode, name: event.data.name }, at);
  },
);
