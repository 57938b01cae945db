// dist/bin/main.js, what bin/logscan.js imports, and the worker threads' files (dist/bin/parse-worker.js,
// fleet-worker.js): each runs the CLI bundle (dist/bin/cli.js, CommonJS, built from main.ts) through the V8 code cache
// of compile-cache.ts. Kept apart from the CLI so that loading it compiles nothing more; the workers run their part
// of the same bundle, so the engine ships once and a worker starts from the cache too.
import { fileURLToPath } from 'node:url';
import { codeCacheDir, loadBundle } from './compile-cache.js';
import { watchForStranding } from './stranded.js';

type Cli = typeof import('./main.js');

/** Set by scripts/build-cli.mjs: a hash of dist/bin/cli.js, part of the cache file's name. */
declare const LOGSCAN_CLI_BUILD_ID: string | undefined;

function loadCli() {
  const buildId = typeof LOGSCAN_CLI_BUILD_ID === 'string' ? LOGSCAN_CLI_BUILD_ID : 'unbuilt';
  return loadBundle<Cli>(fileURLToPath(new URL('./cli.js', import.meta.url)), { cacheDir: codeCacheDir(process.env), buildId });
}

/** Runs the CLI; resolves to the exit code (see main.ts). */
export async function main(argv: string[]): Promise<number> {
  const cli = loadCli();
  const code = await watchForStranding(cli.exports.main(argv));
  // Only a run that read a bundle compiled what later runs need; a usage error or --help would cache too little.
  const covers = cli.exports.cacheCovers();
  if (covers) cli.save(covers);
  return code;
}

/** A worker thread's start: the worker's module in the bundle (it never writes the cache; the main thread does). */
export async function startWorker(kind: 'parse' | 'fleet'): Promise<void> {
  await loadCli().exports.startWorker(kind);
}
