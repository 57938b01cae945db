// Generated files are up to date, and every detector carries what the contract needs.
import { stepsFor } from '../src/detectors/engine.js';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSamples } from '../scripts/make-samples.js';
// @ts-expect-error plain ESM script without types
import { detectorModules, renderIndex } from '../scripts/gen-detector-index.mjs';
import { detectors } from '../src/detectors/index.js';
import { CATEGORIES } from '../src/model.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('project', () => {
  it('samples/ matches what npm run samples builds from the fixtures', async () => {
    const built = await buildSamples();
    expect([...built.keys()].sort()).toEqual(readdirSync(join(root, 'samples')).sort());
    for (const [name, bytes] of built) expect(readFileSync(join(root, 'samples', name)).equals(bytes), `samples/${name} is stale: run npm run samples`).toBe(true);
  });

  it('the detector index lists every detector file', () => {
    expect(readFileSync(join(root, 'src', 'detectors', 'index.ts'), 'utf8')).toBe(renderIndex(detectorModules()));
  });

  it('every detector has a test file', () => {
    const tests = readdirSync(join(root, 'test', 'detectors'));
    for (const file of detectorModules() as string[]) expect(tests).toContain(file.replace(/\.ts$/, '.test.ts'));
  });

  it('watch keywords are long enough for the keyword scan to skip ahead', () => {
    // The scan (Wu-Manber, src/text/keyword-set.ts) skips by the shortest keyword's length less 2: one 4-letter
    // keyword makes every routine line of every log cost four times the steps.
    const short = detectors.flatMap((d) => (d.meta.watch ?? []).filter((w) => w.length < 9).map((w) => `${d.meta.id}: '${w}'`));
    expect(short).toEqual([]);
  });

  for (const d of detectors) {
    it(`detector ${d.meta.id} declares category, docs, remediation and variants`, () => {
      expect(CATEGORIES).toContain(d.meta.category);
      for (const link of typeof d.meta.docs === 'string' ? [d.meta.docs] : Object.values(d.meta.docs)) expect(link).toMatch(/^https:\/\//);
      expect(stepsFor(d.meta.remediation, 'linux').length).toBeGreaterThan(0);
      expect(stepsFor(d.meta.remediation, 'windows').length).toBeGreaterThan(0);
      expect(Object.keys(d.meta.variants).length).toBeGreaterThan(0);
      for (const [id, v] of Object.entries(d.meta.variants)) {
        expect(id).toMatch(/^[a-z0-9-]+$/);
        expect(v.title.length).toBeGreaterThan(5);
      }
    });
  }
});
