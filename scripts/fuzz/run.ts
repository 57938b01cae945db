// The mutational fuzz run: for a fixed time and seed, inputs of every target in turn (input k of the run is input
// floor(k / T) of target k mod T, so what input i of a target is never depends on timing or on the worker count),
// each run in a worker process with a time limit and a memory limit. Figures per target; every failing input
// written to the output folder with what it takes to run it again.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEMORY_LIMIT_MB } from '../../test/hostile/harness/cli.js';
import { buildTargets, generate, ROOT, seedCount, type Target } from './corpus.js';
import { FuzzWorker, type RunResult } from './pool.js';
import type { ErrorInfo, FuzzInput } from './types.js';

export const DEFAULT_SEED = 11;
/**
 * Resident memory of the CLI at rest (MB; `logscan samples/healthy.tgz` peaks at 64 MB). A worker at rest holds
 * more (tsx, two threads), so an input is judged by what it adds to the worker, on top of this: the CLI's peak on it.
 */
export const CLI_AT_REST_MB = 64;
export const DEFAULT_SECONDS = 120;
export const DEFAULT_INPUT_TIMEOUT_MS = 5_000;

export interface FuzzOptions {
  seconds: number;
  seed: number;
  /** Worker processes (default: the cores but one, at least 1, at most 4). */
  workers?: number;
  /** An input running longer is a hang (ms). */
  inputTimeoutMs?: number;
  /** Peak resident memory allowed per input (MB), judged as CLI_AT_REST_MB + what the input adds to its worker. */
  memoryMb?: number;
  /** Only targets whose name matches. */
  targets?: RegExp;
  /** Rounds over every target that run even past the time (default 0): round 0 is each target's first seed. */
  minRounds?: number;
  /** Rounds after which the run stops even before its time (default: none): the same inputs on any machine. */
  maxRounds?: number;
  /** Targets already built (buildTargets), to save building them again. */
  prepared?: Target[];
  /** Where failing inputs go; default test-output/fuzz/seed-<seed>. */
  out?: string;
  /** Progress and findings as they come; default: nothing. */
  log?: (line: string) => void;
}

export type Category = 'crash' | 'hang' | 'memory' | 'invariant';

export interface Failure {
  category: Category;
  target: string;
  index: number;
  /** Groups failures with one cause: the error and where it was thrown, or the target for hangs and memory. */
  signature: string;
  message: string;
  stack?: string;
  mutations: string[];
  ms: number;
  peakRssMb: number;
  /** The saved input (.bin) and its description (.json), when written. */
  file?: string;
}

export interface TargetStats {
  tried: number;
  refused: number;
  crash: number;
  hang: number;
  memory: number;
  invariant: number;
  masked: number;
  totalMs: number;
  maxMs: number;
  /** The largest CLI-equivalent peak of one input: CLI_AT_REST_MB + what it added to its worker (MB). */
  memMb: number;
}

export interface FuzzSummary {
  seed: number;
  seconds: number;
  workers: number;
  setupMs: number;
  elapsedMs: number;
  tried: number;
  targets: Map<string, TargetStats>;
  failures: Failure[];
  /** Runtime errors the engine caught and reported as problems (parser bugs it hid): signature → count, example. */
  masked: Map<string, { count: number; example: string; target: string; index: number }>;
  baselineRssMb: number;
  /** The highest resident memory a worker reached. */
  peakRssMb: number;
  /** The largest CLI-equivalent peak of one input (see TargetStats.memMb). */
  memMb: number;
  restarts: number;
  out: string;
}

const newStats = (): TargetStats => ({ tried: 0, refused: 0, crash: 0, hang: 0, memory: 0, invariant: 0, masked: 0, totalMs: 0, maxMs: 0, memMb: 0 });

/** Where an error was thrown or a hang was paused: its first stack frame in the project's own code. */
export function frameOf(stack: string): string {
  for (const line of stack.split('\n')) {
    const m = /^\s*at (?:(\S+) )?\(?(?:file:\/\/)?[^()\s]*?\/((?:src|web\/src)\/[^():]+):(\d+):\d+\)?\s*$/.exec(line);
    if (m) return `${m[1] ?? '<anonymous>'} (${m[2]}${m[3] === '1' ? '' : `:${m[3]}`})`;
  }
  return stack.split('\n').find((l) => /^\s+at /.test(l))?.trim() ?? '?';
}

