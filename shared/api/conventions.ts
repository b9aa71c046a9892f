/**
 * The conventions every route follows, in Markdown: the head of the OpenAPI document's
 * description and of `docs/api.md`. They are what `shared/runtime/http.ts` and
 * `shared/runtime/errors.ts` do; change them together.
 */
export const API_CONVENTIONS = `Every client — the citizen pages, the staff console, other agencies — relies on these paths,
fields and codes. Extend freely (new optional fields, new routes); do not break what is written here.

## Conventions

- **JSON** in and out (UTF-8). Times are ISO-8601 with offset, dates \`YYYY-MM-DD\` in the city's
  calendar, ids opaque strings. A body is at most 64 KiB unless a route says otherwise.
- **Authentication**: \`Authorization: Bearer <accessToken>\`, the token from \`POST /v1/auth/login\`
  (an ES256 JWT; the key that verifies it is at \`GET /.well-known/jwks.json\`). Public routes need none.
- **Roles**: \`deputy\`, \`township_reviewer\` (scope: one township), \`city_reviewer\`,
  \`unit_handler\` (scope: one unit), \`admin\`. A route admits some roles (401 without a valid
  token, 403 for other roles); the use case then checks the caller's scope, and anything outside it
  answers 404 exactly as if it did not exist.
- **Errors**: a 4xx or 5xx status with \`{"error": {"code": "SNAKE_CASE", "message": "...", "details": ...}}\`;
  \`details\` is present only where it helps (the failing fields of a 400). Never a stack trace.
- **Lists**: \`{"items": [...], "nextCursor": "..." | null}\`. Paged lists take \`?limit=\` (1–200,
  default 50) and \`?cursor=\` (the previous page's \`nextCursor\`); a list answered whole has
  \`nextCursor: null\`.
- **Idempotency**: writes that create something (\`POST /v1/messages\`, \`POST /v1/activities\`,
  \`POST /v1/bulletins\`) accept an optional \`Idempotency-Key\` header (8–128 characters of
  \`A–Z a–z 0–9 _ - : .\`): the same key and body return the same result and create nothing twice.
- Every response carries \`X-Request-Id\`; a 429 or a \`DEPUTY_SYNCING\` 503 carries \`Retry-After\` (seconds).

| status | code | when |
| --- | --- | --- |
| 400 | \`INVALID_INPUT\` | a parameter, header or body field is not valid; \`details\` lists \`{path, message}\` per field |
| 400 | \`INVALID_JSON\` | the body is not valid JSON |
| 401 | \`UNAUTHORIZED\` | no token, or an expired, tampered or foreign one |
| 403 | \`FORBIDDEN\` | signed in, but the route does not admit the caller's role |
| 404 | \`NOT_FOUND\` | nothing there, or outside the caller's scope |
| 409 | \`INVALID_STATE\`, \`INVALID_TRANSITION\` | the request conflicts with where the message or case stands (e.g. rating a message not yet answered) |
| 409 | \`VERSION_CONFLICT\`, \`IDEMPOTENCY_KEY_REUSED\` | a concurrent change won (retry), or the key was used with another body |
| 409 | \`RECORD_FULL\` | a reply or case note would take the message or case past the text it can hold (\`details\`: \`{bytes, budget}\`); a closing reply or a resolution has a fifth more room |
| 413 | \`PAYLOAD_TOO_LARGE\` | the body is larger than the route takes |
| 415 | \`UNSUPPORTED_MEDIA_TYPE\` | the body is not \`application/json\` (\`text/csv\` on imports) |
| 429 | \`TOO_MANY_REQUESTS\` | throttled; retry after \`Retry-After\` seconds |
| 500 | \`INTERNAL\` | our fault; nothing was done |
| 503 | \`SERVICE_UNAVAILABLE\` | a dependency failed in a way a retry may get past |
| 503 | \`DEPUTY_SYNCING\` | a deputy imported seconds ago has not reached this service yet; retry after \`Retry-After\` seconds |
`;

/** The error codes each status may carry (the table above), for every operation's error responses. */
export const ERROR_CODES: Readonly<Record<number, readonly string[]>> = {
  400: ['INVALID_INPUT', 'INVALID_JSON'],
  401: ['UNAUTHORIZED'],
  403: ['FORBIDDEN'],
  404: ['NOT_FOUND'],
  409: ['INVALID_STATE', 'INVALID_TRANSITION', 'VERSION_CONFLICT', 'IDEMPOTENCY_KEY_REUSED', 'RECORD_FULL'],
  413: ['PAYLOAD_TOO_LARGE'],
  415: ['UNSUPPORTED_MEDIA_TYPE'],
  429: ['TOO_MANY_REQUESTS'],
  503: ['SERVICE_UNAVAILABLE', 'DEPUTY_SYNCING'],
};
