// `logscan --version` is answered by bin/logscan.js from package.json, without loading the CLI: it must say what the
// CLI itself says (commander's --version, from TOOL_VERSION), or the two would drift apart.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOOL_VERSION } from '../../src/analysis.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'logscan.js'), ...args], { encoding: 'utf8' });

describe('logscan --version', () => {
  it('package.json and the CLI carry the same version', () => {
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version).toBe(TOOL_VERSION);
  });

  it.each([['--version'], ['-V']])('%s alone answers from the launcher, as the CLI would', (flag) => {
    const fast = run(flag);
    expect(fast.status).toBe(0);
    expect(fast.stdout).toBe(`${TOOL_VERSION}\n`);
    // with another option, the CLI itself answers (commander): the same line
    const full = run('--no-progress', flag);
    expect(full.stderr).toBe('');
    expect(full.stdout).toBe(fast.stdout);
  });
});

// The built CLI runs through a V8 code cache (src/cli/compile-cache.ts), written after the first run that reads a
// bundle: later runs must give the same output from it, and a damaged or unwritable cache must change nothing.
describe('the code cache of the built CLI', () => {
  const sample = join(root, 'samples', 'healthy.tgz');
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'logscan-startup-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const runWith = (cache: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'bin', 'logscan.js'), ...args], { encoding: 'utf8', env: { ...process.env, LOGSCAN_CODE_CACHE: cache } });
  const cacheFiles = (cache: string) => (existsSync(cache) ? readdirSync(cache).filter((f) => f.endsWith('.v8cache')) : []);

  it('is written after a run that read a bundle, not after --help, and used as it is', () => {
    const cache = join(dir, 'cache');
    expect(runWith(cache, '--help').status).toBe(0);
    expect(cacheFiles(cache)).toEqual([]);

    const first = runWith(cache, sample, '--format', 'json', '--no-progress');
    expect(first.status).toBe(0);
    expect(first.stderr).toBe('');
    const [file] = cacheFiles(cache);
    expect(file).toMatch(/^cli-[0-9a-f]{16}\.v8cache$/);
    const written = statSync(join(cache, file!));

    // V8 took it: a refused cache would be written again.
    const second = runWith(cache, sample, '--format', 'json', '--no-progress');
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe('');
    expect(statSync(join(cache, file!)).mtimeMs).toBe(written.mtimeMs);
    // other commands and formats run from it too
    const text = runWith(cache, sample, '--no-progress');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^logscan \d/);
    expect(cacheFiles(cache)).toEqual([file]);
  });

  it('grows once for each kind of run it has not covered: another command, format or parser', () => {
    const cache = join(dir, 'cache');
    const first = runWith(cache, sample, '--format', 'json', '--no-progress');
    expect(first.status).toBe(0);
    const [file] = cacheFiles(cache);
    const path = join(cache, file!);
    const covers = () => readFileSync(`${path}.covers`, 'utf8').trim().split('\n').sort();
    expect(covers()).toEqual(expect.arrayContaining(['cmd:analyze', 'format:json', 'parser:waagent-log']));
    const afterAnalysis = statSync(path).mtimeMs;
    // a timeline (code the analysis never ran) is added, once
    const timeline = runWith(cache, 'timeline', sample, '--no-progress');
    expect(timeline.status).toBe(0);
    expect(statSync(path).mtimeMs).toBeGreaterThan(afterAnalysis);
    expect(covers()).toEqual(expect.arrayContaining(['cmd:analyze', 'format:json', 'cmd:timeline', 'format:jsonl']));
    const afterTimeline = statSync(path).mtimeMs;
    const again = runWith(cache, 'timeline', sample, '--no-progress');
    expect(again.stdout).toBe(timeline.stdout);
    expect(statSync(path).mtimeMs).toBe(afterTimeline);
    // the analysis runs the same from the grown cache, and leaves it as it is
    const analysisAgain = runWith(cache, sample, '--format', 'json', '--no-progress');
    expect(analysisAgain.stdout).toBe(first.stdout);
    expect(statSync(path).mtimeMs).toBe(afterTimeline);
    expect(cacheFiles(cache)).toEqual([file]);
  });

  it('a damaged cache is refused, the run is the same, and the cache is written anew', () => {
    const cache = join(dir, 'cache');
    const clean = runWith(cache, sample, '--format', 'json', '--no-progress');
    const [file] = cacheFiles(cache);
    const path = join(cache, file!);
    const garbage = Buffer.alloc(4096, 0x5a);
    writeFileSync(path, garbage);
    const damaged = runWith(cache, sample, '--format', 'json', '--no-progress');
    expect(damaged.status).toBe(0);
    expect(damaged.stderr).toBe('');
    expect(damaged.stdout).toBe(clean.stdout);
    expect(readFileSync(path).equals(garbage)).toBe(false);
  });

  it('with --enable-source-maps the bundle goes through Node\'s module loader (mapped stacks), without the cache', () => {
    const cache = join(dir, 'cache');
    const plain = runWith(cache, sample, '--format', 'json', '--no-progress');
    rmSync(cache, { recursive: true, force: true });
    const mapped = spawnSync(process.execPath, ['--enable-source-maps', join(root, 'bin', 'logscan.js'), sample, '--format', 'json', '--no-progress'], {
      encoding: 'utf8',
      env: { ...process.env, LOGSCAN_CODE_CACHE: cache },
    });
    expect(mapped.status).toBe(0);
    expect(mapped.stderr).toBe('');
    expect(mapped.stdout).toBe(plain.stdout);
    expect(cacheFiles(cache)).toEqual([]);
  });

  it('a cache folder that cannot be made changes nothing', () => {
    const notAFolder = join(dir, 'file');
    writeFileSync(notAFolder, 'x');
    const off = runWith('0', sample, '--format', 'json', '--no-progress');
    const blocked = runWith(join(notAFolder, 'cache'), sample, '--format', 'json', '--no-progress');
    expect(blocked.status).toBe(0);
    expect(blocked.stderr).toBe('');
    expect(blocked.stdout).toBe(off.stdout);
  });
});

// The bundle loads fflate on first use (scripts/build-cli.mjs, fflateOnFirstUse): the built CLI must still inflate
// a zlib-packed agent event (waagent.md §1.3), and a run that meets none must not need it.
describe('modules the built CLI loads on first use', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'logscan-lazy-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('inflates a packed agent event message', () => {
    const text = 'Failed to connect to WireServer: [Errno 113] No route to host';
    const packed = deflateSync(Buffer.from(text)).toString('base64');
    const log = join(dir, 'waagent.log');
    writeFileSync(log, `2020/01/02 03:04:05.000000 ERROR Daemon Event: name=WALinuxAgent, op=Enable, message=${packed}, duration=0\n`);
    const out = run('timeline', log, '--no-progress');
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const [event] = out.stdout.trim().split('\n').map((line) => JSON.parse(line) as { message: string });
    // (the packed text itself may be redacted: 88 base64 characters look like a storage key)
    expect(event!.message).toMatch(/^Event: name=WALinuxAgent, op=Enable, message=\S+, duration=0 \[decoded\] /);
    expect(event!.message.endsWith(`[decoded] ${text}`)).toBe(true);
  });
});
