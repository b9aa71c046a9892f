import type { ServiceManifest } from '../shared/runtime/manifest.ts';
import { consoleRoutes } from './console/routes.ts';
import { caseRoutingService } from './case-routing/src/service.ts';
import { identityService } from './identity/src/service.ts';
import { messagingService } from './messaging/src/service.ts';
import { notificationsService } from './notifications/src/service.ts';
import { participationService } from './participation/src/service.ts';
import { scoringService } from './scoring/src/service.ts';
import { statisticsService } from './statistics/src/service.ts';

/**
 * Every service of a city stack. The CDK app and the local platform both build from this list,
 * so a service exists in both or in neither.
 */
export const services: readonly ServiceManifest[] = [
  identityService,
  servedWithConsole(messagingService),
  caseRoutingService,
  scoringService,
  notificationsService,
  statisticsService,
  participationService,
];

/**
 * The staff console is no service of its own: its pages are served by the messaging stack, beside
 * the citizen pages and on the API's origin. Composed here, so messaging's manifest never imports
 * the console that sits above it.
 */
export function servedWithConsole(service: ServiceManifest): ServiceManifest {
  return { ...service, routes: [...service.routes, ...consoleRoutes] };
}
