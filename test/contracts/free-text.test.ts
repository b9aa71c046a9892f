import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { publicContracts } from '../../shared/events/catalog/index.ts';
import { holdsContactDetails, OFFICIAL_ANSWER_NOTE, officialAnswerInput, PUBLIC_NAME_NOTE } from '../../shared/events/public-text.ts';

/**
 * Free text on the public bus, reviewed field by field: subscribing agencies receive every event.
 * A string field is an identifier (bounded, ≤ 128), one of the platform's codes (categories, rules,
 * tracking codes), a public name, or an official answer; a new text field fails until it is
 * classed here and, if it is a name or an answer, marked in its schema.
 */

/** Codes the platform defines (from the city config or its rules), unbounded in the schema. */
const CODES = new Set(['category', 'professionalGroup', 'trackingCode', 'rule', 'source']);

/** Names published on stations and pages. */
const PUBLIC_NAMES = [
  'TownshipRegistered.name',
  'StationRegistered.name',
  'UnitRegistered.name',
  'DeputyRegistered.name',
  'DeputyUpdated.name',
  'CaseForwarded.unitName',
  'SuggestionRegistered.leadUnitName',
  'ConsultationOpened.title',
  'LivelihoodBallotOpened.title',
];

/** Answers written by staff for the citizen and published with the event. */
const OFFICIAL_ANSWERS = ['CaseDeclined.reason', 'CaseResolved.result'];

interface TextField {
  field: string;
  name: string;
  maxLength?: number;
  description?: string;
}

/** Every string property of every event's data that is not an enum, a constant, a format or a pattern. */
function textFields(): TextField[] {
  const out: TextField[] = [];
  for (const contract of publicContracts) {
    const walk = (schema: Record<string, any> | undefined, path: string) => {
      if (!schema) return;
      if (schema.type === 'object')
        for (const [key, value] of Object.entries(schema.properties ?? {})) walk(value as Record<string, any>, path ? `${path}.${key}` : key);
      else if (schema.type === 'array') walk(schema.items, `${path}[]`);
      else if (schema.anyOf) for (const option of schema.anyOf) walk(option, path);
      else if (schema.type === 'string' && !schema.enum && schema.const === undefined && !schema.format && !schema.pattern) {
        out.push({
          field: `${contract.detailType}.${path}`,
          name: path.split('.').at(-1)!.replace('[]', ''),
          maxLength: schema.maxLength,
          description: schema.description,
        });
      }
    };
    walk(z.toJSONSchema(contract.data, { io: 'output' }) as Record<string, any>, '');
  }
  return out;
}

describe('free text on the public bus', () => {
  const fields = textFields();

  it('has only identifiers, codes, marked public names and marked official answers', () => {
    // Act
    const unreviewed = fields.filter(
      (f) => !PUBLIC_NAMES.includes(f.field) && !OFFICIAL_ANSWERS.includes(f.field) && !CODES.has(f.name) && !(f.maxLength !== undefined && f.maxLength <= 128),
    );
    const names = fields.filter((f) => f.description === PUBLIC_NAME_NOTE).map((f) => f.field);
    const answers = fields.filter((f) => f.description === OFFICIAL_ANSWER_NOTE).map((f) => f.field);

    // Assess
    console.info(`free text on the bus: ${fields.length} string fields checked, ${names.length} public names, ${answers.length} official answers`);
    expect(unreviewed).toEqual([]);
    expect(names.sort()).toEqual([...PUBLIC_NAMES].sort());
    expect(answers.sort()).toEqual([...OFFICIAL_ANSWERS].sort());
  });

  it('refuses an official answer holding a phone, an ID number or an e-mail address, and takes a plain one', () => {
    // Prepare
    const answer = officialAnswerInput(1000);

    // Act
    const refused = [
      '请联系王先生13912345678。',
      '申请人身份证号53230119800101123X已核实。',
      '请回复 wang@example.com 。',
      '电话：0878-3121234',
      '手机 139 1234 5678',
    ].map((text) => answer.safeParse(text).success);
    const taken = ['该事项已进入司法程序，依法不予受理。', '已安装篮球场照明灯4盏，3月28日起启用，投资12000元。'].map((text) => answer.safeParse(text).success);

    // Assess
    expect(refused).toEqual([false, false, false, false, false]);
    expect(taken).toEqual([true, true]);
    expect(holdsContactDetails('2026年3月28日')).toBe(false);
  });
});
