// The built engine (dist/), for the tests of parsing on worker threads: a worker runs dist/cli/parse-worker.js, so
// the scheduler that starts it and the analysis it feeds are the built ones too, not the sources vitest compiles.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');

export type Engine = typeof import('../../src/analyze.js');
export type Parallel = typeof import('../../src/cli/parallel.js');
export type Ingest = typeof import('../../src/ingest/index.js');

export const engine = (await import(join(dist, 'analyze.js'))) as Engine;
export const parallel = (await import(join(dist, 'cli', 'parallel.js'))) as Parallel;
export const ingest = (await import(join(dist, 'ingest', 'index.js'))) as Ingest;
