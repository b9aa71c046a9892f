import type { z } from 'zod';
import type { Role } from '../auth/caller.ts';
import type { HttpMethod } from '../runtime/manifest.ts';

/**
 * Statuses a use case may answer besides those the http stack itself answers (400 on invalid
 * input, 401/403 on routes with roles, 413/415 on routes with a body, 500).
 */
export type UseCaseErrorStatus = 401 | 404 | 409 | 429 | 503;

/** The documentation of one manifest route, built from the zod schemas its handler validates with. */
export interface RouteDoc {
  readonly method: HttpMethod;
  /** As in the manifest: `/v1/stations/{code}`. */
  readonly path: string;
  /** One line: what the route does. */
  readonly summary: string;
  readonly description?: string;
  /** The roles the handler admits (401 without a token, 403 for others); omitted on public routes. */
  readonly roles?: readonly Role[];
  /** Who may call it, in words, where scope narrows the roles (`reviewers in scope`) or a token other than sign-in opens it. */
  readonly who?: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** Request headers the route reads (`Idempotency-Key`, `X-Tracking-Token`). */
  readonly headers?: z.ZodObject;
  readonly body?: { readonly schema: z.ZodType; readonly mediaType?: 'application/json' | 'text/csv' };
  readonly response: {
    readonly status: number;
    readonly description: string;
    /** JSON body; absent for raw bodies (`mediaType`). */
    readonly schema?: z.ZodType;
    /** A raw body's media type (`image/svg+xml`, `text/html`) instead of JSON. */
    readonly mediaType?: string;
    /** Another media type the route answers on request (`?format=csv`). */
    readonly alsoAs?: string;
  };
  readonly errors?: readonly UseCaseErrorStatus[];
}

/** A service's HTTP API: its manifest routes, documented (`services/<name>/src/api.ts`). */
export interface ServiceApi {
  /** The manifest's name. */
  readonly service: string;
  readonly description: string;
  readonly routes: readonly RouteDoc[];
}

/**
 * The documentation of `GET path`, a public HTML page served as a static file (messaging's and
 * participation's citizen pages). The page is answered whatever its code: the page itself looks
 * the code up through the API and says so when there is nothing behind it, so no 404 is
 * documented. `params` is the schema the page's handler validates its path with.
 */
export function htmlPage(path: string, summary: string, params: z.ZodObject): RouteDoc {
  return { method: 'GET', path, summary, params, response: { status: 200, description: 'An HTML page.', mediaType: 'text/html' } };
}
