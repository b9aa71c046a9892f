import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { API_CONVENTIONS, ERROR_CODES } from './conventions.ts';
import type { RouteDoc, ServiceApi } from './route-doc.ts';

extendZodWithOpenApi(z);

/** Where the platform serves its OpenAPI document. */
export const OPENAPI_PATH = '/v1/openapi.json';

/** The body of every error response (`shared/runtime/http.ts`). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    message: z.string(),
    /** For a 400: `[{path, message}]`, one per failing field. */
    details: z.unknown().optional(),
  }),
});

/** The document of the route that serves the document; its manifest declares it like any other route. */
export const openApiRouteDoc: RouteDoc = {
  method: 'GET',
  path: OPENAPI_PATH,
  summary: 'This API reference as an OpenAPI 3.1 document.',
  response: {
    status: 200,
    description: 'The OpenAPI 3.1 document of every route of the city stack.',
    schema: z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }),
  },
};

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** Roles and scope of an operation, as OpenAPI extensions (`x-minqing-roles`, `x-minqing-who`). */
export interface OperationAccess {
  'x-minqing-roles'?: readonly string[];
  'x-minqing-who'?: string;
}

/**
 * The OpenAPI 3.1 document of the given services' routes, from the zod schemas their handlers
 * validate with. Deterministic: the same services give the same document.
 */
export function buildOpenApiDocument(apis: readonly ServiceApi[], info: { title: string; version: string }): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  const errorBody = registry.register('Error', errorBodySchema);
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The `accessToken` of `POST /v1/auth/login`.',
  });
  for (const api of apis) for (const route of api.routes) registry.registerPath(operation(api.service, route, errorBody));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { ...info, description: API_CONVENTIONS },
    tags: apis.map((api) => ({ name: api.service, description: api.description })),
  });
}

function operation(service: string, route: RouteDoc, errorBody: z.ZodType): RouteConfig {
  const { response } = route;
  const content: Record<string, { schema: z.ZodType }> = {};
  if (response.schema) content['application/json'] = { schema: response.schema };
  if (response.mediaType) content[response.mediaType] = { schema: z.string() };
  if (response.alsoAs) content[response.alsoAs] = { schema: z.string() };
  const config: RouteConfig & OperationAccess = {
    method: route.method.toLowerCase() as RouteConfig['method'],
    path: route.path,
    operationId: operationId(route),
    tags: [service],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security: route.roles ? [{ bearer: [] }] : [],
    request: {
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
      ...(route.headers ? { headers: route.headers } : {}),
      ...(route.body ? { body: { required: true, content: { [route.body.mediaType ?? 'application/json']: { schema: route.body.schema } } } } : {}),
    },
    responses: {
      [response.status]: { description: response.description, ...(Object.keys(content).length > 0 ? { content } : {}) },
      ...Object.fromEntries(errorStatuses(route).map((status) => [status, errorResponse(route, status, errorBody)])),
    },
    ...(route.roles ? { 'x-minqing-roles': route.roles } : {}),
    ...(route.who ? { 'x-minqing-who': route.who } : {}),
  };
  return config;
}

/** The statuses a route may answer with an error: those its stack answers, then its use case's. */
export function errorStatuses(route: RouteDoc): number[] {
  const statuses = new Set<number>(route.errors ?? []);
  if (route.params || route.query || route.headers || route.body) statuses.add(400);
  if (route.roles) for (const s of [401, 403]) statuses.add(s);
  if (route.body) for (const s of [413, 415]) statuses.add(s);
  return [...statuses].sort((a, b) => a - b);
}

function errorResponse(route: RouteDoc, status: number, errorBody: z.ZodType) {
  const codes = (ERROR_CODES[status] ?? []).filter((code) => code !== 'INVALID_JSON' || (route.body && route.body.mediaType !== 'text/csv'));
  return {
    description: codes.map((code) => `\`${code}\``).join(', '),
    ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' as const } } } } : {}),
    content: { 'application/json': { schema: errorBody } },
  };
}

/** `GET /v1/stations/{code}/qr.svg` → `getV1StationsByCodeQrSvg`: stable, unique per method and path. */
function operationId(route: RouteDoc): string {
  const words = route.path
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? ['by', param[1]!] : segment.split(/[^A-Za-z0-9]+/);
    })
    .filter(Boolean);
  return [route.method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}
