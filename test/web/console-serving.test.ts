import { gunzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { compileRoute, matchRoute, sortRoutes } from '../../infra/local/routes.ts';
import { consoleRoutes } from '../../services/console/routes.ts';
import { consoleFile, handler } from '../../services/console/server/console-pages.ts';

/** How the platform serves the built console (vitest's global setup builds it first). */
describe('console serving', () => {
  const routes = sortRoutes(consoleRoutes.map((r) => compileRoute('console-pages', r)));
  const get = (path: string, headers: Record<string, string> = {}) =>
    handler({ rawPath: path, headers } as unknown as APIGatewayProxyEventV2) as Promise<
      APIGatewayProxyStructuredResultV2 & { headers: Record<string, string> }
    >;

  it.each([
    ['/console', 'index.html'],
    ['/console/', 'index.html'],
    ['/console/assets/index-AbC_12-x.js', 'assets/index-AbC_12-x.js'],
  ])('routes %s to %s', (path, file) => {
    // Act
    const match = matchRoute(routes, 'GET', path);

    // Assess
    expect(match.kind).toBe('found');
    expect(consoleFile(path)).toBe(file);
  });

  it.each(['/console/assets/../../package.json', '/console/src/main.ts', '/console/assets/a/b.js', '/console/index.html.bak'])(
    'serves nothing else: %s',
    async (path) => {
      // Act
      const response = await get(path);

      // Assess
      expect(consoleFile(path)).toBeUndefined();
      expect(response.statusCode).toBe(404);
    },
  );

  it('serves the page revalidated and its scripts immutable, gzipped when asked', async () => {
    // Act
    const page = await get('/console/', { 'accept-encoding': 'gzip, br' });
    const html = gunzipSync(Buffer.from(page.body!, 'base64')).toString('utf8');
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const plain = await get(script);

    // Assess
    expect(page.statusCode).toBe(200);
    expect(page.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', 'cache-control': 'no-cache' });
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(html).toContain('<html lang="zh-CN">');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(plain.body!, 'base64').toString('utf8').length).toBeGreaterThan(0);
  });
});
