import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { causedBy, createEvent, defineEvent, detailSchema, eventMetadataSchema, type EventOf } from '../../shared/events/envelope.ts';
import { NoteCreated, NoteTallied } from '../fixture/events.ts';

const now = new Date('2025-03-01T08:00:00.000Z');

describe('createEvent', () => {
  it('fills the EventBridge fields and the metadata of a new flow', () => {
    // Act
    const event = createEvent(NoteCreated, { noteId: 'n-1', kind: 'plain' }, { city: 'demo', now });

    // Assess
    const { metadata, data } = event.detail;
    expect(event.source).toBe('minqing.fixture');
    expect(event.detailType).toBe('NoteCreated');
    expect(data).toEqual({ noteId: 'n-1', kind: 'plain' });
    expect(metadata).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      schemaVersion: '1.0',
      occurredAt: '2025-03-01T08:00:00.000Z',
      correlationId: metadata.eventId,
      causationId: metadata.eventId,
      city: 'demo',
    });
  });

  it('gives every event its own id', () => {
    // Act
    const ids = Array.from({ length: 50 }, () => createEvent(NoteCreated, NoteCreated.sample, { city: 'demo', now }).detail.metadata.eventId);

    // Assess
    expect(new Set(ids).size).toBe(50);
  });

  it('takes occurredAt from the passed clock, not the system clock', () => {
    const event = createEvent(NoteCreated, NoteCreated.sample, { city: 'demo', now: new Date('1999-12-31T23:59:59.123Z') });
    expect(event.detail.metadata.occurredAt).toBe('1999-12-31T23:59:59.123Z');
  });

  it('uses a given eventId', () => {
    const event = createEvent(NoteCreated, NoteCreated.sample, { city: 'demo', now, eventId: 'outbox-7' });
    expect(event.detail.metadata).toMatchObject({ eventId: 'outbox-7', correlationId: 'outbox-7', causationId: 'outbox-7' });
  });

  it('takes correlation and causation from the cause', () => {
    // Act
    const event = createEvent(NoteCreated, NoteCreated.sample, {
      city: 'demo',
      now,
      eventId: 'evt-2',
      cause: { correlationId: 'flow-1', causationId: 'req-9' },
    });

    // Assess
    expect(event.detail.metadata).toMatchObject({ eventId: 'evt-2', correlationId: 'flow-1', causationId: 'req-9' });
  });

  it('applies the contract schema to the data (outputs the parsed data)', () => {
    // Prepare: a contract whose schema transforms its input
    const Trimmed = defineEvent({
      source: 'minqing.fixture',
      detailType: 'NoteTrimmed',
      schemaVersion: '1.0',
      description: 'test',
      data: z.object({ noteId: z.string().trim() }).strict(),
      sample: { noteId: ' n-1 ' },
    });

    // Act
    const event = createEvent(Trimmed, { noteId: '  n-2  ' }, { city: 'demo', now });

    // Assess
    expect(event.detail.data).toEqual({ noteId: 'n-2' });
  });

  it.each([
    ['an unknown kind', { noteId: 'n-1', kind: 'other' }],
    ['a missing field', { noteId: 'n-1' }],
    ['an extra field', { noteId: 'n-1', kind: 'plain', text: 'personal data' }],
    ['a wrong type', { noteId: 1, kind: 'plain' }],
  ])('refuses data that breaks the contract: %s', (_name, data) => {
    expect(() => createEvent(NoteCreated, data as never, { city: 'demo', now })).toThrow(z.ZodError);
  });

  it.each([
    ['upper case', 'Demo'],
    ['one letter', 'd'],
    ['starting with a digit', '1city'],
    ['an underscore', 'new_york'],
    ['empty', ''],
    ['longer than 31 characters', 'a'.repeat(32)],
  ])('refuses a bad city: %s', (_name, city) => {
    expect(() => createEvent(NoteCreated, NoteCreated.sample, { city, now })).toThrow(z.ZodError);
  });

  it.each(['demo', 'shanghai-pudong', 'c2', 'a'.repeat(31)])('accepts the city %s', (city) => {
    expect(createEvent(NoteCreated, NoteCreated.sample, { city, now }).detail.metadata.city).toBe(city);
  });

  it('refuses an invalid clock', () => {
    expect(() => createEvent(NoteCreated, NoteCreated.sample, { city: 'demo', now: new Date('not a date') })).toThrow();
  });

  it('refuses an eventId longer than 64 characters', () => {
    expect(() => createEvent(NoteCreated, NoteCreated.sample, { city: 'demo', now, eventId: 'e'.repeat(65) })).toThrow(z.ZodError);
  });
});

