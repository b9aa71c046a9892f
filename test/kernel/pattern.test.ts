import { describe, expect, it } from 'vitest';
import { createEvent, type DomainEvent } from '../../shared/events/envelope.ts';
import { matchesPattern, toBusEvent, type BusEvent, type EventPattern } from '../../shared/events/pattern.ts';
import { NoteCreated, NoteTallied } from '../fixture/events.ts';

/**
 * Event-pattern matching as EventBridge does it
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html):
 * every field named in the pattern must be in the event, values in a rule's array are OR-ed,
 * fields are AND-ed, and an array in the event matches when any of its elements matches.
 */

const now = new Date('2025-03-01T08:00:00.000Z');
const RULE_A = 'arn:aws:events:local:000000000000:rule/minqing-demo-a';
const RULE_B = 'arn:aws:events:local:000000000000:rule/minqing-demo-b';

function onBus(event: DomainEvent, resources: string[] = [RULE_A, RULE_B]): BusEvent {
  return toBusEvent({
    id: 'bus-1',
    source: event.source,
    detailType: event.detailType,
    detail: event.detail,
    time: event.detail.metadata.occurredAt,
    account: '000000000000',
    region: 'local',
    resources,
  });
}

// Real sample events of the fixture contracts.
const created = onBus(createEvent(NoteCreated, { noteId: 'n-42', kind: 'plain' }, { city: 'demo', now, eventId: 'evt-created' }));
const tallied = onBus(createEvent(NoteTallied, { noteId: 'n-42', tally: 5 }, { city: 'demo', now, eventId: 'evt-tallied' }));
const noResources = onBus(createEvent(NoteCreated, { noteId: 'n-43', kind: 'poison' }, { city: 'demo', now }), []);

interface Case {
  name: string;
  pattern: EventPattern;
  event: BusEvent;
  matches: boolean;
}

const tally = (rule: EventPattern[string]): EventPattern => ({ detail: { data: { tally: rule } } });
const kind = (rule: EventPattern[string]): EventPattern => ({ detail: { data: { kind: rule } } });
const noteId = (rule: EventPattern[string]): EventPattern => ({ detail: { data: { noteId: rule } } });

