// Timing whole processes, as a user runs them: wall time from spawn to exit, and for node processes the peak
// RSS the process reached (peak-rss-hook.mjs). Figures are medians over rounds that interleave the runs being
// compared, so a burst of load from elsewhere on a shared machine lands on both sides of a ratio.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Layer } from './linux-bundle.js';

export const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const hook = join(fileURLToPath(import.meta.url), '..', 'peak-rss-hook.mjs');
const CLI = join(root, 'bin', 'logscan.js');

export interface Run {
  seconds: number;
  /** Peak RSS in MB (node processes only). */
  peakMb?: number;
  status: number | null;
  stderr: string;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env, encoding: 'utf8', maxBuffer: 16 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw r.error;
  return { seconds, status: r.status, stderr: r.stderr };
}

/** `logscan ...args` as a user runs it (bin/logscan.js in a fresh node), with its peak RSS. */
export function logscan(args: string[]): Run {
  const peakFile = join(tmpdir(), `logscan-bench-peak-${process.pid}`);
  rmSync(peakFile, { force: true });
  const run = timed(process.execPath, ['--import', hook, CLI, ...args], { ...process.env, LOGSCAN_BENCH_PEAK_FILE: peakFile, NO_COLOR: '1' });
  if (existsSync(peakFile)) {
    const kb = Number(readFileSync(peakFile, 'utf8'));
    if (kb > 0) run.peakMb = kb / 1024;
    rmSync(peakFile, { force: true });
  }
  return run;
}

/**
 * `logscan ...args` alone, for start-up: no peak-RSS hook (loading it is a module load of its own). `bare` runs
 * `node -e 0` instead: what Node's own start costs in this environment.
 */
export function logscanStart(args: string[] | 'bare', env: NodeJS.ProcessEnv = process.env): Run {
  return timed(process.execPath, args === 'bare' ? ['-e', '0'] : [CLI, ...args], { ...env, NO_COLOR: '1' });
}

/**
 * This environment without `NODE_EXTRA_CA_CERTS`: Node reads and parses every certificate that variable names at
 * each start, before any JavaScript runs (the system bundle here: ~90 ms of a 130 ms start). logscan opens no
 * TLS connection, so start-up targets time logscan's own start without it; the bench shows both.
 */
export function withoutExtraCerts(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _certs, ...rest } = env;
  return rest;
}

/** Any other program, output discarded. */
export function program(command: string, args: string[]): Run {
  return timed(command, args);
}

/**
 * The decompression floor: `gzip -dc` of every gzip layer and `unzip -p` of every zip, each to /dev/null, in
 * whole processes like logscan's own run.
 */
export function decompressionFloor(layers: readonly Layer[]): number {
  let seconds = 0;
  for (const layer of layers) {
    const run = layer.kind === 'gzip' ? program('gzip', ['-dc', layer.file]) : program('unzip', ['-p', layer.file]);
    if (run.status !== 0) throw new Error(`${layer.kind === 'gzip' ? 'gzip -dc' : 'unzip -p'} ${layer.file} failed: ${run.stderr.trim()}`);
    seconds += run.seconds;
  }
  return seconds;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Whether a program is on PATH. */
export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}
