import fc from 'fast-check';

const DAY_MS = 86_400_000;

/** The part of JSON Schema (as the OpenAPI document writes a route's zod schemas) that values are drawn from. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/**
 * Values that satisfy a route's documented schema (`GET /v1/openapi.json`): the valid seed that the
 * authorization matrix sends out of scope and that fuzzing starts from. Refinements the schema
 * cannot say (a date after another) are not honoured; such values meet the use case's own 400.
 */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = ([] as string[]).concat(schema.type ?? 'string').filter((t) => t !== 'null');
  switch (types[0]) {
    case 'object':
      return objectValue(schema);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return fc.array(validValue(schema.items ?? {}), { minLength, maxLength: Math.min(schema.maxItems ?? minLength + 2, minLength + 2) });
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    default:
      return stringValue(schema);
  }
}

function objectValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const record = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, validValue(value)]));
  return fc.record(record, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) }) as fc.Arbitrary<unknown>;
}

function stringValue(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Math.max(minLength, 40);
  const fits = (s: string) => s.length >= minLength && s.length <= maxLength;
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    // Dates of the last weeks (what staff record); times of the next weeks (when things close).
    case 'date':
      return fc.integer({ min: 2, max: 60 }).map((days) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10));
    case 'date-time':
      return fc.integer({ min: 2, max: 60 }).map((days) => new Date(Date.now() + days * DAY_MS).toISOString());
  }
  // A pattern says its lengths itself (a 43-character ticket); only the schema's own bounds narrow it.
  if (schema.pattern)
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY));
  // Chinese text, as citizens and staff write it; two characters at least, as free-text fields ask.
  const han = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCharCode(code));
  const shortest = Math.min(Math.max(minLength, 2), maxLength);
  return fc.string({ unit: han, minLength: shortest, maxLength: Math.min(maxLength, shortest + 20) }).filter(fits);
}

/** One value drawn from an arbitrary with a fixed seed, so a test sends the same thing every run. */
export function sampleOf<T>(arbitrary: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arbitrary, { seed, numRuns: 1 })[0]!;
}
