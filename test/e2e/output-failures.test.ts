// Output failures end cleanly (issue 11, item 6), on the built CLI (bin/logscan.js -> dist/bin/):
// - a reader that closes the pipe early (`logscan … | head -1`) ends the process by itself, with the code the whole
//   output would have had, no stack trace, and no temporary folder left behind;
// - an output that cannot be written is refused before the analysis starts (stdin is left open and never written:
//   an analysis that started first would wait on it for ever);
// - every signal that ends the process removes the timeline's temporary folder and still ends it as that signal.
// Each run gets its own TMPDIR, so a `logscan-timeline-*` folder left behind is seen. Times are hang guards only.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzip, makeTar } from '../helpers/archives.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'logscan.js');
const tmp = mkdtempSync(join(tmpdir(), 'logscan-output-failures-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The timeline keeps 8 MB of rendered lines before it writes a run file (DEFAULT_RUN_CHARS). */
const RUN_CHARS = 8 * 1024 * 1024;
/** Lines in the big bundle's waagent.log: ~16 MB of log, ~35 MB of timeline (4 runs), ~0.8 MB on disk. */
const BIG_LINES = 150_000;
/** How long any run may take before the test calls it a hang (the big timeline takes a few seconds here). */
const HANG_MS = 60_000;
const TEST_MS = 120_000;

const bigBundle = join(tmp, 'big.tgz');

/** A waagent.log whose timeline is far past the run budget; every 50th line an error (the analysis exits 1). */
function bigWaagentLog(lines: number): string {
  const t0 = Date.UTC(2024, 4, 2, 6, 0, 0);
  const parts: string[] = [];
  for (let i = 0; i < lines; i++) {
    const t = new Date(t0 + i * 1000).toISOString().replace('Z', '000Z');
    parts.push(
      i % 50 === 0
        ? `${t} ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out -- ${i} attempts made\n`
        : `${t} INFO ExtHandler ExtHandler Wire server endpoint:168.63.129.16 heartbeat ${i}\n`,
    );
  }
  return parts.join('');
}

beforeAll(async () => {
  const log = bigWaagentLog(BIG_LINES);
  // The timeline's JSONL lines are longer than the log's: the log alone is past several runs.
  expect(log.length).toBeGreaterThan(RUN_CHARS * 1.5);
  writeFileSync(bigBundle, gzip(await makeTar([{ path: 'var/log/waagent.log', content: log }]), 1));
}, TEST_MS);

let runs = 0;
/** A fresh working folder (the child's cwd) and an empty TMPDIR for one run. */
function freshDirs(): { cwd: string; tmpdir: string } {
  const base = join(tmp, `run-${runs++}`);
  const dirs = { cwd: join(base, 'cwd'), tmpdir: join(base, 'tmp') };
  mkdirSync(dirs.cwd, { recursive: true });
  mkdirSync(dirs.tmpdir, { recursive: true });
  return dirs;
}

const leftovers = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith('logscan-timeline-'));

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Killed by the hang guard. */
  hung: boolean;
}

interface Started {
  child: ChildProcess;
  ended: Promise<Ended>;
}

/** Starts the built CLI with its own TMPDIR and cwd; stdout and stdin as asked. */
function start(args: string[], dirs: { cwd: string; tmpdir: string }, stdio: { stdin: 'pipe' | 'ignore'; stdout: 'pipe' | 'ignore' }): Started {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: dirs.cwd,
    env: { ...process.env, TMPDIR: dirs.tmpdir, NO_COLOR: '1', FORCE_COLOR: '' },
    stdio: [stdio.stdin, stdio.stdout, 'pipe'],
  });
  return { child, ended: ending(child) };
}

function ending(child: ChildProcess): Promise<Ended> {
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => (stderr += s));
  let hung = false;
  const guard = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, HANG_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stderr, hung });
    });
  });
}

/** Whatever went wrong, stderr shows no stack trace and no unhandled error. */
function expectNoCrash(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toMatch(/Unhandled|EPIPE|ERR_STREAM|ECONNRESET|node:internal|Error:/);
}

/**
 * How the reader goes away: after the first chunk it read (`| head -1`), or before anything was written (`| true`:
 * every write fails, whatever the output's size).
 */
type Reader = 'after the first chunk' | 'before any output';

/** Runs with stdout a pipe the test closes as `reader` says; stdin stays open (as a terminal would). */
async function withClosingReader(args: string[], reader: Reader): Promise<Ended & { first: string; tmpdir: string }> {
  const dirs = freshDirs();
  const { child, ended } = start(args, dirs, { stdin: 'ignore', stdout: 'pipe' });
  let first = '';
  if (reader === 'before any output') child.stdout!.destroy();
  else {
    child.stdout!.once('data', (chunk: Buffer) => {
      first = chunk.toString('utf8');
      child.stdout!.destroy();
    });
  }
  return { ...(await ended), first, tmpdir: dirs.tmpdir };
}

