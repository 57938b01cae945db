// Runs a CommonJS bundle (the built CLI, dist/bin/cli.js) with a V8 code cache. Node 20 keeps no compiled code between
// runs (module.enableCompileCache came with Node 22): every start parsed the whole bundle again, then compiled each
// function it called, ~50 ms of a small bundle's run. The cache is the bytecode of every function one run compiled
// (V8's createCachedData after the run), so the next run deserialises instead of compiling.
//
// It can never change what a run does: V8 refuses data made by another V8, other flags or a source of another length,
// and the file's name carries the rest (the build's id, the bundle's size, time and inode, Node's version), so an edited or rebuilt bundle finds no file. A cache that cannot be read or written is ignored: the bundle
// is compiled as it would be without one. Files are written whole under a temporary name, then renamed.
import { isAscii } from 'node:buffer';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { isMainThread } from 'node:worker_threads';

/** What happened to the cache on this load; `save` writes one unless V8 accepted the one it found. */
export type CacheState = 'accepted' | 'rejected' | 'missing' | 'off';

export interface LoadedBundle<T> {
  exports: T;
  cache: CacheState;
  /** The file this load read or would write (undefined when caching is off). */
  cacheFile: string | undefined;
  /**
   * Writes the code compiled so far when the cache was missing or refused, or when this run was of a kind the cache
   * has not covered yet (`covers`: its command, output format, the parsers it used). Never throws.
   */
  save(covers?: readonly string[]): void;
}

/** Cache files kept in the folder (other builds, other Node versions); older ones go when a new one is written. */
const KEEP_FILES = 4;
/** Kinds of run one cache file records (commands, formats, parsers: a few dozen at most). */
const MAX_COVERS = 256;
const CACHE_NAME = /^cli-[0-9a-f]{16}\.v8cache$/;

/**
 * The folder for the cache: `LOGSCAN_CODE_CACHE` (a path, or `0` for none), else the user's cache folder
 * (`$XDG_CACHE_HOME/logscan`, `~/.cache/logscan`, `%LOCALAPPDATA%\logscan`); undefined when there is none.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  const override = env.LOGSCAN_CODE_CACHE;
  if (override !== undefined && override !== '') return override === '0' || override === 'off' ? undefined : override;
  if (platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'logscan') : undefined;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'logscan');
  return env.HOME ? join(env.HOME, '.cache', 'logscan') : undefined;
}

/**
 * Loads `file` as CommonJS (`require` resolves from its folder) and returns its exports. The file's URL is passed as
 * `__logscan_import_meta_url`, the build's stand-in for `import.meta.url`.
 */
export function loadBundle<T>(file: string, options: { cacheDir: string | undefined; buildId: string }): LoadedBundle<T> {
  const bytes = readFileSync(file);
  // The build writes the bundle in ASCII: read as such it is one-byte text, decoded in ~1.5 ms instead of ~4.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  if (sourceMapsWanted()) return { exports: compileAsModule<T>(file, source), cache: 'off', cacheFile: undefined, save: () => {} };
  const cacheFile = options.cacheDir === undefined ? undefined : join(options.cacheDir, cacheName(file, options.buildId));
  let cachedData: Buffer | undefined;
  if (cacheFile !== undefined) {
    // V8 drops the bytecode of functions not run for a while (its major collections age it): at the end of a long
    // run, module set-up and argument parsing are gone from what `save` writes, and every later start compiled
    // them again (the small sample took 280 ms after a first run on a large bundle, 160 ms after a small one).
    // Kept, they cost a few MB at most per thread: the bundle's functions that ran there. The flag is the process's:
    // set by the main thread, before any worker starts.
    if (isMainThread) setFlagsFromString('--no-flush-bytecode');
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // none yet, or unreadable: compiled from source
    }
  }
  // The wrapper on a line of its own (lineOffset -1), so the bundle's lines and columns stay what its source map says.
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __logscan_import_meta_url) {\n${source}\n})`, {
    filename: file,
    lineOffset: -1,
    ...(cachedData ? { cachedData } : {}),
  });
  const cache: CacheState = cacheFile === undefined ? 'off' : cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file), pathToFileURL(file).href);
  return {
    exports: module.exports,
    cache,
    cacheFile,
    save: (covers = []) => {
      if (cacheFile === undefined) return;
      // An accepted cache holds what the runs it covers compiled; a run of another kind compiled code it lacks (the
      // first run after a build may have been a timeline of one event log), and V8 writes what this run has now:
      // the functions it read from the cache and those it compiled. Each kind adds to it once.
      // Read here, at the end, not at every start.
      const covered = cache === 'accepted' ? readCovers(cacheFile) : new Set<string>();
      if (cache === 'accepted' && covers.every((key) => covered.has(key))) return;
      try {
        writeCache(cacheFile, () => script.createCachedData());
        writeCovers(cacheFile, [...covered, ...covers]);
      } catch {
        // a read-only or full disk: the next run compiles again
      }
    },
  };
}

/** The kinds of run a cache file has covered: `<file>.covers`, one a line; none when missing or unreadable. */
function readCovers(cacheFile: string): Set<string> {
  try {
    return new Set(readFileSync(`${cacheFile}.covers`, 'latin1').split('\n').filter((key) => key !== ''));
  } catch {
    return new Set();
  }
}

/** Written after the cache itself: a run that stops between the two only makes the next run of its kind save again. */
function writeCovers(cacheFile: string, covers: readonly string[]): void {
  const temporary = `${cacheFile}.covers.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, [...new Set(covers)].slice(0, MAX_COVERS).join('\n') + '\n');
    renameSync(temporary, `${cacheFile}.covers`);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** `node --enable-source-maps` (or NODE_OPTIONS): stack traces then name the TypeScript sources. */
