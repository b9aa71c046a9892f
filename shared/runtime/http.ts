import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { parse as parseCsvSync } from 'csv-parse/sync';
import type { z } from 'zod';
import { authenticate, type AuthenticationChecks } from '../auth/authorize.ts';
import type { RevocationView } from '../auth/revocations.ts';
import type { Caller, Role } from '../auth/caller.ts';
import type { BusinessMetric } from './business-metrics.ts';
import { CITIZEN_INVALID_INPUT, citizenErrorMap } from './citizen-errors.ts';
import { CORS } from './cors.ts';
import {
  AppError,
  fieldIssues,
  InvalidInputError,
  NotYetAvailableError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnsupportedMediaTypeError,
} from './errors.ts';
import type { FigureRecorder } from './metrics.ts';
import { annotateFlow, traced } from './tracing.ts';
import { clientAddress } from './client-address.ts';

/** Features no Minqing page or API response needs. */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/** Default limit on request bodies; a route may set its own (API Gateway's own cap is 10 MB). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** What a route's use case sees: validated input and the request's identity. */
export interface HttpRequest<B, Q, P, C = Caller | undefined> {
  /** The verified caller on routes with `roles`; undefined on public routes. */
  caller: C;
  body: B;
  query: Q;
  params: P;
  headers: Record<string, string | undefined>;
  requestId: string;
  sourceIp: string;
  event: APIGatewayProxyEventV2;
}

/** What a route returns: a status and a JSON body, or a raw body with its content type. */
export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send `body` (a string) as is with this content type instead of JSON. */
  contentType?: string;
  /** `Set-Cookie` values. */
  cookies?: string[];
}

export interface HttpRouteOptions<BS extends z.ZodType, QS extends z.ZodType, PS extends z.ZodType, R extends readonly Role[] | undefined> {
  logger: Logger;
  /** Roles admitted to the route (401 without a valid token, 403 for other roles); omit for public routes. */
  roles?: R;
  body?: BS;
  query?: QS;
  params?: PS;
  maxBodyBytes?: number;
  /** `csv`: the body is `text/csv` with a header row, parsed into records before `body` validates them. */
  bodyType?: 'json' | 'csv';
  /** `citizen`: a public route whose errors a citizen page shows — field messages in Chinese (zh-CN). */
  audience?: 'staff' | 'citizen';
  /** The service's revocation view (`deps.http` carries it): tokens issued before a revocation are refused. */
  revocations?: RevocationView;
  /** Admit a token that must change its password first (only the routes that set it, sign out, `/v1/me`). */
  allowPasswordChange?: boolean;
  /** The service's business figures (`deps.http` carries them). */
  figures?: FigureRecorder;
  /** The figure every refused request (4xx) of this route counts, by error code: intake's refused messages. */
  refusedAs?: BusinessMetric;
}

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

/**
 * The middy stack every HTTP route uses: header normalisation, body size and content-type guards
 * (413/415), JSON parsing, zod validation (400 with the failing fields), typed errors → the status
 * codes of `docs/api.md`, request id, CORS and security headers. The use case never sees raw input.
 */
export function httpHandler<
  BS extends z.ZodType = z.ZodUndefined,
  QS extends z.ZodType = z.ZodType<Record<string, string | undefined>>,
  PS extends z.ZodType = z.ZodType<Record<string, string | undefined>>,
  const R extends readonly Role[] | undefined = undefined,
>(
  options: HttpRouteOptions<BS, QS, PS, R>,
  useCase: (request: HttpRequest<z.output<BS>, z.output<QS>, z.output<PS>, R extends readonly Role[] ? Caller : undefined>) => Promise<HttpResult>,
) {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const audience = options.audience ?? 'staff';
  const core = async (event: Event, context: Context): Promise<Result> => {
    annotateFlow(requestIdOf(event, context));
    const caller = (context as CallerContext).caller;
    const rawBody = (event as { body?: unknown }).body;
    const parsedBody = options.body ? validate(options.body, options.bodyType === 'csv' ? parseCsv(String(rawBody)) : rawBody, 'body', audience) : undefined;
    const query = options.query ? validate(options.query, event.queryStringParameters ?? {}, 'query', audience) : (event.queryStringParameters ?? {});
    const params = options.params ? validate(options.params, event.pathParameters ?? {}, 'path', audience) : (event.pathParameters ?? {});
    const result = await useCase({
      caller: caller as R extends readonly Role[] ? Caller : undefined,
      body: parsedBody as z.output<BS>,
      query: query as z.output<QS>,
      params: params as z.output<PS>,
      headers: event.headers ?? {},
      requestId: requestIdOf(event, context),
      sourceIp: clientAddress(event.headers ?? {}, event.requestContext?.http?.sourceIp),
      event,
    });
    return toResponse(result);
  };

  const handler = middy<Event, Result>()
    .use(traced())
    .use(injectLambdaContext(options.logger, { resetKeys: true }))
    .use(httpCors({ origin: CORS.allowOrigin, headers: CORS.allowHeaders.join(','), exposeHeaders: CORS.exposeHeaders.join(',') }))
    .use(httpSecurityHeaders({ contentSecurityPolicy: false, permissionsPolicy: false }))
    .use(apiErrors(options.logger, options.refusedAs && options.figures ? { figures: options.figures, metric: options.refusedAs } : undefined))
    .use(httpHeaderNormalizer())
    .use(authentication(options.roles, { revocations: options.revocations, allowPasswordChange: options.allowPasswordChange }))
    .use(requestGuard(maxBodyBytes, options.body ? (options.bodyType ?? 'json') : undefined));
  if (options.body && options.bodyType !== 'csv') handler.use(httpJsonBodyParser());
  return handler.handler(core);
}

