// Runs the built CLI (bin/logscan.js) in a child process with a time budget and a memory cap, and measures what it
// took: wall time and peak resident memory (the process's own ru_maxrss at exit, written by rss-probe.mjs, else the
// VmHWM polled from /proc while it ran). A run over its time is killed (a hang); one whose resident memory passes
// `killAtMb` is killed too, so that a runaway input cannot take the machine with it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BIN = join(ROOT, 'bin', 'logscan.js');
const PROBE = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'rss-probe.mjs')).href;

/** The issue's limit for every hostile input. */
export const MEMORY_LIMIT_MB = 300;

export interface CliOptions {
  /** Killed after this long (a hang). */
  timeoutMs: number;
  /** stdin bytes (for `-`). */
  input?: Uint8Array;
  /** V8 old-space cap in MB (default: the memory limit). */
  heapMb?: number;
  /** Killed when resident memory passes this (default: 3 × the memory limit). */
  killAtMb?: number;
  /** Bytes of stdout kept (the rest is counted, not kept); default 64 MiB. */
  keepStdout?: number;
  env?: Record<string, string>;
  cwd?: string;
}

export interface CliRun {
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stdoutBytes: number;
  stderr: string;
  ms: number;
  /** Peak resident memory in MB: exact when the process exited by itself, polled otherwise. */
  peakRssMb: number;
  timedOut: boolean;
  killedForMemory: boolean;
}

/** Peak and current resident memory of `pid` in KiB, from /proc (Linux); undefined elsewhere or once it is gone. */
export function procMemory(pid: number): { hwm: number; rss: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    if (!hwm || !rss) return undefined;
    return { hwm: Number(hwm[1]), rss: Number(rss[1]) };
  } catch {
    return undefined;
  }
}

/** Fails with one line when the CLI is not built. */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'bin', 'main.js'))) throw new Error('the CLI is not built (dist/bin/main.js is missing): run npm run build first');
}

export async function runCli(args: string[], opts: CliOptions): Promise<CliRun> {
  const probeDir = mkdtempSync(join(tmpdir(), 'logscan-rss-'));
  const probeFile = join(probeDir, 'maxrss');
  const heap = opts.heapMb ?? MEMORY_LIMIT_MB;
  const killAt = (opts.killAtMb ?? 3 * MEMORY_LIMIT_MB) * 1024;
  const keep = opts.keepStdout ?? 64 * 1024 * 1024;
  const started = performance.now();
  const child = spawn(process.execPath, [`--max-old-space-size=${heap}`, `--import=${PROBE}`, BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', COLUMNS: '100', ...opts.env, LOGSCAN_RSS_PROBE: probeFile },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  let outBytes = 0;
  let kept = 0;
  const err: Buffer[] = [];
  let errBytes = 0;
  child.stdout.on('data', (c: Buffer) => {
    outBytes += c.length;
    if (kept < keep) {
      out.push(c);
      kept += c.length;
    }
  });
  child.stderr.on('data', (c: Buffer) => {
    if (errBytes < 1024 * 1024) err.push(c);
    errBytes += c.length;
  });
  child.stdin.on('error', () => undefined);
  if (opts.input) child.stdin.end(opts.input);
  else child.stdin.end();

  let polled = 0;
  let timedOut = false;
  let killedForMemory = false;
  const poll = setInterval(() => {
    const m = child.pid === undefined ? undefined : procMemory(child.pid);
    if (!m) return;
    polled = Math.max(polled, m.hwm);
    if (m.rss > killAt && !killedForMemory) {
      killedForMemory = true;
      child.kill('SIGKILL');
    }
  }, 20);
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (c, s) => resolve({ code: c, signal: s }));
  });
  clearInterval(poll);
  clearTimeout(timer);
  const ms = Math.round(performance.now() - started);
  let exact: number | undefined;
  try {
    exact = Number(await readFile(probeFile, 'utf8'));
  } catch {
    exact = undefined;
  }
  rmSync(probeDir, { recursive: true, force: true });
  const peakKb = Math.max(exact ?? 0, polled);
  return {
    args,
    code,
    signal,
    stdout: Buffer.concat(out),
    stdoutBytes: outBytes,
    stderr: Buffer.concat(err).toString('utf8'),
    ms,
    peakRssMb: Math.round(peakKb / 102.4) / 10,
    timedOut,
    killedForMemory,
  };
}

/** One line describing a run, for failure messages and the fuzzer's log. */
export function describeRun(run: CliRun): string {
  const how = run.timedOut ? 'timed out' : run.killedForMemory ? 'killed for memory' : run.signal ? `signal ${run.signal}` : `exit ${run.code}`;
  return `logscan ${run.args.map((a) => JSON.stringify(a)).join(' ')}: ${how} after ${run.ms} ms, peak ${run.peakRssMb} MB${run.stderr ? `, stderr: ${JSON.stringify(run.stderr.slice(0, 300))}` : ''}`;
}
