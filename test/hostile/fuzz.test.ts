// The fuzz run (npm run fuzz, scripts/fuzz/) for a few seconds on a fixed seed, so that npm test covers it: the same
// seed makes the same inputs, every target has seeds from the project, and two rounds over every target (its first
// seed as it is, its first mutated input) through worker processes find no crash, hang, memory failure or path
// outside the bundle. The long run is `npm run fuzz` (120 s), which finds what these few inputs cannot.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTargets, generate, seedCount, type Target } from '../../scripts/fuzz/corpus.js';
import { formatSummary, runFuzz } from '../../scripts/fuzz/run.js';
import { parsers } from '../../src/parsers/index.js';

const SEED = 11;

describe('npm run fuzz, briefly', () => {
  let targets: Target[] = [];
  let tmp = '';
  beforeAll(async () => {
    targets = await buildTargets();
    tmp = mkdtempSync(join(tmpdir(), 'logscan-fuzz-test-'));
  }, 60_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('has a target with seeds for every parser, and for both ingests on every archive format', () => {
    const names = targets.map((t) => t.name);
    for (const p of parsers) expect(names).toContain(`parser:${p.id}`);
    for (const ingest of ['node', 'web']) for (const f of ['tgz', 'tar', 'zip', 'zip-streamed', 'gz']) expect(names).toContain(`ingest-${ingest}:${f}`);
    expect(targets.filter((t) => seedCount(t) === 0).map((t) => t.name)).toEqual([]);
  });

  it('makes the same inputs from the same seed, and mutated ones differ from their seeds', async () => {
    for (const t of targets.filter((_, i) => i % 5 === 0)) {
      for (const index of [0, 1, 7, 40]) {
        const a = await generate(t, SEED, index, 0);
        const b = await generate(t, SEED, index, 0);
        expect(b.mutations).toEqual(a.mutations);
        expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
      }
      const other = await generate(t, SEED + 1, 41, 0);
      const mutated = await generate(t, SEED, 41, 0);
      expect(other.mutations.join()).not.toEqual(mutated.mutations.join());
    }
  }, 60_000);

  it('runs every target for a few seconds: no crash, hang, memory failure or path outside the bundle', async () => {
    // Exactly two rounds, the same inputs on any machine: each target's first seed, then its first mutated input.
    const summary = await runFuzz({ seconds: 60, seed: SEED, workers: 1, minRounds: 2, maxRounds: 2, prepared: targets, out: join(tmp, 'out') });
    const figures = formatSummary(summary).join('\n');
    expect(figures).toMatch(/inputs tried: \d+/);
    expect(figures).toMatch(/memory peak: \d+ MB/);
    expect([...summary.targets].filter(([, s]) => s.tried !== 2).map(([name]) => name)).toEqual([]);
    expect(summary.failures.map((f) => `${f.category} ${f.target} #${f.index}: ${f.message.split('\n')[0]} (${f.mutations.join('; ')})`)).toEqual([]);
  }, 90_000);
});
