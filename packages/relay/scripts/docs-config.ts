/** Rewrites the README's variable tables from src/config/variables.ts (`pnpm docs:config`). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReadme } from '../src/config/docs.ts';

const file = join(import.meta.dirname, '../README.md');
const before = readFileSync(file, 'utf8');
const after = renderReadme(before);
if (after !== before) writeFileSync(file, after);
process.stdout.write(
  after === before ? 'README.md: variable tables up to date\n' : 'README.md: variable tables rewritten\n',
);
