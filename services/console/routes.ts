import { handlerRef, type RouteSpec } from '../../shared/runtime/manifest.ts';
import { CONSOLE_DIST } from './build.ts';

const pages = handlerRef(import.meta.url, './server/console-pages.ts', { copyDir: CONSOLE_DIST });

/**
 * The console's routes, served by the platform on the API's origin (docs/decisions.md): the
 * application at `/console/` and its built assets under it. API Gateway takes no route ending in a
 * slash; the greedy `{path+}` catches `/console/` as well as `/console/assets/…`.
 */
export const consoleRoutes: readonly RouteSpec[] = [
  { method: 'GET', path: '/console', handler: pages },
  { method: 'GET', path: '/console/{path+}', handler: pages },
];
