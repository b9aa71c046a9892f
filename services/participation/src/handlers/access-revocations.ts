import { accessRevocationsHandler } from '../../../../shared/runtime/access-revocations.ts';
import { deps } from './deps.ts';

/** The participation service's view of revoked access, read by its http stack. */
export const handler = accessRevocationsHandler(deps);