function sourceMapsWanted(): boolean {
  const enabled = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled;
  if (enabled !== undefined) return enabled;
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].includes('--enable-source-maps');
}

interface ModuleLoader {
  new (id: string): { filename: string; paths: string[]; exports: unknown; _compile(content: string, filename: string): void };
  _nodeModulePaths(dir: string): string[];
}

/**
 * Node maps stack traces only for code its module loader compiled, so with source maps on the bundle goes through
 * it, without the cache (a debugging run). The stand-in for import.meta.url goes after the bundle's "use strict"
 * directive: only the first line's columns move.
 */
function compileAsModule<T>(file: string, source: string): T {
  const Module = createRequire(file)('node:module') as ModuleLoader;
  const module = new Module(file);
  module.filename = file;
  module.paths = Module._nodeModulePaths(dirname(file));
  const strict = source.startsWith('"use strict";') ? '"use strict";' : '';
  module._compile(`${strict}var __logscan_import_meta_url = ${JSON.stringify(pathToFileURL(file).href)};${source.slice(strict.length)}`, file);
  return module.exports as T;
}

/**
 * The name says which bundle, build and Node the data is for: any change finds another file. V8 checks its flags
 * itself (refused data is written anew), and worker threads, started with other options, share the main thread's.
 */
function cacheName(file: string, buildId: string): string {
  const st = statSync(file);
  const key = [buildId, st.size, st.mtimeMs, st.ino, process.version, process.arch].join('\u0001');
  return `cli-${fnv1a(key, 0x811c9dc5)}${fnv1a(key, 0x01000193)}.v8cache`;
}

/** 32-bit FNV-1a as 8 hex digits; two seeds make the 64-bit name (node:crypto alone costs a start ~7 ms). */
function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Writes the data under a temporary name, then renames it. The file is opened before the data is made: where none
 * can be written (a read-only folder), a run does not pay for making it (~10 ms) every time.
 */
function writeCache(cacheFile: string, data: () => Buffer): void {
  const dir = dirname(cacheFile);
  mkdirSync(dir, { recursive: true });
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    try {
      const bytes = data();
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, cacheFile);
  } finally {
    rmSync(temporary, { force: true });
  }
  prune(dir, cacheFile);
}

/** Keeps the newest few cache files: each build (and each Node version) leaves its own. */
function prune(dir: string, keep: string): void {
  const files = readdirSync(dir)
    .filter((name) => CACHE_NAME.test(name))
    .map((name) => {
      const path = join(dir, name);
      try {
        return { path, time: statSync(path).mtimeMs };
      } catch {
        return { path, time: 0 };
      }
    })
    .filter((f) => f.path !== keep)
    .sort((a, b) => b.time - a.time);
  for (const f of files.slice(KEEP_FILES - 1)) {
    rmSync(f.path, { force: true });
    rmSync(`${f.path}.covers`, { force: true });
  }
}
