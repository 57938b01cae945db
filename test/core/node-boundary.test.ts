// The engine runs in the browser too: only src/ingest/ and src/cli/ may use Node's modules (the guide's rule).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));
const NODE_ALLOWED = ['ingest', 'cli'];
const NODE_IMPORT = /\bfrom\s+['"]node:|\bimport\(\s*['"]node:|\brequire\(\s*['"]node:/;

function* sources(dir: string): Generator<string> {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, d.name);
    if (d.isDirectory()) yield* sources(path);
    else if (d.name.endsWith('.ts')) yield path;
  }
}

it('no core module imports from node:', () => {
  const offenders = [...sources(src)]
    .map((f) => relative(src, f).split('\\').join('/'))
    .filter((f) => !NODE_ALLOWED.includes(f.split('/')[0]!))
    .filter((f) => NODE_IMPORT.test(readFileSync(join(src, f), 'utf8')));
  expect(offenders).toEqual([]);
});
