import { z } from 'zod';
import type { RouteDoc } from '../../shared/api/route-doc.ts';

/** The console's routes (`routes.ts`), documented for the API reference beside the manifest that lists them. */
export const consoleRouteDocs: readonly RouteDoc[] = [
  {
    method: 'GET',
    path: '/console',
    summary: 'The staff console (工作台): the web application deputies, reviewers, units and the admin work in.',
    response: { status: 200, description: 'An HTML page; its screens are addressed after `#`.', mediaType: 'text/html' },
  },
  {
    method: 'GET',
    path: '/console/{path+}',
    summary: "The console's page (`/console/`) and its built scripts and styles (`/console/assets/<file>`), gzipped when the browser accepts it.",
    params: z.object({ 'path+': z.string().describe('Empty for the page, or `assets/<file>`.') }),
    response: { status: 200, description: 'The page, a script or a style sheet.', mediaType: '*/*' },
    errors: [404],
  },
];