describe('causedBy', () => {
  it('keeps the correlation of the flow and names the handled event as the cause', () => {
    // Prepare
    const first = createEvent(NoteCreated, NoteCreated.sample, {
      city: 'demo',
      now,
      eventId: 'evt-1',
      cause: { correlationId: 'flow-1', causationId: 'req-1' },
    });

    // Act
    const cause = causedBy(first.detail.metadata);
    const second = createEvent(NoteTallied, NoteTallied.sample, { city: 'demo', now, eventId: 'evt-2', cause });

    // Assess
    expect(cause).toEqual({ correlationId: 'flow-1', causationId: 'evt-1' });
    expect(second.detail.metadata).toMatchObject({ correlationId: 'flow-1', causationId: 'evt-1', eventId: 'evt-2' });
  });

  it('starts from the first event of a flow: its id is the correlation', () => {
    const first = createEvent(NoteCreated, NoteCreated.sample, { city: 'demo', now, eventId: 'evt-1' });
    expect(causedBy(first.detail.metadata)).toEqual({ correlationId: 'evt-1', causationId: 'evt-1' });
  });
});

describe('defineEvent', () => {
  const valid = {
    source: 'minqing.fixture',
    detailType: 'NoteArchived',
    schemaVersion: '1.0',
    description: 'A note was archived.',
    data: z.object({ noteId: z.string() }).strict(),
    sample: { noteId: 'n-1' },
  } as const;

  it('returns a valid contract unchanged', () => {
    expect(defineEvent(valid)).toBe(valid);
  });

  it.each(['minqing.', 'minqing.Fixture', 'minqing.fix_ture', 'aws.fixture', 'minqing.fixture.notes', 'minqing.1fixture'])(
    'refuses the source %s',
    (source) => {
      expect(() => defineEvent({ ...valid, source: source as `minqing.${string}` })).toThrow(/bad event source/);
    },
  );

  it.each(['noteArchived', 'Note Archived', 'Note-Archived', 'NoteArchived2', 'N', ''])('refuses the detail-type "%s"', (detailType) => {
    expect(() => defineEvent({ ...valid, detailType })).toThrow(/bad detail-type/);
  });

  it('accepts a hyphenated source', () => {
    expect(() => defineEvent({ ...valid, source: 'minqing.deputy-office' })).not.toThrow();
  });

  it('refuses a sample that breaks its own schema', () => {
    expect(() => defineEvent({ ...valid, sample: { noteId: 'n-1', extra: true } as never })).toThrow(z.ZodError);
    expect(() => defineEvent({ ...valid, sample: {} as never })).toThrow(z.ZodError);
  });
});

describe('detailSchema', () => {
  const schema = detailSchema(NoteCreated);
  const detail = createEvent(NoteCreated, NoteCreated.sample, { city: 'demo', now, eventId: 'evt-1' }).detail;

  it('accepts the detail of an event built by createEvent', () => {
    expect(schema.parse(JSON.parse(JSON.stringify(detail)))).toEqual(detail);
  });

  it.each([
    ['at the top level', { ...detail, extra: 1 }],
    ['in metadata', { ...detail, metadata: { ...detail.metadata, userName: 'Li Wei' } }],
    ['in data', { ...detail, data: { ...detail.data, phone: '13800000000' } }],
  ])('refuses an extra key %s', (_where, input) => {
    // Act
    const parsed = schema.safeParse(input);

    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.code)).toContain('unrecognized_keys');
  });

  it('refuses a detail without metadata', () => {
    expect(schema.safeParse({ data: detail.data }).success).toBe(false);
  });

  it('refuses a schemaVersion that is not MAJOR.MINOR', () => {
    expect(eventMetadataSchema.safeParse({ ...detail.metadata, schemaVersion: '1' }).success).toBe(false);
    expect(eventMetadataSchema.safeParse({ ...detail.metadata, schemaVersion: '1.0.0' }).success).toBe(false);
  });
});

describe('EventOf', () => {
  const FIXTURE_EVENTS = [NoteCreated, NoteTallied] as const;
  const summary = (event: EventOf<typeof FIXTURE_EVENTS>): string => {
    switch (event.detailType) {
      case 'NoteCreated':
        return `${event.data.noteId} created ${event.data.kind}`;
      case 'NoteTallied':
        return `${event.data.noteId} tallied ${event.data.tally}`;
    }
  };

  it("keeps each contract's detail-type as a literal type", () => {
    expectTypeOf(NoteCreated.detailType).toEqualTypeOf<'NoteCreated'>();
    expectTypeOf<EventOf<typeof FIXTURE_EVENTS>['detailType']>().toEqualTypeOf<'NoteCreated' | 'NoteTallied'>();
  });

  it('narrows the data by the detail-type, so each case reads its own fields', () => {
    // Prepare
    const created: EventOf<typeof FIXTURE_EVENTS> = { detailType: 'NoteCreated', data: { noteId: 'n-1', kind: 'plain' } };
    const tallied: EventOf<typeof FIXTURE_EVENTS> = { detailType: 'NoteTallied', data: { noteId: 'n-1', tally: 3 } };

    // Act
    const summaries = [summary(created), summary(tallied)];

    // Assess
    expect(summaries).toEqual(['n-1 created plain', 'n-1 tallied 3']);
  });
});