const normalise = (s: string): string => s.split('\n')[0]!.replace(/\d+/g, 'N').replace(/"[^"]*"|'[^']*'/g, '…').slice(0, 160);
/** A path's shape (`C:/Windows/x.log` → `x:/x/x.x`): paths outside the bundle in the same way are one finding. */
const shape = (s: string): string => s.split('\n')[0]!.replace(/[\p{L}\p{N}_-]+/gu, 'x').slice(0, 160);

const SAVE_PER_SIGNATURE = 3;
/** An input the fuzzer cannot make in this time is skipped (its own bug: an archive writer that never finishes). */
const GENERATE_TIMEOUT_MS = 10_000;
const SAVE_AT_MOST = 200;

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const log = options.log ?? ((): void => undefined);
  const seed = options.seed >>> 0;
  const workers = Math.max(1, options.workers ?? Math.min(4, availableParallelism() - 1));
  const timeoutMs = options.inputTimeoutMs ?? DEFAULT_INPUT_TIMEOUT_MS;
  const memoryMb = options.memoryMb ?? MEMORY_LIMIT_MB;
  const out = options.out ?? join(ROOT, 'test-output', 'fuzz', `seed-${seed}`);

  const setupStart = performance.now();
  const targets: Target[] = (options.prepared ?? (await buildTargets())).filter((t) => !options.targets || options.targets.test(t.name));
  if (targets.length === 0) throw new Error(`no target matches ${String(options.targets)}`);
  const setupMs = Math.round(performance.now() - setupStart);
  const seedTotal = targets.reduce((n, t) => n + seedCount(t), 0);
  log(`fuzz: seed ${seed}, ${options.seconds} s, ${workers} worker${workers > 1 ? 's' : ''}, ${targets.length} targets, ${seedTotal} seed inputs (set up in ${(setupMs / 1000).toFixed(1)} s); per input: ${timeoutMs / 1000} s, ${memoryMb} MB`);

  const stats = new Map<string, TargetStats>(targets.map((t) => [t.name, newStats()]));
  const failures: Failure[] = [];
  const masked: FuzzSummary['masked'] = new Map();
  const savedPer = new Map<string, number>();
  let saved = 0;
  const inputsByN = new Map<number, FuzzInput>();
  let peakRssMb = 0;
  let memMb = 0;

  const save = (f: Failure, input: FuzzInput): void => {
    const have = savedPer.get(f.signature) ?? 0;
    savedPer.set(f.signature, have + 1);
    if (have >= SAVE_PER_SIGNATURE || saved >= SAVE_AT_MOST) return;
    saved++;
    mkdirSync(out, { recursive: true });
    const base = join(out, `${f.category}-${f.target.replace(/[^\w.-]+/g, '_')}-${f.index}`);
    const { bytes, ...meta } = input;
    writeFileSync(`${base}.bin`, bytes);
    const replay = `npm run fuzz -- --replay ${JSON.stringify(`${base}.json`).slice(1, -1)}`;
    writeFileSync(`${base}.json`, JSON.stringify({ ...f, seed, input: meta, bytes: `${base}.bin`, size: bytes.length, regenerate: `npm run fuzz -- --seed ${seed} --target '^${f.target}$' --index ${f.index}`, replay }, null, 2) + '\n');
    f.file = `${base}.json`;
  };

  const record = (input: FuzzInput, r: RunResult): void => {
    const s = stats.get(input.target)!;
    s.tried++;
    s.totalMs += r.ms;
    s.maxMs = Math.max(s.maxMs, r.ms);
    const mem = Math.round(CLI_AT_REST_MB + Math.max(0, r.peakRssMb - r.startRssMb));
    s.memMb = Math.max(s.memMb, mem);
    memMb = Math.max(memMb, mem);
    peakRssMb = Math.max(peakRssMb, r.peakRssMb);
    const fail = (category: Category, signature: string, message: string, stack?: string): void => {
      s[category]++;
      const f: Failure = { category, target: input.target, index: input.index, signature, message, ...(stack ? { stack } : {}), mutations: input.mutations, ms: r.ms, peakRssMb: r.peakRssMb };
      failures.push(f);
      save(f, input);
      if ((savedPer.get(signature) ?? 0) === 1) log(`  ${category.toUpperCase()} ${input.target} #${input.index}: ${message.split('\n')[0]!.slice(0, 240)}${f.file ? `\n    saved: ${f.file}` : ''}`);
    };
    if (r.kind === 'hang') fail('hang', `hang ${r.stack ? `@ ${frameOf(r.stack)}` : input.target}`, `still running after ${timeoutMs} ms (killed)${r.stack ? '' : '; the engine did not pause to say where'}`, r.stack);
    else if (r.kind === 'memory') fail('memory', `memory ${input.target}`, `${r.detail} (worker peak ${r.peakRssMb} MB)`);
    else if (r.kind === 'died') fail('crash', `${r.error.name}: ${normalise(r.error.message)} @ ${frameOf(r.error.stack)}`, `worker died: ${r.error.name}: ${r.error.message}`, r.error.stack);
    else {
      const o = r.outcome;
      if (o.crash) fail('crash', `${o.crash.name}: ${normalise(o.crash.message)} @ ${frameOf(o.crash.stack)}`, `${o.crash.name}: ${o.crash.message}`, o.crash.stack);
      if (o.refused) s.refused++;
      if (mem > memoryMb) fail('memory', `memory ${input.target}`, `${mem} MB > ${memoryMb} MB: the input took ${Math.round(r.peakRssMb - r.startRssMb)} MB over its worker's ${r.startRssMb} MB (+ ${CLI_AT_REST_MB} MB, the CLI at rest)`);
      for (const v of o.invariant) fail('invariant', `invariant ${input.target}: ${shape(v)}`, v);
      for (const m of o.masked) {
        s.masked++;
        const sig = normalise(m.replace(/^[^:]*: /, ''));
        const have = masked.get(sig);
        if (have) have.count++;
        else masked.set(sig, { count: 1, example: m.slice(0, 300), target: input.target, index: input.index });
      }
    }
  };

  const runTmp = mkdtempSync(join(tmpdir(), 'logscan-fuzz-'));
  const pool = Array.from(
    { length: workers },
    () =>
      new FuzzWorker({
        timeoutMs,
        killAtMb: Math.max(2 * memoryMb, memoryMb + 200),
        heapMb: 1024,
        tmp: runTmp,
        onLate: (n, error: ErrorInfo) => {
          const input = n === undefined ? undefined : inputsByN.get(n);
          if (!input) return log(`  late failure of an unknown input: ${error.name}: ${error.message}`);
          record(input, { kind: 'died', ms: 0, peakRssMb: 0, startRssMb: 0, error });
        },
      }),
  );

  // The workers start before the clock does: the time is the inputs'.
  await Promise.all(pool.map((w) => w.warm()));
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const minInputs = (options.minRounds ?? 0) * targets.length;
  const maxInputs = options.maxRounds === undefined ? Infinity : options.maxRounds * targets.length;
  let next = 0;
  let tried = 0;
  const makeNext = async (): Promise<FuzzInput | undefined> => {
    if ((performance.now() >= deadline && next >= minInputs) || next >= maxInputs) return undefined;
    for (;;) {
      const k = next++;
      const t = targets[k % targets.length]!;
      try {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`generating it took over ${GENERATE_TIMEOUT_MS} ms`)), GENERATE_TIMEOUT_MS);
        });
        try {
          return await Promise.race([generate(t, seed, Math.floor(k / targets.length), k), timeout]);
        } finally {
          clearTimeout(timer);
        }
      } catch (e) {
        // The fuzzer's own bug, not the engine's: said once per target, and the input is skipped.
        if (!generatorErrors.has(t.name)) log(`  (could not generate ${t.name} #${Math.floor(k / targets.length)}: ${(e as Error).stack ?? String(e)})`);
        generatorErrors.add(t.name);
        if (performance.now() >= deadline && next >= minInputs) return undefined;
      }
    }
  };
  const generatorErrors = new Set<string>();
  let lastReport = started;
  const loop = async (w: FuzzWorker): Promise<void> => {
    let pending = makeNext();
    for (;;) {
      const input = await pending;
      if (!input) return;
      pending = makeNext();
      inputsByN.set(input.n, input);
      const r = await w.run(input);
      record(input, r);
      tried++;
      // Keep inputs around a little (a late failure names one), not forever.
      inputsByN.delete(input.n - 64 * workers);
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const count = (c: Category): number => failures.filter((f) => f.category === c).length;
        log(`  ${Math.round((lastReport - started) / 1000)} s: ${tried} inputs, ${count('crash')} crashes, ${count('hang')} hangs, ${count('memory')} over memory, memory peak ${memMb} MB`);
      }
    }
  };
  try {
    await Promise.all(pool.map(loop));
  } finally {
    for (const w of pool) w.stop();
    rmSync(runTmp, { recursive: true, force: true });
  }
  return {
    seed,
    seconds: options.seconds,
    workers,
    setupMs,
    elapsedMs: Math.round(performance.now() - started),
    tried,
    targets: stats,
    failures,
    masked,
    baselineRssMb: Math.max(...pool.map((w) => w.baselineMb)),
    peakRssMb,
    memMb,
    restarts: pool.reduce((n, w) => n + w.restarts, 0),
    out,
  };
}

