import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  type AppError,
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  TransientError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from '../../shared/runtime/errors.ts';
import { httpHandler, type HttpRequest, type HttpResult } from '../../shared/runtime/http.ts';
import { createLogger } from '../../shared/runtime/logger.ts';

process.env.MINQING_LOG_LEVEL = 'SILENT';
const logger = createLogger('test');

const REQUEST_ID = 'req-0f1e2d';

/** An API Gateway HTTP API (payload 2.0) event, shaped as infra/local/gateway.ts builds it. */
function httpEvent(options: {
  method?: string;
  path?: string;
  routeKey?: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  query?: Record<string, string>;
  params?: Record<string, string>;
  requestId?: string | undefined;
}): APIGatewayProxyEventV2 {
  const method = options.method ?? 'POST';
  const path = options.path ?? '/v1/fixture/notes';
  const routeKey = options.routeKey ?? `${method} ${path}`;
  const headers = options.headers ?? { 'content-type': 'application/json' };
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { host: 'localhost:3000', 'user-agent': 'vitest', ...headers },
    queryStringParameters: options.query,
    pathParameters: options.params,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'requestId' in options ? options.requestId! : REQUEST_ID,
      routeKey,
      stage: '$default',
      time: 'Sat, 01 Mar 2025 08:00:00 GMT',
      timeEpoch: Date.parse('2025-03-01T08:00:00Z'),
    },
    body: options.body,
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}

