import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { services } from '../../services/manifests.ts';
import { apiDocument, serviceApis } from '../../services/api.ts';
import { apiDocsFile } from '../../services/write-api-docs.ts';
import { buildOpenApiDocument, OPENAPI_PATH } from '../../shared/api/openapi.ts';
import { renderApiMarkdown } from '../../shared/api/render-markdown.ts';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** `METHOD path → service` of every operation of a document. */
function documentedRoutes(document: ReturnType<typeof apiDocument>): string[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((m) => {
      const operation = (item as Record<string, { tags?: string[] }>)[m]!;
      return `${m.toUpperCase()} ${path} → ${operation.tags?.join(',')}`;
    }),
  );
}

describe('API reference (GET /v1/openapi.json, docs/api.md)', () => {
  it('documents every route of every manifest, under its service, and nothing else', () => {
    // Prepare
    const declared = services.flatMap((s) => s.routes.map((r) => `${r.method} ${r.path} → ${s.name}`));

    // Act
    const documented = documentedRoutes(apiDocument());

    // Assess
    expect(documented.sort()).toEqual(declared.sort());
    expect(declared).toContain(`GET ${OPENAPI_PATH} → identity`);
  });

  it('has one documented API per service, named as its manifest', () => {
    expect(serviceApis.map((a) => a.service)).toEqual(services.map((s) => s.name));
  });

  it('docs/api.md is up to date with the schemas (run `npm run api:docs` if this fails)', () => {
    // Act
    const expected = renderApiMarkdown(apiDocument());

    // Assess
    expect(readFileSync(apiDocsFile, 'utf8')).toBe(expected);
  });

  it('states the conventions of the HTTP contract: error shape and codes, paging, Bearer tokens, roles', () => {
    // Act
    const document = apiDocument();

    // Assess
    const conventions = document.info.description ?? '';
    for (const term of [
      '{"error": {"code"',
      '"nextCursor"',
      '?limit=',
      'Authorization: Bearer',
      'township_reviewer',
      'Idempotency-Key',
      'INVALID_INPUT',
      'TOO_MANY_REQUESTS',
    ]) {
      expect(conventions).toContain(term);
    }
    expect(document.openapi).toBe('3.1.0');
    expect(document.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it("derives security, roles and the stack's error statuses from what a route declares", () => {
    // Prepare
    const body = z.object({ text: z.string().min(1).max(10) }).strict();
    const document = buildOpenApiDocument(
      [
        {
          service: 'fixture',
          description: 'Notes.',
          routes: [
            {
              method: 'POST',
              path: '/v1/notes/{id}',
              roles: ['admin'],
              summary: 'Writes.',
              params: z.object({ id: z.string() }),
              body: { schema: body },
              response: { status: 201, description: 'Written.', schema: body },
              errors: [409],
            },
            { method: 'GET', path: '/v1/notes', summary: 'Reads.', response: { status: 200, description: 'Every note.', mediaType: 'text/csv' } },
          ],
        },
      ],
      { title: 'Fixture', version: '1' },
    );

    // Act
    const write = document.paths?.['/v1/notes/{id}']?.post as Record<string, any>;
    const read = document.paths?.['/v1/notes']?.get as Record<string, any>;

    // Assess
    expect(Object.keys(write.responses)).toEqual(['201', '400', '401', '403', '409', '413', '415']);
    expect(write.security).toEqual([{ bearer: [] }]);
    expect(write['x-minqing-roles']).toEqual(['admin']);
    expect(write.requestBody.content['application/json'].schema.properties.text).toMatchObject({ type: 'string', maxLength: 10 });
    expect(write.responses['409'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(read.security).toEqual([]);
    expect(Object.keys(read.responses)).toEqual(['200']);
    expect(renderApiMarkdown(document)).toContain('| [`POST /v1/notes/{id}`](#post-v1notesid) | `admin` | Writes. |');
  });
});
