import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicContracts } from '../../shared/events/catalog/index.ts';
import { renderCatalog } from '../../shared/events/catalog/render.ts';
import { catalogDir } from '../../shared/events/catalog/write-catalog.ts';
import { detailSchema } from '../../shared/events/envelope.ts';
import { NoteCreated, NoteTallied } from '../fixture/events.ts';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(catalogDir, path)];
  });
}

describe('event catalog (docs/events)', () => {
  it('is up to date with the zod contracts (run `npm run events:catalog` if this fails)', () => {
    // Prepare
    const expected = renderCatalog(publicContracts);

    // Act
    const committed = filesUnder(catalogDir).sort();

    // Assess
    expect(committed).toEqual(expected.map((f) => f.path).sort());
    for (const file of expected) expect(readFileSync(join(catalogDir, file.path), 'utf8'), file.path).toBe(file.content);
  });

  it('renders one schema and one valid sample per contract', () => {
    // Act
    const files = renderCatalog([NoteTallied, NoteCreated]);

    // Assess
    const paths = files.map((f) => f.path);
    expect(paths).toEqual([
      'envelope.metadata.schema.json',
      'minqing.fixture/NoteCreated.v1.schema.json',
      'minqing.fixture/NoteCreated.v1.sample.json',
      'minqing.fixture/NoteTallied.v1.schema.json',
      'minqing.fixture/NoteTallied.v1.sample.json',
      'README.md',
    ]);
    const schema = JSON.parse(files[1]!.content);
    expect(schema.required).toEqual(['metadata', 'data']);
    expect(schema.properties.data.properties.kind.enum).toEqual(['plain', 'poison']);
    const sample = JSON.parse(files[2]!.content);
    expect(sample).toMatchObject({ source: 'minqing.fixture', 'detail-type': 'NoteCreated' });
    expect(detailSchema(NoteCreated).parse(sample.detail).data).toEqual(NoteCreated.sample);
    expect(files[5]!.content).toContain('| `minqing.fixture` | `NoteCreated` | 1.0 |');
  });

  it('contains only unique source, detail-type and major version triples', () => {
    const stems = publicContracts.map((c) => `${c.source}/${c.detailType}/${c.schemaVersion.split('.')[0]}`);
    expect(new Set(stems).size).toBe(stems.length);
  });
});
