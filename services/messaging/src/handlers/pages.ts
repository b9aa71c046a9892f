import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { httpHandler } from '../../../../shared/runtime/http.ts';
import { deps } from './deps.ts';
import { pageParams } from './schemas.ts';

/**
 * The citizen pages are plain static files (services/messaging/web): this handler serves them on
 * the same origin as the API, locally and in Lambda (the stack copies the folder beside the
 * bundle). They can equally be put on any static host.
 */
const webDir = [new URL('./web/', import.meta.url), new URL('../../web/', import.meta.url)].map((url) => fileURLToPath(url)).find((dir) => existsSync(dir));

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};
const cache = new Map<string, string>();

function file(name: string): { body: string; contentType: string } {
  const extension = name.split('.').pop() ?? '';
  const contentType = TYPES[extension];
  if (!webDir || !contentType || !/^[a-z0-9-]+\.[a-z]+$/.test(name)) throw new NotFoundError('No such page.');
  let body = cache.get(name);
  if (body === undefined) {
    const path = `${webDir}${name}`;
    if (!existsSync(path)) throw new NotFoundError('No such page.');
    body = readFileSync(path, 'utf8');
    cache.set(name, body);
  }
  return { body, contentType };
}

/** Pages may only load their own scripts and styles and talk to their own origin. */
const pageHeaders = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'cache-control': 'public, max-age=300',
};

const page = (name: string) =>
  httpHandler({ ...deps.http, params: pageParams }, async () => {
    const { body, contentType } = file(name);
    return { status: 200, body, contentType, headers: pageHeaders };
  });

/** GET /s/{code} (站码) and GET /d/{code} (代表码): the page a QR code opens. */
export const messagePage = page('message.html');

/** GET /t/{code}: the tracking page (the token travels in the URL fragment, never to the server). */
export const trackPage = page('track.html');

/** GET /assets/{code}: the pages' scripts and styles. */
export const asset = httpHandler({ ...deps.http, params: pageParams }, async ({ params }) => {
  const { body, contentType } = file(params.code);
  return { status: 200, body, contentType, headers: pageHeaders };
});
