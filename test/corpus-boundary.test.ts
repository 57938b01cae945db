// Only the corpus tests (test/corpus, run by npm run test:corpus) read ../shared/corpus: a fresh clone has no
// ../shared, so a unit test that reads it would test nothing there, silently.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const test = dirname(fileURLToPath(import.meta.url));

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* files(path);
    else if (/\.(ts|mts|mjs|js)$/.test(e.name)) yield path;
  }
}

describe('the corpus boundary', () => {
  it('no test outside test/corpus names ../shared/corpus', () => {
    const offenders = [...files(test)]
      .filter((f) => !relative(test, f).startsWith('corpus/') && f !== fileURLToPath(import.meta.url))
      .filter((f) => /['"/]shared['"/][\s\S]{0,40}['"/]corpus\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(test, f));
    expect(offenders).toEqual([]);
  });
});
