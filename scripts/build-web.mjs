// Builds the web viewer into dist/web/: the page (main.js) and the analysis worker (worker.js), bundled
// by esbuild from web/src/ with the engine from src/, plus index.html and style.css, and report-page.js, the
// script `logscan --format html` inlines. Static files only;
// `logscan serve` serves them. Run by `npm run build:web` and as part of `npm run build`.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const out = join(root, 'dist', 'web');

function uplotVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'uplot', 'package.json'), 'utf8')).version;
}

export async function buildWeb({ outdir = out, minify = true } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  // What every browser bundle shares.
  const common = { outdir, bundle: true, format: 'iife', platform: 'browser', target: ['es2022', 'chrome100', 'firefox115', 'safari16'], minify, logLevel: 'warning' };
  await build({
    ...common,
    entryPoints: { main: join(web, 'src', 'main.ts'), worker: join(web, 'src', 'worker.ts') },
    sourcemap: 'linked',
    legalComments: 'linked',
    // The core runs unchanged, with no Node built-in (routing reads a generated table, not micromatch).
    // tar-stream's streams (streamx) take their EventEmitter from `events`, which outside Node is bare-events
    // (what events-universal, their own wrapper, uses there). Any other Node built-in fails the build.
    alias: { events: 'bare-events' },
  });
  // The script of `logscan --format html`, inlined into that one file: no source map, no other file.
  await build({
    ...common,
    entryPoints: { 'report-page': join(web, 'src', 'report-page.ts') },
    sourcemap: false,
    legalComments: 'inline',
  });
  cpSync(join(web, 'index.html'), join(outdir, 'index.html'));
  // uPlot's stylesheet goes into style.css (the page's CSP allows no other style source).
  const uplotCss = readFileSync(createRequire(import.meta.url).resolve('uplot/dist/uPlot.min.css'), 'utf8');
  writeFileSync(join(outdir, 'style.css'), `/* uPlot ${uplotVersion()} (MIT) */\n${uplotCss.trim()}\n\n${readFileSync(join(web, 'style.css'), 'utf8')}`);
  return ['index.html', 'style.css', 'main.js', 'worker.js', 'report-page.js'].map((f) => [f, statSync(join(outdir, f)).size]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await buildWeb();
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`web viewer built in dist/web: ${sizes.map(([f, n]) => `${f} ${kib(n)}`).join(', ')}`);
}
