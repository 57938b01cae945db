// Bundles the CLI into dist/bin/ with esbuild, packages included and minified:
// - cli.js: the command (src/cli/main.ts) as one CommonJS file, which dist/bin/main.js (src/cli/launch.ts) runs through
//   a V8 code cache (src/cli/compile-cache.ts). Node 20 caches no compiled ES module, and compiling the bundle and
//   the functions a run calls was ~50 ms of every start; from the cache it is ~10 ms.
// - parse-worker.js and fleet-worker.js: the worker threads' files (ES modules, with their shared chunks); each
//   thread loads them itself.
// `tsc` still type-checks and writes dist/ module by module (the bench and tools import single modules from there).
// Run as part of `npm run build`. The npm package ships dist/bin/ and dist/web/ only, without the source maps
// (package.json `files`): they stay here for `node --enable-source-maps` while debugging; profile with minify off.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// One level below dist/, like dist/cli/: the CLI finds the viewer's files at ../web.
const outdir = join(root, 'dist', 'bin');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: true,
  logLevel: 'warning',
  // unzipper's optional S3 reader, never used here.
  external: ['@aws-sdk/client-s3'],
  plugins: [lazyChildProcessForCommander(), asciiRegexLiterals(), fflateOnFirstUse()],
};

/**
 * esbuild writes strings and templates in ASCII (escapes), but leaves regular expression literals as written, and a
 * few hold Japanese, Cyrillic or typographic characters. One such character makes Node decode the whole 1.7 MB
 * bundle as two-byte text at every start (~7 ms instead of ~2 ms). Files that have any are rewritten as they load,
 * the characters in their regular expression literals written as \u escapes, which match the same text (TypeScript's
 * parser finds the literals).
 */
function asciiRegexLiterals() {
  return {
    name: 'ascii-regex-literals',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!mayHaveWideRegex(text)) return undefined;
        const { default: ts } = await import('typescript');
        const source = ts.createSourceFile(args.path, text, ts.ScriptTarget.Latest, false, /\.[cm]?ts$/.test(args.path) ? ts.ScriptKind.TS : ts.ScriptKind.JS);
        const edits = [];
        const visit = (node) => {
          if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
            const start = node.getStart(source);
            const literal = text.slice(start, node.end);
            if (/[^\x00-\x7f]/.test(literal)) edits.push({ start, end: node.end, text: escapeRegexLiteral(literal) });
          }
          ts.forEachChild(node, visit);
        };
        visit(source);
        if (edits.length === 0) return undefined;
        let out = '';
        let at = 0;
        for (const e of edits) {
          out += text.slice(at, e.start) + e.text;
          at = e.end;
        }
        out += text.slice(at);
        return { contents: out, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
      });
    },
  };
}

/**
 * A quick look before TypeScript's parser (~2 s for every file with a non-ASCII character): a line that has one and a
 * slash outside comments. A literal it misses only leaves the bundle slower, and the build says so.
 */
function mayHaveWideRegex(text) {
  return text.split('\n').some((line) => /[^\x00-\x7f]/.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line) && line.replace(/\s\/\/.*$/, '').includes('/'));
}

/** `/…/flags` with each non-ASCII character as an escape: \u{…} with the u or v flag, else UTF-16 \uXXXX units. */
function escapeRegexLiteral(literal) {
  const close = literal.lastIndexOf('/');
  const unicode = /[uv]/.test(literal.slice(close + 1));
  const hex = (n, width) => n.toString(16).padStart(width, '0');
  let body = '';
  for (const ch of literal.slice(0, close)) {
    const code = ch.codePointAt(0);
    if (code < 0x80) body += ch;
    else if (unicode) body += `\\u{${hex(code, 4)}}`;
    else for (let i = 0; i < ch.length; i++) body += `\\u${hex(ch.charCodeAt(i), 4)}`;
  }
  return body + literal.slice(close);
}

/**
 * commander requires node:child_process when loaded, for subcommands that are separate executables (logscan has
 * none); loading it and what it pulls in (net, dgram, worker_threads) is ~6 ms of every start. commander gets a
 * stand-in that requires the real module on first use.
 */
function lazyChildProcessForCommander() {
  return {
    name: 'lazy-child-process-for-commander',
    setup(b) {
      b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
        /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
        contents: "module.exports = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });",
        loader: 'js',
      }));
    },
  };
}

/**
 * fflate builds its inflate tables (a 32K-entry bit-reversal table, the fixed Huffman codes) when its module loads:
 * ~2 ms of every start, for the one CLI use (a waagent event's zlib-packed message) most runs never meet. The CLI gets
 * a stand-in whose exports load fflate on first use: getters, which esbuild's import interop copies as getters.
 * The stand-in loads fflate's browser build: the same inflate code (the viewer runs it), without the Node build's
 * start-up require('worker_threads') for its asynchronous API, which logscan does not use (~5 ms of every start).
 */
