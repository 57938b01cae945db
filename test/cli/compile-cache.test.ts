// The code cache the built CLI runs through (src/cli/compile-cache.ts): used when it fits, never when the bundle,
// the build or V8 changed, and a cache that cannot be read or written only costs the compile.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheDir, loadBundle } from '../../src/cli/compile-cache.js';

interface Exports {
  answer: number;
  url: string;
  joined: string;
  double(n: number): number;
}

let dir: string;
let bundle: string;
let cacheDir: string;

// A CommonJS file as esbuild writes one: exports, a require of a built-in, the stand-in for import.meta.url, and a
// function compiled only when called (what the cache saves most of).
const source = (answer: number) =>
  `"use strict";\nconst path = require('node:path');\nexports.answer = ${answer};\nexports.url = __logscan_import_meta_url;\n` +
  `exports.joined = path.join('a', 'b');\nexports.double = function (n) { return n * 2; };\n`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logscan-code-cache-'));
  bundle = join(dir, 'cli.js');
  cacheDir = join(dir, 'cache');
  writeFileSync(bundle, source(41));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = (buildId = 'build-a', cache: string | undefined = cacheDir) => loadBundle<Exports>(bundle, { cacheDir: cache, buildId });
const cacheFiles = () => readdirSync(cacheDir).filter((f) => f.endsWith('.v8cache'));

describe('loadBundle', () => {
  it('runs the file as CommonJS, with its URL as import.meta.url', () => {
    const loaded = load();
    expect(loaded.exports.answer).toBe(41);
    expect(loaded.exports.url).toBe(pathToFileURL(bundle).href);
    expect(loaded.exports.joined).toBe(join('a', 'b'));
    expect(loaded.exports.double(4)).toBe(8);
  });

  // Whether V8 takes the data is for a new process to say (this one keeps what it compiled in memory):
  // test/e2e/startup.test.ts runs the built CLI for that.
  it('writes the cache when it has none', () => {
    const first = load();
    expect(first.cache).toBe('missing');
    first.exports.double(1);
    first.save();
    expect(cacheFiles()).toHaveLength(1);
    expect(cacheFiles()[0]).toMatch(/^cli-[0-9a-f]{16}\.v8cache$/);
    expect(statSync(join(cacheDir, cacheFiles()[0]!)).size).toBeGreaterThan(100);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('never uses the cache of another build, or of an edited bundle of the same length', () => {
    load().save();
    expect(load().cache).not.toBe('missing');
    expect(load('build-b').cache).toBe('missing');

    // Same length, other code: V8 alone would take the old data (it checks the length); the name carries the time.
    writeFileSync(bundle, source(42));
    const later = new Date(Date.now() + 5000);
    utimesSync(bundle, later, later);
    const edited = load();
    expect(edited.cache).toBe('missing');
    expect(edited.exports.answer).toBe(42);
  });

  it('goes on without a cache where none can be written or read', () => {
    const notAFolder = join(dir, 'file');
    writeFileSync(notAFolder, 'x');
    const loaded = load('build-a', notAFolder);
    expect(loaded.cache).toBe('missing');
    expect(() => loaded.save()).not.toThrow();
    expect(loaded.exports.answer).toBe(41);

    const off = loadBundle<Exports>(bundle, { cacheDir: undefined, buildId: 'build-a' });
    expect(off.cache).toBe('off');
    expect(() => off.save()).not.toThrow();
  });

  it('keeps the newest four cache files', () => {
    load().save();
    for (const id of ['b', 'c', 'd', 'e', 'f']) {
      load(`build-${id}`).save();
    }
    expect(cacheFiles()).toHaveLength(4);
    expect(load('build-f').cache).not.toBe('missing');
  });
});

describe('codeCacheDir', () => {
  it('is LOGSCAN_CODE_CACHE, else the user cache folder; 0 turns it off', () => {
    expect(codeCacheDir({ LOGSCAN_CODE_CACHE: '/tmp/x', HOME: '/home/u' }, 'linux')).toBe('/tmp/x');
    expect(codeCacheDir({ LOGSCAN_CODE_CACHE: '0', HOME: '/home/u' }, 'linux')).toBeUndefined();
    expect(codeCacheDir({ XDG_CACHE_HOME: '/c', HOME: '/home/u' }, 'linux')).toBe(join('/c', 'logscan'));
    expect(codeCacheDir({ HOME: '/home/u' }, 'darwin')).toBe(join('/home/u', '.cache', 'logscan'));
    expect(codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32')).toBe(join('C:\\Users\\u\\AppData\\Local', 'logscan'));
    expect(codeCacheDir({}, 'linux')).toBeUndefined();
  });
});

// V8 drops the bytecode of functions that have not run for a few major collections. A long run (a large bundle) saves
// its cache minutes after module set-up ran: without `--no-flush-bytecode` that set-up was missing from the cache, and
// every later start compiled it again. Run in a child with --expose-gc, through the built compile-cache.js.
describe('the cache a long run saves', () => {
  const built = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'cli', 'compile-cache.js')).href;
  // Set-up code as a bundle has it: many functions, each run once when the module loads.
  const setUp = Array.from({ length: 300 }, (_, i) => `function f${i}(x) { const a = [x, ${i}]; return a.map((v) => v + 1).join(',') + '${'x'.repeat(20)}'; }\nexports.r${i} = f${i}(${i});\n`).join('');

  /** The size of the cache a child saves after `collections` forced major collections (`flush`: V8's default kept). */
  function savedSize(name: string, collections: number, flush: boolean): number {
    const file = join(dir, `${name}.js`);
    writeFileSync(file, `"use strict";\n${setUp}`);
    const cache = join(dir, `cache-${name}`);
    const script = [
      `const { loadBundle } = await import(${JSON.stringify(built)});`,
      `const loaded = loadBundle(${JSON.stringify(file)}, { cacheDir: ${JSON.stringify(cache)}, buildId: 'b' });`,
      flush ? `(await import('node:v8')).setFlagsFromString('--flush-bytecode');` : '',
      `for (let i = 0; i < ${collections}; i++) globalThis.gc();`,
      `loaded.save(['k']);`,
    ].join('\n');
    const run = spawnSync(process.execPath, ['--expose-gc', '--stress-flush-code', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const [saved] = readdirSync(cache).filter((f) => f.endsWith('.v8cache'));
    return statSync(join(cache, saved!)).size;
  }

  it('holds the set-up that ran at its start, however many collections came after', () => {
    const atOnce = savedSize('at-once', 0, false);
    // (within a few bytes: V8's own bookkeeping in the cache moves a little)
    expect(Math.abs(savedSize('aged', 40, false) - atOnce)).toBeLessThan(atOnce / 100);
    // The case is not vacuous: with V8's default, the aged set-up is flushed and the cache comes out much smaller.
    expect(savedSize('aged-flushed', 40, true)).toBeLessThan(atOnce / 2);
  });
});