/** The figures, as lines. */
export function formatSummary(s: FuzzSummary): string[] {
  const lines: string[] = [];
  const pad = (v: string | number, n: number): string => String(v).padStart(n);
  lines.push('');
  lines.push(`${'target'.padEnd(28)} ${pad('inputs', 7)} ${pad('refused', 7)} ${pad('crash', 5)} ${pad('hang', 4)} ${pad('mem', 4)} ${pad('inv', 4)} ${pad('masked', 6)} ${pad('avg ms', 7)} ${pad('max ms', 7)} ${pad('mem MB', 7)}`);
  const total = newStats();
  for (const [name, t] of s.targets) {
    lines.push(
      `${name.padEnd(28)} ${pad(t.tried, 7)} ${pad(t.refused, 7)} ${pad(t.crash, 5)} ${pad(t.hang, 4)} ${pad(t.memory, 4)} ${pad(t.invariant, 4)} ${pad(t.masked, 6)} ${pad(t.tried ? (t.totalMs / t.tried).toFixed(1) : '-', 7)} ${pad(t.maxMs, 7)} ${pad(t.memMb, 7)}`,
    );
    for (const k of ['tried', 'refused', 'crash', 'hang', 'memory', 'invariant', 'masked', 'totalMs'] as const) total[k] += t[k];
    total.maxMs = Math.max(total.maxMs, t.maxMs);
    total.memMb = Math.max(total.memMb, t.memMb);
  }
  lines.push(
    `${'total'.padEnd(28)} ${pad(total.tried, 7)} ${pad(total.refused, 7)} ${pad(total.crash, 5)} ${pad(total.hang, 4)} ${pad(total.memory, 4)} ${pad(total.invariant, 4)} ${pad(total.masked, 6)} ${pad(total.tried ? (total.totalMs / total.tried).toFixed(1) : '-', 7)} ${pad(total.maxMs, 7)} ${pad(total.memMb, 7)}`,
  );
  lines.push('');
  lines.push(
    `inputs tried: ${s.tried} in ${(s.elapsedMs / 1000).toFixed(1)} s (${(s.tried / Math.max(1, s.elapsedMs / 1000)).toFixed(0)}/s, ${s.workers} worker${s.workers > 1 ? 's' : ''}; set-up ${(s.setupMs / 1000).toFixed(1)} s), seed ${s.seed}`,
  );
  lines.push(`crashes: ${total.crash}, hangs: ${total.hang}, over memory: ${total.memory}, invariants broken: ${total.invariant}; masked runtime errors: ${total.masked}`);
  lines.push(
    `memory peak: ${s.memMb} MB for one input (the CLI at rest, ${CLI_AT_REST_MB} MB, + the most one input added to its worker); workers: ${s.baselineRssMb} MB fresh, ${s.peakRssMb} MB at most; worker restarts: ${s.restarts}`,
  );
  const bySig = new Map<string, Failure[]>();
  for (const f of s.failures) bySig.set(f.signature, [...(bySig.get(f.signature) ?? []), f]);
  if (bySig.size > 0) {
    lines.push('');
    lines.push(`failures (${s.failures.length}, ${bySig.size} distinct; inputs in ${s.out}):`);
    for (const [sig, fs] of bySig) {
      const f = fs[0]!;
      lines.push(`  ${f.category.toUpperCase()} ×${fs.length} ${sig}`);
      lines.push(`    first: ${f.target} #${f.index} (${f.mutations.join('; ').slice(0, 300)})`);
      if (f.file) lines.push(`    replay: npm run fuzz -- --replay ${f.file}`);
    }
  }
  if (s.masked.size > 0) {
    lines.push('');
    lines.push(`runtime errors the engine caught and reported as problems (not failures; each a parser that did not check its input):`);
    for (const [sig, m] of [...s.masked].sort((a, b) => b[1].count - a[1].count).slice(0, 15)) {
      lines.push(`  ×${m.count} ${sig}`);
      lines.push(`    e.g. ${m.target} #${m.index}: ${m.example.slice(0, 200)}`);
    }
  }
  return lines;
}

