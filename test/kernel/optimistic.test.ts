import { describe, expect, it } from 'vitest';
import { emit, type Transition } from '../../shared/domain/transition.ts';
import type { DomainEvent } from '../../shared/events/envelope.ts';
import { ConflictError, NotFoundError } from '../../shared/runtime/errors.ts';
import { changeWithEvents, type VersionedRepository } from '../../shared/store/optimistic.ts';
import { NoteTallied } from '../fixture/events.ts';

interface Note {
  noteId: string;
  tally: number;
}
interface StoredNote {
  note: Note;
  version: number;
}

/** Notes in memory, with the version check a conditional write makes; `interfere` changes a note between read and write. */
function memoryNotes(notes: Note[], interfere: (notes: Map<string, StoredNote>) => void = () => {}) {
  const items = new Map(notes.map((note) => [note.noteId, { note, version: 1 }]));
  const saved: DomainEvent[] = [];
  let reads = 0;
  const repository: VersionedRepository<StoredNote, Note> = {
    async get(id) {
      reads++;
      return items.get(id);
    },
    async save(stored, next, events) {
      interfere(items);
      if (items.get(next.noteId)?.version !== stored.version) throw new ConflictError('changed', 'VERSION_CONFLICT');
      items.set(next.noteId, { note: next, version: stored.version + 1 });
      saved.push(...events);
    },
  };
  return { repository, items, saved, reads: () => reads };
}

const tally = ({ note }: StoredNote): Transition<Note> => {
  const next = { ...note, tally: note.tally + 1 };
  return { next, emitted: [emit(NoteTallied, { noteId: note.noteId, tally: next.tally })] };
};
const context = { city: 'demo', now: new Date('2026-03-05T02:00:00Z'), cause: { correlationId: 'flow-1', causationId: 'req-1' }, notFound: 'No such note.' };

describe('changeWithEvents', () => {
  it('saves the decided state with its events, enveloped for the city and cause', async () => {
    // Prepare
    const { repository, items, saved } = memoryNotes([{ noteId: 'n-1', tally: 0 }]);

    // Act
    const changed = await changeWithEvents(repository, 'n-1', tally, context);

    // Assess
    expect(changed).toEqual({ from: { note: { noteId: 'n-1', tally: 0 }, version: 1 }, next: { noteId: 'n-1', tally: 1 } });
    expect(items.get('n-1')).toEqual({ note: { noteId: 'n-1', tally: 1 }, version: 2 });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      detailType: 'NoteTallied',
      detail: {
        metadata: { city: 'demo', occurredAt: '2026-03-05T02:00:00.000Z', correlationId: 'flow-1', causationId: 'req-1' },
        data: { noteId: 'n-1', tally: 1 },
      },
    });
  });

  it('decides again on fresh state when a concurrent change wins the write', async () => {
    // Prepare: someone else tallies the note between the first read and its write
    let interfered = false;
    const { repository, items, saved, reads } = memoryNotes([{ noteId: 'n-1', tally: 0 }], (notes) => {
      if (interfered) return;
      interfered = true;
      notes.set('n-1', { note: { noteId: 'n-1', tally: 5 }, version: 2 });
    });

    // Act
    const changed = await changeWithEvents(repository, 'n-1', tally, context);

    // Assess
    expect(reads()).toBe(2);
    expect(changed?.next).toEqual({ noteId: 'n-1', tally: 6 });
    expect(items.get('n-1')?.version).toBe(3);
    expect(saved.map((e) => e.detail.data)).toEqual([{ noteId: 'n-1', tally: 6 }]);
  });

  it('writes nothing when the decision is that nothing changes', async () => {
    // Prepare
    const { repository, items, saved } = memoryNotes([{ noteId: 'n-1', tally: 0 }]);

    // Act
    const changed = await changeWithEvents(repository, 'n-1', () => undefined, context);

    // Assess
    expect(changed).toBeUndefined();
    expect(items.get('n-1')?.version).toBe(1);
    expect(saved).toEqual([]);
  });

  it('refuses an item that does not exist, in the words given', async () => {
    // Prepare
    const { repository } = memoryNotes([]);

    // Act
    const change = changeWithEvents(repository, 'n-9', tally, context);

    // Assess
    await expect(change).rejects.toBeInstanceOf(NotFoundError);
    await expect(change).rejects.toThrow('No such note.');
  });
});
