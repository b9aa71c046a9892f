import type { z } from 'zod';

/**
 * Typed errors. Each maps to one status and error code of `docs/api.md` and says whether a retry could
 * succeed; the http stack turns them into `{"error": {code, message, details}}`, the queue stack
 * into a batch item failure.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly retryable = false,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A field-level problem reported to the client in `details`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** zod issues as `{path, message}` pairs, the `details` of a 400. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
}

export class InvalidInputError extends AppError {
  constructor(message: string, details?: FieldIssue[]) {
    super(400, 'INVALID_INPUT', message, details);
  }
}

/** A body that is well formed but names something unknown or impossible, in one field. */
export function invalidBody(path: string, message: string): InvalidInputError {
  return new InvalidInputError('The body is not valid.', [{ path, message }]);
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in first.') {
    super(401, 'UNAUTHORIZED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Your role may not do this.') {
    super(403, 'FORBIDDEN', message);
  }
}

/** Also answered for anything outside the caller's scope, so existence does not leak. */
export class NotFoundError extends AppError {
  constructor(message = 'Not found.') {
    super(404, 'NOT_FOUND', message);
  }
}

/** The request conflicts with the current state (e.g. a stale version or a refused transition). */
export class ConflictError extends AppError {
  constructor(message: string, code = 'CONFLICT', details?: unknown) {
    super(409, code, message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${limitBytes} bytes.`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(mediaType = 'application/json') {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as ${mediaType}.`);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'TOO_MANY_REQUESTS', `Too many requests; try again in ${retryAfterSeconds} s.`, undefined, true);
  }
}

/**
 * Something the request names is on its way but not here yet (e.g. a deputy imported seconds ago,
 * whose events have not reached this service): 503 with `Retry-After`, safe to send again as is.
 */
export class NotYetAvailableError extends AppError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
    details?: FieldIssue[],
  ) {
    super(503, code, message, details, true);
  }
}

/** A dependency failed in a way that may pass on retry (throttling, a timeout). */
export class TransientError extends AppError {
  constructor(message: string) {
    super(503, 'SERVICE_UNAVAILABLE', message, undefined, true);
  }
}