/** True when the run found no crash, hang, memory failure or broken invariant. */
export function passed(s: FuzzSummary): boolean {
  return s.failures.length === 0;
}

/** What running one input again showed (in a worker process, as in the run: a hang is paused and shown). */
export interface Rerun {
  input: FuzzInput;
  result: RunResult;
  /** CLI-equivalent peak memory (see TargetStats.memMb). */
  memMb: number;
}

async function rerun(inputs: FuzzInput[], options: { inputTimeoutMs?: number } = {}): Promise<Rerun[]> {
  const runTmp = mkdtempSync(join(tmpdir(), 'logscan-fuzz-'));
  const late: string[] = [];
  const worker = new FuzzWorker({
    timeoutMs: options.inputTimeoutMs ?? DEFAULT_INPUT_TIMEOUT_MS,
    killAtMb: 2 * MEMORY_LIMIT_MB,
    heapMb: 1024,
    tmp: runTmp,
    onLate: (_n, error) => void late.push(`${error.name}: ${error.message}`),
  });
  try {
    const out: Rerun[] = [];
    for (const input of inputs) {
      const result = await worker.run(input);
      out.push({ input, result, memMb: Math.round(CLI_AT_REST_MB + Math.max(0, result.peakRssMb - result.startRssMb)) });
    }
    return out;
  } finally {
    worker.stop();
    rmSync(runTmp, { recursive: true, force: true });
  }
}

