import { createLogger } from '../shared/runtime/logger.ts';
import { httpHandler } from '../shared/runtime/http.ts';
import { apiDocument } from './api.ts';

/** Built once per cold start: the document depends on the code only. */
const document = apiDocument();

/**
 * GET /v1/openapi.json (public): the API reference of every service. Declared in identity's
 * manifest (identity already serves the platform's public descriptions, such as its JWKS), but it
 * imports no service's internals: only the `api.ts` of each.
 */
export const handler = httpHandler({ logger: createLogger('identity') }, async () => ({
  status: 200,
  body: document,
  headers: { 'cache-control': 'public, max-age=300' },
}));
