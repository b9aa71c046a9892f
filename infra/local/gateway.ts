import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LocalLambdaRuntime } from './lambda-runtime.ts';
import type { LambdaLogger } from './platform-log.ts';
import { matchRoute, type CompiledRoute } from './routes.ts';
import { CORS } from '../../shared/runtime/cors.ts';

/** API Gateway HTTP APIs refuse payloads above 10 MB; handlers set their own, smaller limits. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A route served by the platform itself (health, operator endpoints), not by a service. */
export type PlatformRoute = (req: IncomingMessage, url: URL) => Promise<{ status: number; body: unknown; headers?: Record<string, string> } | undefined>;

export interface GatewayOptions {
  port: number;
  host: string;
  routes: readonly CompiledRoute[];
  runtime: LocalLambdaRuntime;
  log: LambdaLogger;
  platformRoutes: PlatformRoute;
  /** Hears of every request routed to a service, with its body size (what API Gateway bills). */
  onRequest?: (route: CompiledRoute, bytes: number) => void;
}

const TEXT_TYPES = /^(application\/(json|x-www-form-urlencoded|xml|javascript|[^;]+\+json)|text\/)/i;

/**
 * API Gateway (HTTP API, payload format 2.0) in process: matches the manifests' routes, turns each
 * request into the v2 event the deployed handlers receive, and writes their result back.
 */
export async function startGateway(options: GatewayOptions): Promise<{ server: Server; url: string; inFlight: () => number }> {
  let inFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
    handle(options, req, res).catch((error: unknown) => {
      options.log.error('gateway', 'request failed', error);
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'Something went wrong on our side.');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`, inFlight: () => inFlight };
}

async function handle(options: GatewayOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway.local');
  const method = (req.method ?? 'GET').toUpperCase();

  const own = await options.platformRoutes(req, url);
  if (own) {
    res.writeHead(own.status, { 'content-type': 'application/json; charset=utf-8', ...own.headers });
    res.end(JSON.stringify(own.body));
    return;
  }

  const match = matchRoute(options.routes, method, url.pathname);
  if (match.kind === 'none') {
    req.resume();
    return sendError(res, 404, 'NOT_FOUND', `No route for ${method} ${url.pathname}.`);
  }
  if (match.kind === 'wrong-method') {
    req.resume();
    if (method === 'OPTIONS') return sendPreflight(res, match.allowed);
    return sendError(res, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here.`, { allow: match.allowed.join(', ') });
  }

  const body = await readBody(req, GATEWAY_MAX_BODY_BYTES);
  if (body === 'too-large') return sendError(res, 413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${GATEWAY_MAX_BODY_BYTES} bytes.`);

  options.onRequest?.(match.route, body.length);
  const event = toEventV2(req, url, method, match.route, match.params, body);
  const started = Date.now();
  const result = (await options.runtime.invoke(match.route.functionName, match.route.handler, event)) as APIGatewayProxyStructuredResultV2 | string | undefined;
  writeResult(res, result);
  options.log.info('gateway', 'request', { route: event.routeKey, status: res.statusCode, ms: Date.now() - started });
}

function toEventV2(req: IncomingMessage, url: URL, method: string, route: CompiledRoute, params: Record<string, string>, body: Buffer): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const textual = TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: cookies.length > 0 ? cookies : undefined,
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    pathParameters: route.paramNames.length > 0 ? params : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: clientAddress(req, headers),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length > 0 ? (textual ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !textual,
  };
}

/**
 * The caller's address as API Gateway reports it (`requestContext.http.sourceIp`). A client on
 * loopback may name the address it stands for with X-Forwarded-For, as a proxy would: this is how
 * tests and the intake benchmark play many citizens from one machine.
 */
function clientAddress(req: IncomingMessage, headers: Record<string, string>): string {
  const direct = req.socket.remoteAddress ?? '127.0.0.1';
  const loopback = direct === '::1' || direct.startsWith('127.') || direct === '::ffff:127.0.0.1';
  const forwarded = headers['x-forwarded-for']?.split(',')[0]?.trim();
  return loopback && forwarded ? forwarded : direct;
}

function writeResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string | undefined): void {
  // Payload format 2.0: a result without statusCode is taken as a 200 JSON body.
  if (result === undefined || typeof result === 'string' || typeof result.statusCode !== 'number') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(typeof result === 'string' ? result : JSON.stringify(result ?? null));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode, headers);
  res.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Writes the error body of `docs/api.md`. */
export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify({ error: { code, message } }));
}

function sendPreflight(res: ServerResponse, allowed: string[]): void {
  res.writeHead(204, {
    'access-control-allow-origin': CORS.allowOrigin,
    'access-control-allow-methods': allowed.join(','),
    'access-control-allow-headers': CORS.allowHeaders.join(','),
    'access-control-max-age': String(CORS.maxAgeSeconds),
  });
  res.end();
}