describe('matchesPattern', () => {
  describe('the bus event shape', () => {
    it('exposes source, detail-type and detail as EventBridge hands them to rules', () => {
      // Assess
      expect(created).toMatchObject({
        version: '0',
        source: 'minqing.fixture',
        'detail-type': 'NoteCreated',
        detail: { data: { noteId: 'n-42', kind: 'plain' }, metadata: { eventId: 'evt-created', city: 'demo' } },
      });
    });
  });

  const exact: Case[] = [
    { name: 'source equals', pattern: { source: ['minqing.fixture'] }, event: created, matches: true },
    { name: 'source differs', pattern: { source: ['minqing.identity'] }, event: created, matches: false },
    { name: 'any value of the list (OR)', pattern: { 'detail-type': ['NoteTallied', 'NoteCreated'] }, event: created, matches: true },
    { name: 'case-sensitive', pattern: { 'detail-type': ['notecreated'] }, event: created, matches: false },
    { name: 'every field must match (AND)', pattern: { source: ['minqing.fixture'], 'detail-type': ['NoteTallied'] }, event: created, matches: false },
    { name: 'number equals number', pattern: tally([5]), event: tallied, matches: true },
    { name: 'string "5" does not equal number 5', pattern: tally(['5']), event: tallied, matches: false },
    { name: 'empty pattern matches every event', pattern: {}, event: created, matches: true },
  ];

  const nested: Case[] = [
    { name: 'detail.data field equals', pattern: kind(['plain']), event: created, matches: true },
    { name: 'detail.data field differs', pattern: kind(['poison']), event: created, matches: false },
    { name: 'detail.metadata field equals', pattern: { detail: { metadata: { city: ['demo'] } } }, event: created, matches: true },
    { name: 'nested and top-level together', pattern: { source: ['minqing.fixture'], detail: { data: { noteId: ['n-42'] } } }, event: created, matches: true },
    { name: 'nested field of another event type', pattern: kind(['plain']), event: tallied, matches: false },
  ];

  const missing: Case[] = [
    { name: 'exact value on a missing field', pattern: { detail: { data: { district: ['east'] } } }, event: created, matches: false },
    { name: 'prefix on a missing field', pattern: { detail: { data: { district: [{ prefix: 'e' }] } } }, event: created, matches: false },
    { name: 'anything-but on a missing field', pattern: { detail: { data: { district: [{ 'anything-but': 'east' }] } } }, event: created, matches: false },
    { name: 'numeric on a missing field', pattern: { detail: { data: { count: [{ numeric: ['>', 0] }] } } }, event: created, matches: false },
    { name: 'null on a missing field', pattern: { detail: { data: { district: [null] } } }, event: created, matches: false },
    { name: 'nested pattern under a missing object', pattern: { detail: { location: { district: ['east'] } } }, event: created, matches: false },
  ];

  const arrays: Case[] = [
    { name: 'any element equals', pattern: { resources: [RULE_B] }, event: created, matches: true },
    { name: 'no element equals', pattern: { resources: ['arn:aws:events:local:000000000000:rule/other'] }, event: created, matches: false },
    { name: 'intersection of pattern list and event array', pattern: { resources: ['x', RULE_A] }, event: created, matches: true },
    { name: 'any element has the prefix', pattern: { resources: [{ prefix: 'arn:aws:events:local:' }] }, event: created, matches: true },
    { name: 'any element has the suffix', pattern: { resources: [{ suffix: '-b' }] }, event: created, matches: true },
    { name: 'an empty array matches no value', pattern: { resources: [{ prefix: 'arn:' }] }, event: noResources, matches: false },
  ];

  const prefixSuffix: Case[] = [
    { name: 'prefix matches', pattern: noteId([{ prefix: 'n-' }]), event: created, matches: true },
    { name: 'prefix differs', pattern: noteId([{ prefix: 'm-' }]), event: created, matches: false },
    { name: 'prefix is case-sensitive', pattern: noteId([{ prefix: 'N-' }]), event: created, matches: false },
    { name: 'prefix never matches a number', pattern: tally([{ prefix: '5' }]), event: tallied, matches: false },
    { name: 'suffix matches', pattern: { 'detail-type': [{ suffix: 'Created' }] }, event: created, matches: true },
    { name: 'suffix differs', pattern: { 'detail-type': [{ suffix: 'Deleted' }] }, event: created, matches: false },
    { name: 'prefix OR exact value', pattern: { source: [{ prefix: 'aws.' }, 'minqing.fixture'] }, event: created, matches: true },
  ];

  const anythingBut: Case[] = [
    { name: 'single value other than the event value', pattern: kind([{ 'anything-but': 'poison' }]), event: created, matches: true },
    { name: 'single value equal to the event value', pattern: kind([{ 'anything-but': 'plain' }]), event: created, matches: false },
    { name: 'list not containing the event value', pattern: kind([{ 'anything-but': ['poison', 'draft'] }]), event: created, matches: true },
    { name: 'list containing the event value', pattern: kind([{ 'anything-but': ['poison', 'plain'] }]), event: created, matches: false },
    { name: 'numeric list not containing the number', pattern: tally([{ 'anything-but': [1, 2] }]), event: tallied, matches: true },
    { name: 'numeric list containing the number', pattern: tally([{ 'anything-but': [5, 6] }]), event: tallied, matches: false },
    { name: 'nested prefix the value lacks', pattern: noteId([{ 'anything-but': { prefix: 'x-' } }]), event: created, matches: true },
    { name: 'nested prefix the value has', pattern: noteId([{ 'anything-but': { prefix: 'n-' } }]), event: created, matches: false },
    { name: 'nested suffix the value has', pattern: { 'detail-type': [{ 'anything-but': { suffix: 'Created' } }] }, event: created, matches: false },
    { name: 'nested equals-ignore-case', pattern: kind([{ 'anything-but': { 'equals-ignore-case': 'PLAIN' } }]), event: created, matches: false },
    { name: 'event array with one element outside the list', pattern: { resources: [{ 'anything-but': RULE_A }] }, event: created, matches: true },
  ];

  const exists: Case[] = [
    { name: 'exists true on a present field', pattern: noteId([{ exists: true }]), event: created, matches: true },
    { name: 'exists true on a missing field', pattern: { detail: { data: { district: [{ exists: true }] } } }, event: created, matches: false },
    { name: 'exists false on a missing field', pattern: { detail: { data: { district: [{ exists: false }] } } }, event: created, matches: true },
    { name: 'exists false on a present field', pattern: noteId([{ exists: false }]), event: created, matches: false },
    {
      name: 'exists false combined with another field',
      pattern: { source: ['minqing.fixture'], detail: { data: { tally: [{ exists: false }] } } },
      event: created,
      matches: true,
    },
  ];

  const numeric: Case[] = [
    { name: '= equal', pattern: tally([{ numeric: ['=', 5] }]), event: tallied, matches: true },
    { name: '= different', pattern: tally([{ numeric: ['=', 4] }]), event: tallied, matches: false },
    { name: '> below', pattern: tally([{ numeric: ['>', 5] }]), event: tallied, matches: false },
    { name: '>= at the bound', pattern: tally([{ numeric: ['>=', 5] }]), event: tallied, matches: true },
    { name: '< at the bound', pattern: tally([{ numeric: ['<', 5] }]), event: tallied, matches: false },
    { name: '<= at the bound', pattern: tally([{ numeric: ['<=', 5] }]), event: tallied, matches: true },
    { name: 'open range containing the value', pattern: tally([{ numeric: ['>', 0, '<', 10] }]), event: tallied, matches: true },
    { name: 'open range excluding the value', pattern: tally([{ numeric: ['>', 5, '<=', 10] }]), event: tallied, matches: false },
    { name: 'closed range at its upper bound', pattern: tally([{ numeric: ['>=', 1, '<=', 5] }]), event: tallied, matches: true },
    { name: 'decimal bounds', pattern: tally([{ numeric: ['>', 4.5, '<', 5.5] }]), event: tallied, matches: true },
    { name: 'never matches a string', pattern: noteId([{ numeric: ['>', 0] }]), event: created, matches: false },
  ];

  const ignoreCase: Case[] = [
    { name: 'same letters, other case', pattern: { 'detail-type': [{ 'equals-ignore-case': 'NOTECREATED' }] }, event: created, matches: true },
    { name: 'other letters', pattern: { 'detail-type': [{ 'equals-ignore-case': 'notetallied' }] }, event: created, matches: false },
    { name: 'is a whole-value comparison, not a prefix', pattern: { 'detail-type': [{ 'equals-ignore-case': 'note' }] }, event: created, matches: false },
  ];

  describe.each([
    ['exact values', exact],
    ['nested detail fields', nested],
    ['a field missing from the event', missing],
    ['arrays in the event', arrays],
    ['prefix and suffix', prefixSuffix],
    ['anything-but', anythingBut],
    ['exists', exists],
    ['numeric', numeric],
    ['equals-ignore-case', ignoreCase],
  ])('%s', (_group, cases) => {
    it.each(cases)('$name → $matches', ({ pattern, event, matches }) => {
      // Act
      const result = matchesPattern(pattern, event);

      // Assess
      expect(result).toBe(matches);
    });
  });

  it.each([null, undefined, 'NoteCreated', 42])('never matches a non-object event (%s)', (event) => {
    expect(matchesPattern({ source: [{ exists: false }] }, event)).toBe(false);
  });

  it.each([
    ['wildcard', { wildcard: 'n-*' }],
    ['cidr', { cidr: '10.0.0.0/24' }],
    ['an empty operator object', {}],
  ])('throws on an unsupported operator (%s)', (_name, rule) => {
    // Prepare
    const pattern: EventPattern = noteId([rule]);

    // Act / Assess
    expect(() => matchesPattern(pattern, created)).toThrow(/unsupported event pattern operator/);
  });
});
