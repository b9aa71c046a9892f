import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publicContracts } from './index.ts';
import { renderCatalog } from './render.ts';

/** `npm run events:catalog`: regenerates `docs/events/` from the contracts. */
export const catalogDir = fileURLToPath(new URL('../../../docs/events/', import.meta.url));

if (import.meta.url === `file://${process.argv[1]}`) {
  rmSync(catalogDir, { recursive: true, force: true });
  for (const file of renderCatalog(publicContracts)) {
    const target = join(catalogDir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  process.stdout.write(`event catalog written to ${catalogDir}\n`);
}
