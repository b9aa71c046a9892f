import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settled } from '../support/platform.ts';
import { adversarialString, adversarialValue, prototypeKeys, wrongTypeValue } from '../support/adversarial-values.ts';
import { type JsonSchema, validValue } from '../support/schema-arbitrary.ts';
import { type Probe, probeFor, send } from './probe.ts';
import { changedKeys, snapshotTables } from './table-snapshot.ts';
import { CALLER_ROLES, documentedOperations, type Operation, type SecurityWorld, signOutLast, startSecurityWorld } from './world.ts';

/** Runs per route with anything (valid, adversarial or malformed), and per write route with bodies its schema refuses. */
const RUNS_PER_ROUTE = 3;
const REFUSED_RUNS_PER_WRITE = 2;
const SEED = 16;

/**
 * Hostile text for a URL: a path segment or a query value stays under 300 characters, as an
 * address past the gateway's limit (a few KB) is refused before any handler, by the gateway itself.
 */
const urlText = adversarialString.map((text) => text.slice(0, 300));

/** Percent-encodes every byte, so that lone surrogates and slashes reach the router as they are. */
const encodeSegment = (value: string) => [...Buffer.from(value)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** A request to a route: its path, query and headers as the probe fills them, each perhaps replaced by something hostile. */
function fuzzedRequest(operation: Operation, world: SecurityWorld, body: fc.Arbitrary<Pick<Probe, 'body' | 'headers'>>): fc.Arbitrary<Probe> {
  const base = probeFor(operation, world, world.inScope);
  const pathNames = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const queryNames = operation.params.filter((p) => p.in === 'query').map((p) => p.name);
  return fc
    .record({
      pathAt: fc.option(fc.nat({ max: Math.max(pathNames.length - 1, 0) }), { freq: 3 }),
      pathValue: urlText,
      query: fc.array(fc.tuple(fc.constantFrom(...queryNames, ...prototypeKeys), urlText), { maxLength: 3 }),
      body,
    })
    .map(({ pathAt, pathValue, query, body }) => {
      let path = base.path.split('?')[0]!;
      if (pathAt !== null && pathNames.length) {
        // Replace one segment of the filled path: the one the template names at that place.
        const segments = operation.path.split('/');
        const index = segments.indexOf(`{${pathNames[pathAt]}}`);
        const filled = path.split('/');
        if (index >= 0) filled[index] = encodeSegment(pathValue);
        path = filled.join('/');
      }
      const search = new URLSearchParams(base.path.split('?')[1]);
      for (const [name, value] of query) search.set(name, value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
      return { method: operation.method, path: search.size ? `${path}?${search}` : path, headers: { ...base.headers, ...body.headers }, body: body.body };
    });
}

/** JSON bodies of every kind: valid, valid with one hostile field, extra or prototype keys, the wrong type, not JSON at all. */
function anyBody(operation: Operation): fc.Arbitrary<Pick<Probe, 'body' | 'headers'>> {
  if (!operation.body) return fc.constant({ headers: {} });
  if (operation.body.mediaType === 'text/csv') return csvBody(operation.body.schema);
  const valid = validValue(operation.body.schema) as fc.Arbitrary<Record<string, unknown>>;
  const fields = Object.keys(operation.body.schema.properties ?? { field: {} });
  const json = (text: string) => ({ body: text, headers: { 'content-type': 'application/json' } });
  return fc.oneof(
    valid.map((value) => json(JSON.stringify(value))),
    fc.tuple(valid, fc.constantFrom(...fields), adversarialValue).map(([value, field, hostile]) => json(JSON.stringify({ ...value, [field]: hostile }))),
    refusedBody(operation),
  );
}

/** Bodies the route's schema refuses whatever the route: an unknown or prototype key (every schema is strict), the wrong type, not JSON. */
function refusedBody(operation: Operation): fc.Arbitrary<Pick<Probe, 'body' | 'headers'>> {
  if (operation.body?.mediaType === 'text/csv') return fc.constant({ body: 'nothing,we,know\n1,2,3\n', headers: { 'content-type': 'text/csv' } });
  const valid = operation.body ? (validValue(operation.body.schema) as fc.Arbitrary<Record<string, unknown>>) : fc.constant({});
  const json = (text: string) => ({ body: text, headers: { 'content-type': 'application/json' } });
  return fc.oneof(
    fc.tuple(valid, fc.constantFrom(...prototypeKeys, 'isAdmin'), adversarialValue).map(([value, key, hostile]) => {
      const rest = JSON.stringify(value).slice(1, -1);
      return json(`{${JSON.stringify(key)}: ${JSON.stringify(hostile) ?? 'null'}${rest ? `, ${rest}` : ''}}`);
    }),
    wrongTypeValue.filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)).map((value) => json(JSON.stringify(value))),
    adversarialString.filter((text) => text.trim() !== '' && !/^[[{"\d-]|^(true|false|null)$/.test(text.trim())).map(json),
  );
}

/** A CSV file with the route's columns and hostile cells: formulas, control characters, huge and odd text. */
function csvBody(schema: JsonSchema): fc.Arbitrary<Pick<Probe, 'body' | 'headers'>> {
  const columns = Object.keys(schema.items?.properties ?? { code: {} });
  const cell = adversarialString.map((text) => `"${text.slice(0, 500).replaceAll('"', '""')}"`);
  return fc
    .array(fc.array(cell, { minLength: columns.length, maxLength: columns.length }), { minLength: 1, maxLength: 3 })
    .map((rows) => ({ body: [columns.join(','), ...rows.map((row) => row.join(','))].join('\n'), headers: { 'content-type': 'text/csv' } }));
}

/** The caller a route admits, in scope; anonymous on public routes. */
function callerFor(operation: Operation, world: SecurityWorld): Record<string, string> {
  const role = CALLER_ROLES.find((r) => operation.roles?.includes(r));
  return role ? world.callers[role] : {};
}

/** What every answer must be: a success, or a 4xx (or 503 to retry) with the error shape of docs/api.md and no trace of the code. */
function assertAnswer(key: string, probe: Probe, status: number, text: string): void {
  const where = `${key} → ${status}: ${probe.method} ${probe.path.slice(0, 200)} ${probe.body?.slice(0, 200) ?? ''}`;
  expect(status, where).not.toBe(500);
  expect(status === 503 || status < 500, where).toBe(true);
  expect(text, where).not.toMatch(/\bat .*\.(ts|js):\d+/);
  if (status < 400) return;
  let error: { code?: unknown; message?: unknown } | undefined;
  try {
    error = JSON.parse(text).error;
  } catch {
    // not JSON: the assertions below name the answer
  }
  expect(typeof error?.code, where).toBe('string');
  expect(typeof error?.message, where).toBe('string');
}

describe('input fuzzing (fast-check, seeded) on every route', () => {
  let world: SecurityWorld;
  const operations = signOutLast(documentedOperations());
  // Routes that read a body: the others ignore one, so there is nothing to refuse.
  const writes = operations.filter((o) => o.body);

  beforeAll(async () => {
    world = await startSecurityWorld();
  }, 240_000);
  afterAll(async () => world?.platform.stop());

  it('refuses bodies its schema refuses with a 4xx, and a refused request stores nothing', async () => {
    // Prepare
    await settled(world.platform);
    const before = await snapshotTables();
    let runs = 0;

    // Act
    for (const [index, operation] of writes.entries()) {
      const caller = callerFor(operation, world);
      await fc.assert(
        fc.asyncProperty(fuzzedRequest(operation, world, refusedBody(operation)), async (probe) => {
          runs++;
          const { status, text } = await send(world.platform.url, probe, caller);
          assertAnswer(operation.key, probe, status, text);
          expect(status >= 400 && status < 500, `${operation.key} → ${status}: ${probe.body?.slice(0, 200)}`).toBe(true);
        }),
        { seed: SEED + index, numRuns: REFUSED_RUNS_PER_WRITE },
      );
    }
    await settled(world.platform);
    const after = await snapshotTables();
    console.info(`input fuzzing: ${runs} refused requests on ${writes.length} routes with a body`);

    // Assess
    expect(changedKeys(before, after)).toEqual([]);
  }, 240_000);

  it('never answers 500, and answers every 4xx with the error shape, whatever the path, query and body', async () => {
    // Prepare
    let runs = 0;
    const statuses = new Map<number, number>();

    // Act
    for (const [index, operation] of operations.entries()) {
      const caller = callerFor(operation, world);
      await fc.assert(
        fc.asyncProperty(fuzzedRequest(operation, world, anyBody(operation)), async (probe) => {
          runs++;
          const { status, text } = await send(world.platform.url, probe, caller);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          assertAnswer(operation.key, probe, status, text);
        }),
        { seed: SEED + index, numRuns: RUNS_PER_ROUTE },
      );
    }
    console.info(`input fuzzing: ${runs} requests on ${operations.length} routes; answers ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);

    // Assess
    expect(runs).toBe(operations.length * RUNS_PER_ROUTE);
  }, 240_000);
});