function fflateOnFirstUse() {
  const real = fileURLToPath(import.meta.resolve('fflate/browser'));
  return {
    name: 'fflate-on-first-use',
    setup(b) {
      b.onResolve({ filter: /^fflate(?:\/browser)?$/ }, () => ({ path: 'fflate', namespace: 'fflate-on-first-use' }));
      b.onLoad({ filter: /.*/, namespace: 'fflate-on-first-use' }, async () => {
        const names = Object.keys(await import(pathToFileURL(real).href)).filter((name) => name !== 'default');
        return {
          contents:
            `let loaded;\nconst fflate = () => (loaded ??= require(${JSON.stringify(real)}));\n` +
            names.map((name) => `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => fflate()[${JSON.stringify(name)}] });`).join('\n'),
          loader: 'js',
          resolveDir: root,
        };
      });
    },
  };
}

/**
 * BullMQ (with ioredis and msgpackr, ~830 KB of the bundle) serves only `logscan fleet --queue` and `logscan worker`.
 * It is bundled on its own and carried in cli.js as a string, compiled when one of those commands first imports it:
 * V8 scans a string literal far faster than it pre-parses code, which a start without the code cache (a first run,
 * a cache folder that cannot be written) pays for every function of the file (~30-50 ms here for BullMQ).
 */
async function bullmqCompiledOnUse() {
  const { outputFiles } = await build({
    ...common,
    plugins: [],
    stdin: { contents: "module.exports = require('bullmq');", resolveDir: root, loader: 'js', sourcefile: 'bullmq-entry.js' },
    format: 'cjs',
    sourcemap: false,
    write: false,
    outfile: 'bullmq.js',
  });
  const code = `(function (exports, require, module) {\n${outputFiles[0].text}\n})`;
  return {
    name: 'bullmq-compiled-on-use',
    setup(b) {
      b.onResolve({ filter: /^bullmq$/ }, () => ({ path: 'bullmq', namespace: 'compiled-on-use' }));
      b.onLoad({ filter: /.*/, namespace: 'compiled-on-use' }, () => ({
        contents:
          `const vendored = { exports: {} };\n` +
          `require('node:vm').runInThisContext(${JSON.stringify(code)}, { filename: 'bullmq (bundled into logscan)' })(vendored.exports, require, vendored);\n` +
          `module.exports = vendored.exports;\n`,
        loader: 'js',
      }));
    },
  };
}

export async function buildCli() {
  // Built beside, then swapped in: a logscan started meanwhile (a test, a bench run) finds the old build or the
  // new one whole, never a folder being emptied.
  const fresh = `${outdir}.new-${process.pid}`;
  const old = `${outdir}.old-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  await build({
    ...common,
    plugins: [...common.plugins, await bullmqCompiledOnUse()],
    entryPoints: { cli: join(root, 'src', 'cli', 'main.ts') },
    outdir: fresh,
    format: 'cjs',
    // launch.ts passes the file's URL: the CLI finds the workers (./parse-worker.js) and the viewer (../web) from it.
    define: { 'import.meta.url': '__logscan_import_meta_url' },
  });
  const cli = readFileSync(join(fresh, 'cli.js'));
  const wide = cli.filter((byte) => byte > 0x7f).length;
  if (wide > 0) console.warn(`build-cli: dist/bin/cli.js has ${wide} bytes outside ASCII: Node will decode it as two-byte text (slower start)`);
  // The code cache's files are named after this: a rebuilt CLI never meets the cache of another build.
  const buildId = createHash('sha256').update(cli).digest('hex').slice(0, 16);
  // The launcher alone, so that it loads no chunk: bin/logscan.js imports it.
  await build({
    ...common,
    entryPoints: { main: join(root, 'src', 'cli', 'launch.ts') },
    outdir: fresh,
    format: 'esm',
    define: { LOGSCAN_CLI_BUILD_ID: JSON.stringify(buildId) },
  });
  // The worker threads' files: each loads the same bundle and starts its module there (launch.ts).
  for (const kind of ['parse', 'fleet']) {
    await build({
      ...common,
      stdin: { contents: `import { startWorker } from './launch.ts';\nawait startWorker('${kind}');\n`, resolveDir: join(root, 'src', 'cli'), loader: 'ts', sourcefile: `${kind}-worker.ts` },
      outfile: join(fresh, `${kind}-worker.js`),
      format: 'esm',
      define: { LOGSCAN_CLI_BUILD_ID: JSON.stringify(buildId) },
    });
  }
  try {
    renameSync(outdir, old);
  } catch {
    // no build yet
  }
  renameSync(fresh, outdir);
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