/**
 * Parses input with a zod schema, turning every issue into a field-level 400; for a citizen's
 * request the messages are Chinese.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, where: string, audience: 'staff' | 'citizen' = 'staff'): z.output<S> {
  const parsed = audience === 'citizen' ? schema.safeParse(input, { error: citizenErrorMap }) : schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InvalidInputError(audience === 'citizen' ? CITIZEN_INVALID_INPUT : `The ${where} is not valid.`, fieldIssues(parsed.error));
}

function requestIdOf(event: Event, context: Context): string {
  return event.requestContext?.requestId ?? context.awsRequestId;
}

function toResponse(result: HttpResult): Result {
  const headers: Record<string, string> = { ...result.headers };
  const cookies = result.cookies?.length ? { cookies: result.cookies } : {};
  if (result.body === undefined) return { statusCode: result.status, headers, ...cookies };
  if (result.contentType) {
    headers['content-type'] = result.contentType;
    return { statusCode: result.status, headers, body: String(result.body), ...cookies };
  }
  headers['content-type'] = 'application/json; charset=utf-8';
  return { statusCode: result.status, headers, body: JSON.stringify(result.body), ...cookies };
}

type CallerContext = Context & { caller?: Caller };

/** Authenticates before anything looks at the input, so an anonymous caller learns nothing from validation. */
function authentication(roles: readonly Role[] | undefined, checks: AuthenticationChecks): middy.MiddlewareObj<Event, Result> {
  return {
    before: async (request) => {
      if (!roles) return;
      (request.context as CallerContext).caller = await authenticate(request.event.headers?.authorization, roles, new Date(), undefined, checks);
    },
  };
}

/** Parses CSV text with a header row into records; a malformed file is a 400. */
function parseCsv(text: string): Record<string, string>[] {
  try {
    return parseCsvSync(text, { columns: true, bom: true, trim: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (error) {
    throw new InvalidInputError(`The CSV cannot be read: ${(error as Error).message.slice(0, 200)}`);
  }
}

/** Refuses oversized bodies (413) and, for routes that take a body, any other media type (415). */
function requestGuard(maxBodyBytes: number, expects: 'json' | 'csv' | undefined): middy.MiddlewareObj<Event, Result> {
  return {
    before: (request) => {
      const { body, isBase64Encoded, headers } = request.event;
      if (body !== undefined && body !== null) {
        const size = Buffer.byteLength(body, isBase64Encoded ? 'base64' : 'utf8');
        if (size > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
      }
      const contentType = headers?.['content-type'] ?? '';
      if (expects === 'json') {
        if (!/^application\/(.+\+)?json\s*(;|$)/i.test(contentType)) throw new UnsupportedMediaTypeError();
        if (!body) throw new InvalidInputError('The body is empty; send a JSON object.');
      }
      if (expects === 'csv') {
        if (!/^text\/csv\s*(;|$)/i.test(contentType)) throw new UnsupportedMediaTypeError('text/csv');
        if (!body) throw new InvalidInputError('The body is empty; send a CSV file with a header row.');
      }
    },
  };
}

/**
 * Maps every error to the `{"error": {code, message, details}}` of `docs/api.md`. Unknown errors become a 500
 * with a generic message: no stack trace or internal detail ever reaches a client.
 */
function apiErrors(logger: Logger, refusals?: { figures: FigureRecorder; metric: BusinessMetric }): middy.MiddlewareObj<Event, Result> {
  return {
    onError: (request) => {
      const error = request.error as (Error & { statusCode?: number; expose?: boolean }) | null;
      const requestId = requestIdOf(request.event, request.context);
      let status = 500;
      let code = 'INTERNAL';
      let message = 'Something went wrong on our side; the request was not completed.';
      let details: unknown;
      const headers: Record<string, string> = { 'x-request-id': requestId };
      if (error instanceof AppError) {
        ({ status, code, message, details } = error);
        if (error instanceof TooManyRequestsError || error instanceof NotYetAvailableError) headers['retry-after'] = String(error.retryAfterSeconds);
      } else if (error?.statusCode === 422 || (error?.statusCode === 400 && error.expose)) {
        // @middy/http-json-body-parser: malformed JSON or a forbidden key such as __proto__.
        status = 400;
        code = 'INVALID_JSON';
        message = 'The body is not valid JSON.';
      } else if (error?.statusCode === 415) {
        status = 415;
        code = 'UNSUPPORTED_MEDIA_TYPE';
        message = 'Send the body as application/json.';
      }
      // Something not here yet is an expected answer while the platform catches up, not a failure.
      if (status >= 500 && !(error instanceof NotYetAvailableError))
        logger.error('request failed', { requestId, errorName: error?.name, errorMessage: error?.message });
      else logger.info('request refused', { requestId, status, code });
      if (status < 500) refusals?.figures.count(refusals.metric, { code });
      request.response = {
        statusCode: status,
        headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ error: details === undefined ? { code, message } : { code, message, details } }),
      };
    },
    after: (request) => {
      request.response = {
        ...request.response,
        headers: {
          ...request.response?.headers,
          'x-request-id': requestIdOf(request.event, request.context),
          // middy's default list names features browsers no longer know (console noise on every page).
          'permissions-policy': PERMISSIONS_POLICY,
        },
      };
    },
  };
}
