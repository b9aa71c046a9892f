/**
 * The API's CORS answer, one definition for the handlers (middy), the local gateway's preflights
 * and the HTTP API in AWS (whose preflights never reach a function). Any origin: the API is
 * token-authenticated (no cookies), and citizens' pages may be served from another host.
 */
export const CORS = {
  allowOrigin: '*',
  allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Tracking-Token'],
  exposeHeaders: ['X-Request-Id', 'Retry-After'],
  maxAgeSeconds: 600,
} as const;