/** Runs a saved failing input (its .json) again. */
export async function replay(jsonPath: string, options: { inputTimeoutMs?: number } = {}): Promise<Rerun> {
  const saved = JSON.parse(readFileSync(jsonPath, 'utf8')) as { input: Omit<FuzzInput, 'bytes'>; bytes: string };
  const input = { ...saved.input, bytes: new Uint8Array(readFileSync(saved.bytes)) } as FuzzInput;
  return (await rerun([input], options))[0]!;
}

/** Input `index` of the targets matching `target`, made again from the seed and run. */
export async function regenerate(seed: number, target: RegExp, index: number, options: { inputTimeoutMs?: number } = {}): Promise<Rerun[]> {
  const inputs: FuzzInput[] = [];
  for (const t of (await buildTargets()).filter((x) => target.test(x.name))) inputs.push(await generate(t, seed >>> 0, index, inputs.length));
  return rerun(inputs, options);
}

/** A rerun, for a reader: what happened, with the stack of a crash or of a hang. */
export function describeRerun(r: Rerun): string {
  const head = `${r.input.target} #${r.input.index} (${r.input.bytes.length} bytes; ${r.input.mutations.join('; ')})`;
  const res = r.result;
  const figures = `${res.ms} ms, ${r.memMb} MB (CLI-equivalent peak)`;
  switch (res.kind) {
    case 'hang':
      return `${head}\nHANG: still running after the time limit (${figures}); where the engine was:\n${res.stack ?? '(it did not pause)'}`;
    case 'memory':
      return `${head}\nMEMORY: ${res.detail} (${figures})`;
    case 'died':
      return `${head}\nCRASH: the worker died (${figures}): ${res.error.name}: ${res.error.message}\n${res.error.stack}`;
    default: {
      const o = res.outcome;
      const lines = [`${head}\n${o.crash ? 'CRASH' : 'done'} in ${figures}: ${o.events} events, ${o.problems} problems${o.refused ? `; refused: ${o.refused}` : ''}`];
      if (o.crash) lines.push(o.crash.stack);
      for (const v of o.invariant) lines.push(`INVARIANT: ${v}`);
      for (const m of o.masked) lines.push(`masked runtime error: ${m}`);
      return lines.join('\n');
    }
  }
}

/** True when a rerun shows a failure (crash, hang, memory, broken invariant). */
export function rerunFailed(r: Rerun, memoryMb = MEMORY_LIMIT_MB): boolean {
  const res = r.result;
  return res.kind !== 'done' || Boolean(res.outcome.crash) || res.outcome.invariant.length > 0 || r.memMb > memoryMb;
}