describe('a reader that closes the pipe early', () => {
  // The timeline writes nothing before the end of the analysis, and then far more than a pipe holds: either way the
  // writes fail while the run files exist.
  it.each([
    ['after the first chunk', []],
    ['after the first chunk', ['--jobs', '2']],
    ['after the first chunk', ['--format', 'csv']],
    ['before any output', []],
  ] as [Reader, string[]][])(
    'closed %s: timeline big.tgz %j ends by itself, exit 0, no stack trace, no temporary folder left',
    async (reader, extra) => {
      const r = await withClosingReader(['timeline', bigBundle, ...extra], reader);
      expect(r.hung).toBe(false);
      expect(r.signal).toBeNull();
      expect(r.code, r.stderr).toBe(0);
      expectNoCrash(r.stderr);
      expect(leftovers(r.tmpdir)).toEqual([]);
      if (reader === 'after the first chunk') expect(r.first).toMatch(extra.includes('csv') ? /^datetime,/ : /^\{"datetime":"2024-05-02T06:00:00\.000Z"/);
    },
    TEST_MS,
  );

  // The report (an error's: exit 1; with --fail-on never the same report exits 0) is written at once and is smaller
  // than a pipe holds: only a reader gone before it is written makes the write fail.
  it.each([
    ['before any output', [], 1],
    ['before any output', ['--format', 'json'], 1],
    ['before any output', ['--jobs', '2'], 1],
    ['before any output', ['--jobs', '2', '--format', 'json'], 1],
    ['before any output', ['--fail-on', 'never'], 0],
    ['after the first chunk', ['--format', 'json'], 1],
  ] as [Reader, string[], number][])(
    "closed %s: logscan big.tgz %j ends by itself with the report's code (%i), no stack trace",
    async (reader, extra, code) => {
      const r = await withClosingReader([bigBundle, ...extra], reader);
      expect(r.hung).toBe(false);
      expect(r.signal).toBeNull();
      expect(r.code, r.stderr).toBe(code);
      expectNoCrash(r.stderr);
      expect(leftovers(r.tmpdir)).toEqual([]);
      if (reader === 'after the first chunk') expect(r.first).toMatch(/^\{/);
    },
    TEST_MS,
  );

  // The case of the issue as a shell runs it: a real pipe (not a socket) into `head -1`.
  it.each([
    [['timeline'], 0],
    [[], 1],
    [['--format', 'json', '--jobs', '2'], 1],
  ] as [string[], number][])(
    'logscan %j big.tgz | head -1: exit %i, head got its line, no stack trace, no temporary folder left',
    async (command, code) => {
      const dirs = freshDirs();
      // bash's stdout: the status of logscan (PIPESTATUS[0]); head's line goes to a file.
      const child = spawn('bash', ['-c', '"$@" | head -1 > head.txt; echo "${PIPESTATUS[0]}"', 'bash', process.execPath, bin, ...command, bigBundle], {
        cwd: dirs.cwd,
        env: { ...process.env, TMPDIR: dirs.tmpdir, NO_COLOR: '1', FORCE_COLOR: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let status = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (s: string) => (status += s));
      const r = await ending(child);
      expect(r.hung).toBe(false);
      expect(r.code, r.stderr).toBe(0);
      expect(status.trim(), r.stderr).toBe(String(code));
      expectNoCrash(r.stderr);
      expect(leftovers(dirs.tmpdir)).toEqual([]);
      const line = readFileSync(join(dirs.cwd, 'head.txt'), 'utf8');
      expect(line.split('\n').filter(Boolean)).toHaveLength(1);
    },
    TEST_MS,
  );
});

describe('an output that cannot be written is found before the analysis starts', () => {
  /**
   * Runs with stdin a pipe left open and never written: the analysis of `-` would wait on it for ever, so an exit
   * at all shows that the output was checked first. The guard's SIGKILL shows as `hung`.
   */
  async function refused(args: string[]): Promise<Ended> {
    const dirs = freshDirs();
    const { child, ended } = start(args, dirs, { stdin: 'pipe', stdout: 'pipe' });
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const r = await ended;
    child.stdin!.destroy();
    expect(r.hung, 'the run waited on stdin: the analysis started before the output was checked').toBe(false);
    expect(stdout).toBe('');
    return r;
  }

  function expectOneLineNaming(r: Ended, path: string): void {
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(2);
    expectNoCrash(r.stderr);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`-o ${path}:`);
    expect(lines[0]).toMatch(/^logscan: /);
  }

  it.each([
    [['-'], '/proc/logscan-nope.json'],
    [['timeline', '-'], '/proc/logscan-nope.jsonl'],
    [['-'], '/nonexistent/dir/x.json'],
    [['timeline', '-'], '/nonexistent/dir/x.csv'],
    [['--format', 'markdown', '-'], '/nonexistent/x.md'],
  ] as [string[], string][])('logscan %j -o %s: exit 2 at once, one line naming the file', async (command, path) => {
    const r = await refused([...command, '-o', path]);
    expectOneLineNaming(r, path);
    expect(existsSync(path)).toBe(false);
  }, TEST_MS);

  it('a folder no file can be created in (/proc) is not called missing', async () => {
    const r = await refused(['-', '-o', '/proc/logscan-nope.json']);
    expectOneLineNaming(r, '/proc/logscan-nope.json');
    expect(r.stderr).not.toMatch(/does not exist/);
    expect(r.stderr).toContain('/proc');
  }, TEST_MS);

  const root = process.getuid?.() === 0;
  // Root passes every permission check: a file's mode does not stop it, so there is nothing to refuse.
  it.skipIf(root)('a read-only file (chmod 0444) is refused before the analysis and left as it was (skipped as root: root may write it)', async () => {
    for (const command of [['-'], ['timeline', '-']]) {
      const dirs = freshDirs();
      const path = join(dirs.cwd, command[0] === 'timeline' ? 'read-only.csv' : 'read-only.json');
      writeFileSync(path, 'kept\n');
      chmodSync(path, 0o444);
      const r = await refused([...command, '-o', path]);
      expectOneLineNaming(r, path);
      expect(r.stderr).toMatch(/permission denied/);
      expect(statSync(path).size).toBe(5);
    }
  }, TEST_MS);

  // An existing file that even root cannot open for writing: a sysfs attribute without a write method.
  const sysReadOnly = '/sys/kernel/uevent_seqnum';
  it.skipIf(!existsSync(sysReadOnly))(`an existing file nobody can write (${sysReadOnly}) is refused before the analysis`, async () => {
    for (const command of [['-', '--format', 'json'], ['timeline', '-', '--format', 'jsonl']]) {
      const r = await refused([...command, '-o', sysReadOnly]);
      expectOneLineNaming(r, sysReadOnly);
    }
  }, TEST_MS);

  it('a folder given as the output file is refused before the analysis', async () => {
    const dirs = freshDirs();
    for (const command of [['-'], ['timeline', '-']]) {
      const r = await refused([...command, '-o', dirs.cwd]);
      expectOneLineNaming(r, dirs.cwd);
    }
  }, TEST_MS);
});

describe('a signal that ends the timeline removes its temporary folder', () => {
  /** Polls (every 10 ms) until `ready` holds or the process ended; true when it held while the process ran. */
  async function waitFor(ready: () => boolean, ended: Promise<Ended>): Promise<boolean> {
    let over = false;
    void ended.then(() => (over = true));
    while (!over) {
      if (ready()) return true;
      await new Promise((r) => setTimeout(r, 10));
    }
    return false;
  }

  function expectEndedBy(r: Ended, signal: NodeJS.Signals): void {
    expect(r.hung).toBe(false);
    // Ended by the signal itself, or (a handler that exits) with the shell's code for it.
    const bySignal = r.signal === signal || r.code === 128 + constants.signals[signal];
    expect(bySignal, `ended with code ${r.code}, signal ${r.signal}`).toBe(true);
    expectNoCrash(r.stderr);
  }

  // The ones the issue names first, then the rarer signals whose default action also ends the process.
  const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGALRM', 'SIGUSR2', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM'];

  it.each(SIGNALS)('%s while the runs are being written: the folder goes, the process ends by the signal', async (signal) => {
    const dirs = freshDirs();
    const { child, ended } = start(['timeline', bigBundle, '-o', 'out.jsonl'], dirs, { stdin: 'ignore', stdout: 'ignore' });
    const spilled = await waitFor(() => leftovers(dirs.tmpdir).length > 0, ended);
    expect(spilled, 'the timeline ended before it wrote a run file: the bundle is too small').toBe(true);
    child.kill(signal);
    const r = await ended;
    expectEndedBy(r, signal);
    expect(leftovers(dirs.tmpdir)).toEqual([]);
  }, TEST_MS);

  it('SIGTERM while the runs are merged into the output: the folder goes too', async () => {
    const signal = 'SIGTERM';
    const dirs = freshDirs();
    const out = join(dirs.cwd, 'out.jsonl');
    const { child, ended } = start(['timeline', bigBundle, '-o', 'out.jsonl'], dirs, { stdin: 'ignore', stdout: 'ignore' });
    // The output file is written only once every event is read: the runs exist and are being merged.
    const merging = await waitFor(() => existsSync(out) && statSync(out).size > 0 && leftovers(dirs.tmpdir).length > 0, ended);
    expect(merging, 'the timeline ended before the test saw it merging').toBe(true);
    child.kill(signal);
    const r = await ended;
    expectEndedBy(r, signal);
    expect(leftovers(dirs.tmpdir)).toEqual([]);
  }, TEST_MS);
});
