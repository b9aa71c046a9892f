import fc from 'fast-check';

/** Strings that have broken parsers, sheets and pages before: every one must meet a 4xx or be stored as text. */
export const nastyStrings: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0007\u0008\u001b[31m',
  '\r\n\r\nX-Injected: 1',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Eevil\u202C',
  '\u200B\u200D\uFEFF',
  'Z̸̢̛̗̩̦͙̤͍̯̭̓̈́̆̉͒͝',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  '𠜎𠜱𠝹𠱓',
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://x.invalid","点我")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '__proto__',
  'constructor',
  'prototype',
  '../../../etc/passwd',
  '%2e%2e%2f',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1",
  '<%= 7*7 %>',
  '{{7*7}}',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9007199254740993',
  'null',
  'true',
  '[]',
  '{}',
];

/** A string from the list, random text of any code points, or a huge one (past every field's limit). */
export const adversarialString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 80_000 }).map((n) => '长'.repeat(n)) },
);

/** Any JSON value of the wrong shape: numbers at the edges, booleans, null, arrays, deep or odd objects. */
export const wrongTypeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, true, false, null),
  fc.array(adversarialString, { maxLength: 3 }),
  fc.constant(JSON.parse('{"__proto__": {"admin": true}}')),
  fc.constant({ constructor: { prototype: { admin: true } } }),
  fc.constant(Array.from({ length: 50 }).reduce<unknown>((inner) => ({ a: inner }), 1)),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A value where a field expects its own type: nasty text or the wrong type. */
export const adversarialValue: fc.Arbitrary<unknown> = fc.oneof(adversarialString, wrongTypeValue);

/** Keys that try the object's prototype, sent as raw JSON so that no serializer drops them. */
export const prototypeKeys: readonly string[] = ['__proto__', 'constructor', 'prototype'];
