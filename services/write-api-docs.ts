import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderApiMarkdown } from '../shared/api/render-markdown.ts';
import { apiDocument } from './api.ts';

/** `npm run api:docs`: regenerates `docs/api.md` from every service's `api.ts`. */
export const apiDocsFile = fileURLToPath(new URL('../docs/api.md', import.meta.url));

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(apiDocsFile, renderApiMarkdown(apiDocument()));
  process.stdout.write(`API reference written to ${apiDocsFile}\n`);
}
