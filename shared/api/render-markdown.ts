import type { OpenApiDocument } from './openapi.ts';

/** A JSON Schema node as the OpenAPI 3.1 generator writes it. */
interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

interface MediaTypes {
  content?: Record<string, { schema?: Schema }>;
  description?: string;
}

interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: MediaTypes;
  responses: Record<string, MediaTypes>;
  'x-minqing-roles'?: string[];
  'x-minqing-who'?: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * Renders the OpenAPI document as `docs/api.md`: the conventions, a route table per service, then
 * each route's roles, parameters, body, response and error codes. Deterministic, so a test can
 * tell when the committed file is stale.
 */
export function renderApiMarkdown(document: OpenApiDocument): string {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const resolve = (schema: Schema | undefined): Schema | undefined =>
    schema?.$ref ? resolve(schemas[schema.$ref.replace('#/components/schemas/', '')]) : schema;
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = (item as Record<string, Operation | undefined>)[method];
      return operation ? [{ method: method.toUpperCase(), path, operation }] : [];
    }),
  );
  const lines: string[] = [
    `# ${document.info.title}`,
    '',
    "Generated from the zod schemas the handlers validate with (each service's `src/api.ts`) by",
    '`npm run api:docs`; a test fails when this file is stale. Do not edit by hand. The same document',
    'is served as OpenAPI 3.1 at `GET /v1/openapi.json`.',
    '',
    document.info.description ?? '',
  ];
  for (const tag of document.tags ?? []) {
    const mine = operations.filter((o) => o.operation.tags?.includes(tag.name));
    lines.push(`## ${tag.name}`, '', tag.description ?? '', '', '| route | who | what |', '| --- | --- | --- |');
    for (const { method, path, operation } of mine) {
      lines.push(`| [\`${method} ${path}\`](#${anchor(method, path)}) | ${cell(who(operation))} | ${cell(operation.summary ?? '')} |`);
    }
    lines.push('');
    for (const { method, path, operation } of mine) lines.push(...renderOperation(method, path, operation, resolve));
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function renderOperation(method: string, path: string, operation: Operation, resolve: (s: Schema | undefined) => Schema | undefined): string[] {
  const lines = [`### ${method} ${path}`, '', operation.summary ?? '', ''];
  if (operation.description) lines.push(operation.description, '');
  lines.push(`**Who:** ${who(operation)}`, '');
  const parameters = operation.parameters ?? [];
  if (parameters.length > 0) {
    lines.push('**Parameters**', '', '| name | in | type | required | notes |', '| --- | --- | --- | --- | --- |');
    for (const p of parameters)
      lines.push(`| \`${p.name}\` | ${p.in} | ${cell(typeOf(p.schema, resolve))} | ${p.required ? 'yes' : 'no'} | ${cell(notes(p.schema, p.description))} |`);
    lines.push('');
  }
  for (const [mediaType, { schema }] of Object.entries(operation.requestBody?.content ?? {})) {
    lines.push(`**Body** (\`${mediaType}\`${mediaType === 'text/csv' ? ', one record per row' : ''})`, '', ...fieldTable(schema, resolve), '');
  }
  const [success, ...errors] = Object.entries(operation.responses);
  if (success) {
    const [status, response] = success;
    lines.push(`**Response ${status}** — ${response.description ?? ''}`, '');
    for (const [mediaType, { schema }] of Object.entries(response.content ?? {})) {
      if (mediaType === 'application/json') lines.push(...fieldTable(schema, resolve), '');
      else lines.push(`\`${mediaType}\``, '');
    }
  }
  if (errors.length > 0) {
    lines.push('**Errors**', '', '| status | codes |', '| --- | --- |');
    for (const [status, response] of errors) lines.push(`| ${status} | ${cell(response.description ?? '')} |`);
    lines.push('');
  }
  return lines;
}

function who(operation: Operation): string {
  const roles = operation['x-minqing-roles'];
  const scope = operation['x-minqing-who'];
  const access = roles ? roles.map((r) => `\`${r}\``).join(', ') : 'public';
  return scope ? `${access} — ${scope}` : access;
}

/** A schema as rows of dotted field paths (`items[].code`), one per field, nested objects flattened. */
function fieldTable(schema: Schema | undefined, resolve: (s: Schema | undefined) => Schema | undefined): string[] {
  const rows: string[] = [];
  const walk = (node: Schema | undefined, prefix: string, required: boolean, depth: number) => {
    const s = resolve(node);
    if (!s) return;
    const arrayElementObject = prefix.endsWith('[]') && objectOf(s, resolve) !== undefined;
    if (prefix && !arrayElementObject) rows.push(`| \`${prefix}\` | ${cell(typeOf(s, resolve))} | ${required ? 'yes' : 'no'} | ${cell(notes(s))} |`);
    if (depth > 6) return;
    const object = objectOf(s, resolve);
    if (object?.properties) {
      for (const [name, child] of Object.entries(object.properties))
        walk(child, prefix ? `${prefix}.${name}` : name, object.required?.includes(name) ?? false, depth + 1);
    } else if (object && typeof object.additionalProperties === 'object') {
      walk(object.additionalProperties, `${prefix}.<key>`, false, depth + 1);
    }
    const items = arrayItems(s, resolve);
    if (items) walk(items, `${prefix}[]`, true, depth + 1);
  };
  walk(schema, '', true, 0);
  if (rows.length === 0) return [`\`${typeOf(resolve(schema), resolve)}\``];
  return ['| field | type | required | notes |', '| --- | --- | --- | --- |', ...rows];
}

/** The object inside a node, looking through `T | null`. */
function objectOf(s: Schema, resolve: (s: Schema | undefined) => Schema | undefined): Schema | undefined {
  if (s.properties || typeof s.additionalProperties === 'object') return s;
  const variants = (s.anyOf ?? s.oneOf ?? []).map(resolve).filter((v): v is Schema => v !== undefined && v.type !== 'null');
  return variants.length === 1 ? objectOf(variants[0]!, resolve) : undefined;
}

function arrayItems(s: Schema, resolve: (s: Schema | undefined) => Schema | undefined): Schema | undefined {
  if (s.items) return s.items;
  const variants = (s.anyOf ?? s.oneOf ?? []).map(resolve).filter((v): v is Schema => v !== undefined && v.type !== 'null');
  return variants.length === 1 ? arrayItems(variants[0]!, resolve) : undefined;
}

function typeOf(schema: Schema | undefined, resolve: (s: Schema | undefined) => Schema | undefined): string {
  const s = resolve(schema);
  if (!s) return 'any';
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map((v) => typeOf(v, resolve)).join(' | ');
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length === 0) return 'any';
  return types
    .map((t) =>
      t === 'array'
        ? `${s.items ? typeOf(s.items, resolve) : 'any'}[]`
        : t === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object'
          ? 'map'
          : t,
    )
    .join(' | ');
}

function notes(schema: Schema | undefined, description?: string): string {
  if (!schema) return description ?? '';
  const parts: string[] = [];
  if (description ?? schema.description) parts.push((description ?? schema.description)!);
  if (schema.format) parts.push(schema.format);
  if (schema.pattern) parts.push(`\`${schema.pattern}\``);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) parts.push(`length ${range(schema.minLength, schema.maxLength)}`);
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(range(schema.minimum, schema.maximum));
  if (schema.minItems !== undefined || schema.maxItems !== undefined) parts.push(`${range(schema.minItems, schema.maxItems)} items`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join('; ');
}

const range = (min: number | undefined, max: number | undefined) => (min === undefined ? `≤ ${max}` : max === undefined ? `≥ ${min}` : `${min}–${max}`);

/** Markdown table cells: no pipes or line breaks from the content. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** GitHub's heading anchor of `### GET /v1/stations/{code}`. */
const anchor = (method: string, path: string) =>
  `${method} ${path}`
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
