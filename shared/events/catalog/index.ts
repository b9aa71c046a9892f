import type { EventContract } from '../envelope.ts';
import { caseRoutingEvents } from '../case-routing/index.ts';
import { identityEvents } from '../identity/index.ts';
import { messagingEvents } from '../messaging/index.ts';
import { notificationsEvents } from '../notifications/index.ts';
import { participationEvents } from '../participation/index.ts';
import { scoringEvents } from '../scoring/index.ts';

/**
 * Every public event contract of the platform, by producer. Each producer's contracts live in
 * `shared/events/<producer>/`; add them here so the catalog in `docs/events/` lists them.
 */
export const publicContracts: readonly EventContract[] = [
  ...identityEvents,
  ...messagingEvents,
  ...caseRoutingEvents,
  ...scoringEvents,
  ...notificationsEvents,
  ...participationEvents,
];
