// The parallel engine (the built dist/cli/parallel.js, whose worker is dist/cli/parse-worker.js) gives the
// in-process engine's report on every sample, whether the logs go to the worker or the main thread parses them.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');

type Engine = typeof import('../../src/analyze.js');
type Parallel = typeof import('../../src/cli/parallel.js');
type Ingest = typeof import('../../src/ingest/index.js');
type Zone = typeof import('../../src/time/zone.js');

const { analyze } = (await import(join(dist, 'analyze.js'))) as Engine;
const { analyzeParallel } = (await import(join(dist, 'cli', 'parallel.js'))) as Parallel;
const { openBundle } = (await import(join(dist, 'ingest', 'index.js'))) as Ingest;
const { ASSUME_UTC } = (await import(join(dist, 'time', 'zone.js'))) as Zone;

async function input(sample: string) {
  const bundle = await openBundle(join(root, 'samples', sample));
  return { name: bundle.name, kind: bundle.kind, sizeBytes: () => bundle.sizeBytes, entries: bundle.entries, problems: bundle.problems };
}

/** Reports are compared as their JSON text. */
const same = (r: Report) => JSON.stringify(r);

const samples = readdirSync(join(root, 'samples')).filter((f) => /\.(tgz|zip)$/.test(f));

describe('parallel engine', () => {
  it.each(samples)('%s: same report with the logs on the worker, on the main thread, on three threads', async (sample) => {
    const expected = same(await analyze(await input(sample), { tz: ASSUME_UTC }));
    const options = { tz: ASSUME_UTC, tzSpec: undefined };
    // Nothing queued is ever enough: every log goes to the idle worker.
    expect(same(await analyzeParallel(await input(sample), { ...options, jobs: 2, localWhenQueued: Infinity }))).toBe(expected);
    // A worker with anything queued counts as busy: the main thread parses the logs in between.
    expect(same(await analyzeParallel(await input(sample), { ...options, jobs: 2, localWhenQueued: 0 }))).toBe(expected);
    expect(same(await analyzeParallel(await input(sample), { ...options, jobs: 3, localWhenQueued: 0 }))).toBe(expected);
  });

  it('the main thread takes a share of the logs when the worker is busy', async () => {
    const seen: string[] = [];
    const local: string[] = [];
    await analyzeParallel(await input('healthy-logs.zip'), { tz: ASSUME_UTC, tzSpec: undefined, jobs: 2, localWhenQueued: 0, onEntry: (e) => seen.push(e.path), onLocalParse: (path) => local.push(path) });
    expect(local.length).toBeGreaterThan(0);
    expect(local.length).toBeLessThan(seen.length);
  });
});
