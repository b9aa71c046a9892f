import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * Serves the built console (services/console/dist): `/console/` is the application, whose screens
 * are addressed after `#`, and `/console/assets/<file>` its hashed scripts and styles. In Lambda the
 * stack copies the built folder beside the bundle as `web/`.
 */
const distDir = [new URL('./web/', import.meta.url), new URL('../dist/', import.meta.url)].map((url) => fileURLToPath(url)).find((dir) => existsSync(dir));

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  json: 'application/json; charset=utf-8',
  woff2: 'font/woff2',
  png: 'image/png',
};

/**
 * The console talks only to its own origin. Element Plus and ECharts set inline styles on elements,
 * hence `style-src 'unsafe-inline'`; no script runs that is not a file of the build.
 */
export const CONSOLE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

interface Served {
  body: Buffer;
  gzipped: Buffer;
  contentType: string;
}
const cache = new Map<string, Served>();

function load(relative: string): Served | undefined {
  const cached = cache.get(relative);
  if (cached) return cached;
  const contentType = TYPES[relative.split('.').pop() ?? ''];
  if (!distDir || !contentType) return undefined;
  const path = `${distDir}${relative}`;
  if (!existsSync(path)) return undefined;
  const body = readFileSync(path);
  const served = { body, gzipped: gzipSync(body, { level: 9 }), contentType };
  cache.set(relative, served);
  return served;
}

/**
 * The file a request path names, or undefined: the page (at `/console/`, also `/console`, since its
 * assets are addressed absolutely) and `assets/<name>.<ext>`.
 */
export function consoleFile(path: string): string | undefined {
  if (path === '/console' || path === '/console/') return 'index.html';
  const asset = /^\/console\/assets\/([A-Za-z0-9_.-]+\.[a-z0-9]+)$/.exec(path);
  return asset && !asset[1]!.includes('..') ? `assets/${asset[1]}` : undefined;
}

/** GET /console and GET /console/{path+}: the console's files, gzipped when the browser accepts it. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const relative = consoleFile(event.rawPath);
  const file = relative ? load(relative) : undefined;
  if (!file) {
    return {
      statusCode: 404,
      headers: { 'content-type': 'application/json; charset=utf-8', ...CONSOLE_SECURITY_HEADERS },
      body: JSON.stringify({ error: { code: 'NOT_FOUND', message: 'No such file.' } }),
    };
  }
  // Hashed assets never change; the page itself is checked on every visit so a new build is picked up.
  const caching = relative === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable';
  const gzip = /\bgzip\b/.test(event.headers?.['accept-encoding'] ?? '');
  return {
    statusCode: 200,
    headers: {
      'content-type': file.contentType,
      'cache-control': caching,
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      ...CONSOLE_SECURITY_HEADERS,
    },
    body: (gzip ? file.gzipped : file.body).toString('base64'),
    isBase64Encoded: true,
  };
}
