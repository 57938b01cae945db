// How many threads parse a bundle: `--jobs N`, or `auto`, which takes a second thread only where it pays (event logs
// of a large input) and only when the machine has a core to spare for it, measured while the run starts.
import { availableParallelism, cpus } from 'node:os';
import { statSync } from 'node:fs';
import { UsageError } from './options.js';

/** Worker threads pay off only on large inputs: `auto` uses them from 2 MiB (compressed) on. */
export const PARALLEL_FROM_BYTES = 2 * 1024 * 1024;

/**
 * `auto` parses on two threads at most: the main thread and one worker. Each further worker adds an isolate with its
 * own heap (50-100 MB) for less and less: the main thread reads the bundle for all of them. `--jobs N` asks for more.
 */
export const MAX_AUTO_JOBS = 2;

/**
 * The second thread needs this much of a core standing idle beside this run: on a machine already running other work
 * it bought little (measured on 2 cores under load: 0-10%) and cost 50-140 MB, so the run stays on one.
 */
export const SPARE_CORE = 0.75;

/**
 * The time other programs take is measured over at least this long (per core) before it decides: CPU times move in
 * 10 ms ticks, and the 1-minute load average, which needs no wait, still counts runs that ended a minute ago (right
 * after one run, the next stayed on one thread on an idle machine).
 */
export const MEASURE_MS = 100;

/** CPU time in ms: of all the machine's cores together since boot (busy, and in total), and of this process. */
export interface CpuTimes {
  busy: number;
  total: number;
  own: number;
  /** The cores the sums cover (os.cpus(): the whole machine, not only those this process may use). */
  cores: number;
}

export function cpuTimes(): CpuTimes {
  let busy = 0;
  let total = 0;
  const all = cpus();
  for (const { times } of all) {
    busy += times.user + times.nice + times.sys + times.irq;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  const own = process.cpuUsage();
  return { busy, total, own: (own.user + own.system) / 1000, cores: all.length };
}

/**
 * Cores this run may use (`usable`: availableParallelism) left idle beyond the one it takes, on average between two
 * samples: the machine's share that other programs kept busy (this run's own time, inflation threads included, is
 * not counted against it), applied to the usable cores. Undefined while less than MEASURE_MS passed on each core;
 * NaN when the samples cannot be compared (no cores listed, or the list changed).
 */
export function spareCores(before: CpuTimes, after: CpuTimes, usable: number): number | undefined {
  if (after.cores < 1 || after.cores !== before.cores) return NaN;
  const span = (after.total - before.total) / after.cores;
  if (!(span >= MEASURE_MS)) return undefined;
  const othersShare = Math.min(1, Math.max(0, after.busy - before.busy - (after.own - before.own)) / (span * after.cores));
  return usable * (1 - othersShare) - 1;
}

/**
 * Whether a worker may start now: `yes` when SPARE_CORE of a core stood idle beside this run since the gate was made,
 * `no` when not, `later` while too little time passed to tell (MEASURE_MS). CPU times that cannot be read, or that
 * still have not moved enough after GIVE_UP_MS (some containers list no cores, or freeze their times), are a `no`: the
 * run stays on one thread rather than guess (the first event log waits for the answer: see WorkerLanes.admitted).
 */
export type Admit = () => 'yes' | 'no' | 'later';

export const GIVE_UP_MS = 400;

export function spareCoreGate(usable: number, sample: () => CpuTimes = cpuTimes, now: () => number = performance.now.bind(performance)): Admit {
  const before = sample();
  const start = now();
  return () => {
    const spare = spareCores(before, sample(), usable);
    if (spare === undefined) return now() - start >= GIVE_UP_MS ? 'no' : 'later';
    return spare >= SPARE_CORE ? 'yes' : 'no';
  };
}

/**
 * What `--jobs` asks for. `auto` gives its workers event logs only: on the 0.2 GB Linux bench bundle a second thread
 * for text logs took 4-17% off the time and added 80-110 MB of peak RSS (over the 150 MB a Linux bundle is held to;
 * measured by hand, interleaved); on the Windows bundle of EVTX it took 20-35% off (a worker sends back only the records
 * a detector reads). An explicit number sends every log to the workers.
 */
export interface JobPlan {
  /** Parsing threads at most, the main one included. */
  jobs: number;
  /** auto: only event logs go to workers, and the first worker starts when the gate says so (one gate per pass). */
  auto?: { gate: () => Admit };
}

/** Threads `auto` may use for an input of `inputBytes` (undefined: a stream or a folder) on `cores`. */
export function autoJobs(cores: number, inputBytes: number | undefined): number {
  if (inputBytes === undefined || inputBytes < PARALLEL_FROM_BYTES) return 1;
  return Math.max(1, Math.min(MAX_AUTO_JOBS, cores));
}

/** `--jobs` as given (`auto` or absent: autoJobs) for the bundle at `input` (`-`: standard input). */
export function jobPlan(spec: string | undefined, input: string, cores = availableParallelism(), gate: () => Admit = () => spareCoreGate(cores)): JobPlan {
  if (spec === undefined || spec === 'auto') {
    if (input === '-') return { jobs: 1 };
    let size: number | undefined;
    try {
      const s = statSync(input);
      size = s.isFile() ? s.size : undefined;
    } catch {
      size = undefined;
    }
    const jobs = autoJobs(cores, size);
    return jobs > 1 ? { jobs, auto: { gate } } : { jobs };
  }
  const n = Number(spec);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--jobs ${spec}: expected auto or a whole number from 1 to 64`);
  return { jobs: n };
}