const context = {
  awsRequestId: 'r-1',
  functionName: 'fixture-route-create-note',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:fixture-route-create-note',
  memoryLimitInMB: '512',
  logGroupName: '/aws/lambda/fixture-route-create-note',
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

const noteBody = z
  .object({
    text: z.string().trim().min(1).max(200),
    kind: z.enum(['plain', 'poison']).default('plain'),
    location: z
      .object({ district: z.string().min(2) })
      .strict()
      .optional(),
  })
  .strict();

async function invoke(handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>, event: APIGatewayProxyEventV2) {
  const response = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  const text = response.body ?? '';
  // Header names as HTTP treats them: case-insensitive (middy's CORS and security headers are Capitalised).
  const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
  const isJson = headers['content-type']?.startsWith('application/json') ?? false;
  return { status: response.statusCode, headers, text, json: isJson && text ? JSON.parse(text) : undefined };
}

/** A POST route taking a note body whose use case records what it was given. */
function noteRoute(
  run: (request: HttpRequest<z.output<typeof noteBody>, unknown, unknown>) => Promise<HttpResult> = async () => ({ status: 201, body: { ok: true } }),
  maxBodyBytes?: number,
) {
  const useCase = vi.fn(run);
  const handler = httpHandler({ logger, body: noteBody, ...(maxBodyBytes ? { maxBodyBytes } : {}) }, useCase);
  return { handler, useCase };
}

const json = (value: unknown) => JSON.stringify(value);

describe('httpHandler: valid requests', () => {
  it('hands the use case the parsed body and the identity of the request', async () => {
    // Prepare
    const { handler, useCase } = noteRoute(async ({ body }) => ({ status: 201, body: { stored: body.text } }));

    // Act
    const response = await invoke(
      handler,
      httpEvent({ headers: { 'Content-Type': 'application/json', 'X-Tracking-Token': 't-1' }, body: json({ text: '  路灯坏了  ' }) }),
    );

    // Assess
    expect(useCase).toHaveBeenCalledOnce();
    const request = useCase.mock.calls[0]![0];
    expect(request.body).toEqual({ text: '路灯坏了', kind: 'plain' });
    expect(request.requestId).toBe(REQUEST_ID);
    expect(request.sourceIp).toBe('203.0.113.7');
    expect(request.headers['x-tracking-token']).toBe('t-1');
    expect(response.status).toBe(201);
    expect(response.json).toEqual({ stored: '路灯坏了' });
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('sets x-request-id to the API Gateway request id on success', async () => {
    const response = await invoke(noteRoute().handler, httpEvent({ body: json({ text: 'hi' }) }));
    expect(response.headers['x-request-id']).toBe(REQUEST_ID);
  });

  it('falls back to the Lambda request id when the event has none', async () => {
    const response = await invoke(noteRoute().handler, httpEvent({ body: json({ text: 'hi' }), requestId: undefined }));
    expect(response.headers['x-request-id']).toBe('r-1');
  });

  it.each([
    ['a success', async () => ({ status: 201, body: {} })],
    ['an error', async () => Promise.reject(new ForbiddenError())],
  ])('adds CORS and security headers to %s', async (_name, run) => {
    const response = await invoke(
      noteRoute(run).handler,
      httpEvent({ headers: { 'content-type': 'application/json', origin: 'https://minqing.example' }, body: json({ text: 'hi' }) }),
    );
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-expose-headers']).toBe('X-Request-Id,Retry-After');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('validates query and path parameters with their schemas', async () => {
    // Prepare
    const useCase = vi.fn(async (_request: HttpRequest<undefined, { limit: number }, { noteId: string }>): Promise<HttpResult> => ({ status: 200, body: {} }));
    const handler = httpHandler({ logger, query: z.object({ limit: z.coerce.number().int().max(50) }), params: z.object({ noteId: z.uuid() }) }, useCase);
    const noteId = '5b7a3f5e-8a34-4b4c-9c55-0f2b0c1f2a10';

    // Act
    const response = await invoke(
      handler,
      httpEvent({ method: 'GET', path: `/v1/fixture/notes/${noteId}`, headers: {}, query: { limit: '20' }, params: { noteId } }),
    );

    // Assess
    expect(response.status).toBe(200);
    expect(useCase.mock.calls[0]![0]).toMatchObject({ query: { limit: 20 }, params: { noteId }, body: undefined });
  });

  it('sends a raw body with its own content type, and no body for a 204', async () => {
    const csv = httpHandler({ logger }, async () => ({ status: 200, body: 'noteId,tally\nn-1,3', contentType: 'text/csv; charset=utf-8' }));
    const empty = httpHandler({ logger }, async () => ({ status: 204, headers: { etag: '"v2"' } }));

    const csvResponse = await invoke(csv, httpEvent({ method: 'GET', headers: {} }));
    const emptyResponse = await invoke(empty, httpEvent({ method: 'DELETE', headers: {} }));

    expect(csvResponse).toMatchObject({ status: 200, text: 'noteId,tally\nn-1,3', headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(emptyResponse.status).toBe(204);
    expect(emptyResponse.text).toBe('');
    expect(emptyResponse.headers).toMatchObject({ etag: '"v2"', 'x-request-id': REQUEST_ID });
  });

  it('does not require a JSON content type on a route without a body', async () => {
    const handler = httpHandler({ logger }, async () => ({ status: 200, body: { ok: true } }));
    const response = await invoke(handler, httpEvent({ method: 'GET', headers: { 'content-type': 'text/plain' }, body: 'ignored' }));
    expect(response.status).toBe(200);
  });
});

describe('httpHandler: invalid input', () => {
  it('answers a zod failure with 400 INVALID_INPUT listing the failing paths, without calling the use case', async () => {
    // Prepare
    const { handler, useCase } = noteRoute();

    // Act
    const response = await invoke(handler, httpEvent({ body: json({ text: '   ', kind: 'other', location: { district: 'x' }, admin: true }) }));

    // Assess
    expect(useCase).not.toHaveBeenCalled();
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('INVALID_INPUT');
    expect(response.json.error.message).toBe('The body is not valid.');
    const paths = response.json.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['(root)', 'kind', 'location.district', 'text']);
    for (const detail of response.json.error.details) expect(typeof detail.message).toBe('string');
    expect(response.headers['x-request-id']).toBe(REQUEST_ID);
  });

  it('names the query parameter that fails', async () => {
    const handler = httpHandler({ logger, query: z.object({ limit: z.coerce.number().int().max(50) }) }, async () => ({ status: 200 }));
    const response = await invoke(handler, httpEvent({ method: 'GET', headers: {}, query: { limit: '500' } }));
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'INVALID_INPUT', message: 'The query is not valid.', details: [{ path: 'limit' }] });
  });

  it.each([
    ['malformed JSON', '{"text": ', 'INVALID_JSON'],
    ['a __proto__ key', '{"__proto__": {"admin": true}, "text": "hi"}', 'INVALID_JSON'],
    ['an empty body', '', 'INVALID_INPUT'],
    ['a JSON array', '[]', 'INVALID_INPUT'],
  ])('answers %s with 400 %s', async (_name, body, code) => {
    const { handler, useCase } = noteRoute();
    const response = await invoke(handler, httpEvent({ body }));
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe(code);
    expect(useCase).not.toHaveBeenCalled();
  });
});

describe('httpHandler: content type', () => {
  it.each([
    ['application/json', 201],
    ['application/json; charset=utf-8', 201],
    ['Application/JSON;charset=UTF-8', 201],
    // requestGuard's /^application\/(.+\+)?json\s*(;|$)/ takes any +json suffix, as does middy's parser.
    ['application/merge-patch+json', 201],
    ['application/vnd.minqing.note+json; charset=utf-8', 201],
    ['text/plain', 415],
    ['text/json', 415],
    ['application/jsonp', 415],
    ['application/json-seq', 415],
    ['application/x-www-form-urlencoded', 415],
    ['', 415],
  ])('content-type "%s" → %i', async (contentType, status) => {
    // Prepare
    const { handler, useCase } = noteRoute();

    // Act
    const response = await invoke(handler, httpEvent({ headers: contentType ? { 'content-type': contentType } : {}, body: json({ text: 'hi' }) }));

    // Assess
    expect(response.status).toBe(status);
    if (status === 415) {
      expect(response.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(useCase).not.toHaveBeenCalled();
    } else {
      expect(useCase).toHaveBeenCalledOnce();
    }
  });

  it('reads the content type whatever the header casing', async () => {
    const { handler } = noteRoute();
    const response = await invoke(handler, httpEvent({ headers: { 'CONTENT-TYPE': 'application/json' }, body: json({ text: 'hi' }) }));
    expect(response.status).toBe(201);
  });
});

describe('httpHandler: body size', () => {
  const LIMIT = 100;
  /** A JSON body of exactly `bytes` UTF-8 bytes. */
  const bodyOf = (bytes: number) => json({ text: 'x'.repeat(bytes - json({ text: '' }).length) });

  it.each([
    [LIMIT - 1, 201],
    [LIMIT, 201],
    [LIMIT + 1, 413],
  ])('a %i-byte body against a limit of 100 → %i', async (bytes, status) => {
    const { handler } = noteRoute(undefined, LIMIT);
    const response = await invoke(handler, httpEvent({ body: bodyOf(bytes) }));
    expect(response.status).toBe(status);
  });

  it('counts UTF-8 bytes, not characters', async () => {
    // Prepare: 30 Chinese characters are 90 bytes, far under 100 characters
    const body = json({ text: '民'.repeat(30) });
    expect(body.length).toBeLessThan(LIMIT);
    const { handler, useCase } = noteRoute(undefined, LIMIT);

    // Act
    const response = await invoke(handler, httpEvent({ body }));

    // Assess
    expect(response.status).toBe(413);
    expect(response.json.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The body is larger than 100 bytes.' });
    expect(useCase).not.toHaveBeenCalled();
  });

  it('uses 64 KB by default', async () => {
    const { handler } = noteRoute();
    const response = await invoke(handler, httpEvent({ body: bodyOf(64 * 1024 + 1) }));
    expect(response.status).toBe(413);
  });

  it('counts the decoded size of a base64 body and parses its JSON', async () => {
    // Prepare: 90 bytes of JSON are 120 base64 characters — over the limit as text, under it decoded.
    const body = bodyOf(90);
    const base64 = Buffer.from(body).toString('base64');
    expect(base64.length).toBeGreaterThan(LIMIT);
    const { handler, useCase } = noteRoute(undefined, LIMIT);

    // Act
    const response = await invoke(handler, httpEvent({ body: base64, isBase64Encoded: true }));

    // Assess
    expect(response.status).toBe(201);
    expect(useCase.mock.calls[0]![0].body).toEqual({ text: JSON.parse(body).text, kind: 'plain' });
  });

  it.each([
    [LIMIT - 1, 201], // 99 % 3 = 0: no padding
    [LIMIT, 201], // 100 % 3 = 1: "==" padding
    [LIMIT - 2, 201], // 98 % 3 = 2: "=" padding
    [LIMIT + 1, 413],
  ])('a base64 body of %i decoded bytes against a limit of 100 → %i', async (bytes, status) => {
    const { handler } = noteRoute(undefined, LIMIT);
    const response = await invoke(handler, httpEvent({ body: Buffer.from(bodyOf(bytes)).toString('base64'), isBase64Encoded: true }));
    expect(response.status).toBe(status);
  });
});

describe('httpHandler: errors', () => {
  it.each<[string, number, string, () => AppError]>([
    ['InvalidInputError', 400, 'INVALID_INPUT', () => new InvalidInputError('The station code is unknown.', [{ path: 'code', message: 'unknown' }])],
    ['UnauthorizedError', 401, 'UNAUTHORIZED', () => new UnauthorizedError()],
    ['ForbiddenError', 403, 'FORBIDDEN', () => new ForbiddenError()],
    ['NotFoundError', 404, 'NOT_FOUND', () => new NotFoundError()],
    ['ConflictError', 409, 'CONFLICT', () => new ConflictError('The message was already answered.')],
    ['ConflictError with its own code', 409, 'VERSION_MISMATCH', () => new ConflictError('Stale version.', 'VERSION_MISMATCH', { current: 3 })],
    ['PayloadTooLargeError', 413, 'PAYLOAD_TOO_LARGE', () => new PayloadTooLargeError(10)],
    ['UnsupportedMediaTypeError', 415, 'UNSUPPORTED_MEDIA_TYPE', () => new UnsupportedMediaTypeError()],
    ['TooManyRequestsError', 429, 'TOO_MANY_REQUESTS', () => new TooManyRequestsError(30)],
    ['TransientError', 503, 'SERVICE_UNAVAILABLE', () => new TransientError('The table is throttled.')],
  ])('maps %s to %i %s with its message and details', async (_name, status, code, make) => {
    // Prepare
    const error = make();
    const { handler } = noteRoute(async () => {
      throw error;
    });

    // Act
    const response = await invoke(handler, httpEvent({ body: json({ text: 'hi' }) }));

    // Assess
    expect(response.status).toBe(status);
    const expected = error.details === undefined ? { code, message: error.message } : { code, message: error.message, details: error.details };
    expect(response.json).toEqual({ error: expected });
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['x-request-id']).toBe(REQUEST_ID);
  });

  it('sets retry-after on 429', async () => {
    const { handler } = noteRoute(async () => {
      throw new TooManyRequestsError(30);
    });
    const response = await invoke(handler, httpEvent({ body: json({ text: 'hi' }) }));
    expect(response.headers['retry-after']).toBe('30');
  });

  it('sets no retry-after on other errors', async () => {
    const { handler } = noteRoute(async () => {
      throw new TransientError('busy');
    });
    const response = await invoke(handler, httpEvent({ body: json({ text: 'hi' }) }));
    expect(response.headers['retry-after']).toBeUndefined();
  });

  it('answers an unexpected error with a generic 500 INTERNAL: no stack, no internal message', async () => {
    // Prepare
    const secret = 'ConditionalCheckFailed on table minqing-demo-fixture pk=note#13800000000';
    const { handler } = noteRoute(async () => {
      throw new TypeError(secret);
    });
    const logged = vi.spyOn(logger, 'error');

    // Act
    const response = await invoke(handler, httpEvent({ body: json({ text: 'hi' }) }));

    // Assess
    expect(response.status).toBe(500);
    expect(response.json).toEqual({ error: { code: 'INTERNAL', message: 'Something went wrong on our side; the request was not completed.' } });
    expect(response.text).not.toContain('13800000000');
    expect(response.text).not.toContain('TypeError');
    expect(response.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(response.headers['x-request-id']).toBe(REQUEST_ID);
    // The operator still gets the cause, in the log.
    expect(logged).toHaveBeenCalledWith('request failed', expect.objectContaining({ requestId: REQUEST_ID, errorName: 'TypeError', errorMessage: secret }));
    logged.mockRestore();
  });

  it('answers a thrown non-Error value with a 500 too', async () => {
    const { handler } = noteRoute(async () => {
      throw 'plain string';
    });
    const response = await invoke(handler, httpEvent({ body: json({ text: 'hi' }) }));
    expect(response.status).toBe(500);
    expect(response.json.error.code).toBe('INTERNAL');
    expect(response.text).not.toContain('plain string');
  });
});
