import { buildOpenApiDocument, type OpenApiDocument } from '../shared/api/openapi.ts';
import type { ServiceApi } from '../shared/api/route-doc.ts';
import { consoleRouteDocs } from './console/api.ts';
import { caseRoutingApi } from './case-routing/src/api.ts';
import { identityApi } from './identity/src/api.ts';
import { messagingApi } from './messaging/src/api.ts';
import { notificationsApi } from './notifications/src/api.ts';
import { participationApi } from './participation/src/api.ts';
import { scoringApi } from './scoring/src/api.ts';
import { statisticsApi } from './statistics/src/api.ts';

/**
 * The documented HTTP API of every service of a city stack, in the order of `manifests.ts` (a test
 * checks that both list the same routes). Imports only each service's schemas and views, never
 * its handlers or adapters, so the route that serves the document stays small.
 */
export const serviceApis: readonly ServiceApi[] = [
  identityApi,
  // The console's pages, served by the messaging stack (see manifests.ts).
  { ...messagingApi, routes: [...messagingApi.routes, ...consoleRouteDocs] },
  caseRoutingApi,
  scoringApi,
  notificationsApi,
  statisticsApi,
  participationApi,
];

/** The platform's OpenAPI 3.1 document: served at `GET /v1/openapi.json`, rendered to `docs/api.md`. */
export function apiDocument(): OpenApiDocument {
  return buildOpenApiDocument(serviceApis, { title: 'Minqing (民情直通) HTTP API', version: '1' });
}
