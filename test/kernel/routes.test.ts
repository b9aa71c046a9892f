import { describe, expect, it } from 'vitest';
import { compileRoute, matchRoute, sortRoutes, type CompiledRoute } from '../../infra/local/routes.ts';
import type { HandlerRef, HttpMethod } from '../../shared/runtime/manifest.ts';

const handler: HandlerRef = { file: '/services/stations/src/handlers/route.ts', exportName: 'handler', timeoutSeconds: 10, memoryMb: 512 };
const route = (method: HttpMethod, path: string, functionName = `${method} ${path}`) => compileRoute(functionName, { method, path, handler });

/** The route found for a request, as `METHOD path` plus its params, or the other outcome. */
function resolve(routes: readonly CompiledRoute[], method: string, path: string) {
  const match = matchRoute(routes, method, path);
  return match.kind === 'found' ? { kind: match.kind, route: match.route.functionName, params: match.params } : match;
}

describe('compileRoute', () => {
  it('names the path parameters and counts them as specificity', () => {
    // Act
    const compiled = route('GET', '/v1/deputies/{deputyId}/messages/{messageId}');

    // Assess
    expect(compiled).toMatchObject({
      method: 'GET',
      path: '/v1/deputies/{deputyId}/messages/{messageId}',
      handler,
      paramNames: ['deputyId', 'messageId'],
      specificity: 2,
    });
  });

  it('matches literal segments literally (regex characters are escaped)', () => {
    const routes = [route('GET', '/v1/files/report.v1+json')];
    expect(resolve(routes, 'GET', '/v1/files/report.v1+json')).toMatchObject({ kind: 'found' });
    expect(resolve(routes, 'GET', '/v1/files/reportXv1json')).toEqual({ kind: 'none' });
  });
});

describe('matchRoute', () => {
  const stations = sortRoutes([route('GET', '/v1/stations/{code}'), route('DELETE', '/v1/stations/{code}'), route('GET', '/v1/stations')]);

  it('extracts and decodes path parameters', () => {
    expect(resolve(stations, 'GET', '/v1/stations/%E4%B8%8A%E6%B5%B7-01')).toEqual({
      kind: 'found',
      route: 'GET /v1/stations/{code}',
      params: { code: '上海-01' },
    });
    expect(resolve(stations, 'GET', '/v1/stations/a%20b%2Fc')).toMatchObject({ params: { code: 'a b/c' } });
  });

  it('extracts several parameters by name', () => {
    const routes = [route('GET', '/v1/deputies/{deputyId}/messages/{messageId}')];
    expect(resolve(routes, 'GET', '/v1/deputies/d-1/messages/m-2')).toMatchObject({ params: { deputyId: 'd-1', messageId: 'm-2' } });
  });

  it('matches the method as well as the path', () => {
    expect(resolve(stations, 'DELETE', '/v1/stations/abc')).toMatchObject({ kind: 'found', route: 'DELETE /v1/stations/{code}' });
    expect(resolve(stations, 'GET', '/v1/stations')).toMatchObject({ kind: 'found', route: 'GET /v1/stations', params: {} });
  });

  it('reports the allowed methods when the path exists under other methods only', () => {
    // Act
    const match = matchRoute(stations, 'POST', '/v1/stations/abc');

    // Assess
    expect(match.kind).toBe('wrong-method');
    expect(match.kind === 'wrong-method' && [...match.allowed].sort()).toEqual(['DELETE', 'GET']);
  });

  it('lists each allowed method once', () => {
    const routes = sortRoutes([route('GET', '/v1/stations/special'), route('GET', '/v1/stations/{code}')]);
    expect(matchRoute(routes, 'PUT', '/v1/stations/special')).toEqual({ kind: 'wrong-method', allowed: ['GET'] });
  });

  it.each([
    ['an unknown path', '/v1/nowhere'],
    ['a trailing slash (empty parameter)', '/v1/stations/'],
    ['an extra segment', '/v1/stations/abc/extra'],
    ['a prefix of a route', '/v1'],
    ['the root', '/'],
  ])('finds no route for %s', (_name, path) => {
    expect(matchRoute(stations, 'GET', path)).toEqual({ kind: 'none' });
  });

  it.each([
    ['a truncated escape', '/v1/stations/%E4%B8'],
    ['a lone percent sign', '/v1/stations/100%'],
    ['a non-hex escape', '/v1/stations/%zz'],
  ])('finds no route, without throwing, for malformed percent-encoding: %s', (_name, path) => {
    // Act
    const outcome = () => matchRoute(stations, 'GET', path);

    // Assess
    expect(outcome).not.toThrow();
    expect(outcome()).toEqual({ kind: 'none' });
  });
});

describe('sortRoutes: the most specific route wins', () => {
  const literal = () => route('GET', '/v1/stations/special');
  const param = () => route('GET', '/v1/stations/{code}');

  it.each([
    ['literal declared first', () => [literal(), param()]],
    ['parameter declared first', () => [param(), literal()]],
  ])('regardless of declaration order (%s)', (_order, declared) => {
    // Prepare
    const routes = sortRoutes(declared());

    // Act / Assess
    expect(resolve(routes, 'GET', '/v1/stations/special')).toEqual({ kind: 'found', route: 'GET /v1/stations/special', params: {} });
    expect(resolve(routes, 'GET', '/v1/stations/abc')).toEqual({ kind: 'found', route: 'GET /v1/stations/{code}', params: { code: 'abc' } });
  });

  it('prefers fewer parameters', () => {
    const routes = sortRoutes([route('GET', '/v1/{area}/{code}'), route('GET', '/v1/stations/{code}')]);
    expect(resolve(routes, 'GET', '/v1/stations/abc')).toMatchObject({ route: 'GET /v1/stations/{code}' });
    expect(resolve(routes, 'GET', '/v1/districts/abc')).toMatchObject({ route: 'GET /v1/{area}/{code}', params: { area: 'districts', code: 'abc' } });
  });

  it('sends another method on the literal path to the parameter route that has it', () => {
    const routes = sortRoutes([route('GET', '/v1/stations/special'), route('DELETE', '/v1/stations/{code}')]);
    expect(resolve(routes, 'DELETE', '/v1/stations/special')).toEqual({ kind: 'found', route: 'DELETE /v1/stations/{code}', params: { code: 'special' } });
  });

  it('returns the routes most specific first', () => {
    const sorted = sortRoutes([route('GET', '/v1/{area}/{code}'), param(), route('GET', '/v1/stations'), literal()]);
    expect(sorted.map((r) => r.path)).toEqual(['/v1/stations/special', '/v1/stations', '/v1/stations/{code}', '/v1/{area}/{code}']);
  });
});
