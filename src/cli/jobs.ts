// How many threads parse a bundle: `--jobs N`, or `auto`, which takes a second thread only where it pays (a large
// input) and only when the machine has a core to spare for it.
import { availableParallelism, loadavg } from 'node:os';
import { statSync } from 'node:fs';
import { UsageError } from './options.js';

/** Worker threads pay off only on large inputs: `auto` uses them from 2 MiB (compressed) on. */
export const PARALLEL_FROM_BYTES = 2 * 1024 * 1024;

/**
 * `auto` parses on two threads at most: the main thread and one worker. Measured on 2 cores (217 MB of logs in a
 * 14 MB .tgz), that takes ~20% off the time on an idle machine; every further worker adds ~50 MB (an isolate with its
 * own heap). `--jobs N` asks for more.
 */
export const MAX_AUTO_JOBS = 2;

/**
 * Cores counted as busy when fewer than this many stand idle (cores less the 1-minute load average): on a machine
 * already running other work the second thread bought little (measured on 2 cores under load: 0-10%) and cost 50-140
 * MB, so the run stays on one.
 */
export const SPARE_CORE = 0.75;

export interface Machine {
  cores: number;
  /** The 1-minute load average (runnable threads, this run's own not yet among them). */
  load: number;
}

export function thisMachine(): Machine {
  return { cores: availableParallelism(), load: loadavg()[0] ?? 0 };
}

/** Threads for `auto` on `machine`, for an input of `inputBytes` (undefined: a stream or a folder). */
export function autoJobs(machine: Machine, inputBytes: number | undefined): number {
  if (inputBytes === undefined || inputBytes < PARALLEL_FROM_BYTES) return 1;
  // idle cores beyond the one this run takes: each further thread needs SPARE_CORE of them
  const spare = machine.cores - machine.load - 1;
  let jobs = 1;
  while (jobs < Math.min(MAX_AUTO_JOBS, machine.cores) && spare - (jobs - 1) >= SPARE_CORE) jobs++;
  return jobs;
}

/** `--jobs` as given (`auto` or absent: autoJobs) for the bundle at `input` (`-`: standard input). */
export function jobCount(spec: string | undefined, input: string, machine: Machine = thisMachine()): number {
  if (spec === undefined || spec === 'auto') {
    if (input === '-') return 1;
    let size: number | undefined;
    try {
      const s = statSync(input);
      size = s.isFile() ? s.size : undefined;
    } catch {
      size = undefined;
    }
    return autoJobs(machine, size);
  }
  const n = Number(spec);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--jobs ${spec}: expected auto or a whole number from 1 to 64`);
  return n;
}
