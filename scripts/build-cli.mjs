// Bundles the CLI into dist/bin/ with esbuild: main.js (the command), parse-worker.js (the parallel parsing
// worker) and shared chunks, packages included and minified. Node then loads a handful of files instead of
// ~250 modules, which takes ~80 ms off every run (and off each worker's start); profile with minify off.
// `tsc` still type-checks and writes dist/ module by module (the bench and tools import single modules from
// there). Run as part of `npm run build`. The npm package ships dist/bin/ and dist/web/ only, without the source
// maps (package.json `files`): they stay here for `node --enable-source-maps` while debugging.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// One level below dist/, like dist/cli/: the CLI finds the viewer's files at ../web.
const outdir = join(root, 'dist', 'bin');

export async function buildCli() {
  // Built beside, then swapped in: a logscan started meanwhile (a test, a bench run) finds the old build or the
  // new one whole, never a folder being emptied.
  const fresh = `${outdir}.new-${process.pid}`;
  const old = `${outdir}.old-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  await build({
    entryPoints: {
      main: join(root, 'src', 'cli', 'main.ts'),
      'parse-worker': join(root, 'src', 'cli', 'parse-worker.ts'),
      // `logscan fleet`'s worker threads, found beside the chunk that starts them (src/cli/fleet/local-pool.ts).
      'fleet-worker': join(root, 'src', 'cli', 'fleet', 'fleet-worker.ts'),
    },
    outdir: fresh,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    minify: true,
    logLevel: 'warning',
    // unzipper's optional S3 reader, never used here.
    external: ['@aws-sdk/client-s3'],
    // CommonJS packages in an ESM bundle still call `require` for Node's built-in modules.
    banner: { js: "import { createRequire as __logscanRequire } from 'node:module';\nconst require = __logscanRequire(import.meta.url);" },
  });
  try {
    renameSync(outdir, old);
  } catch {
    // no build yet
  }
  renameSync(fresh, outdir);
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
