import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from './errors.ts';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Pages may only load their own scripts and styles and talk to their own origin. */
export const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'cache-control': 'public, max-age=300',
};

/**
 * A service's citizen pages as plain static files: the first of `candidates` (folder URLs) that
 * exists — `web/` beside the Lambda bundle, or the service's `web/` folder in the repository.
 * Answers a file by its bare name (`message.html`), cached after the first read; anything else is a
 * 404.
 */
export function webFiles(candidates: readonly URL[]): (name: string) => { body: string; contentType: string } {
  const webDir = candidates.map((url) => fileURLToPath(url)).find((dir) => existsSync(dir));
  const cache = new Map<string, string>();
  return (name) => {
    const contentType = TYPES[name.split('.').pop() ?? ''];
    if (!webDir || !contentType || !/^[a-z0-9-]+\.[a-z]+$/.test(name)) throw new NotFoundError('No such page.');
    let body = cache.get(name);
    if (body === undefined) {
      const path = `${webDir}${name}`;
      if (!existsSync(path)) throw new NotFoundError('No such page.');
      body = readFileSync(path, 'utf8');
      cache.set(name, body);
    }
    return { body, contentType };
  };
}
