// npm run fuzz: the longer hostile-input run of issue 11 (item 8). For a fixed time and a fixed seed it mutates valid
// inputs of every parser (EVTX and the event-export readers included), of the CLI's archive readers and of the
// browser's ingest, and runs each through the engine in a worker process: a crash (an exception escaping the engine),
// a hang (an input over its time limit) or more than 300 MB resident for one input is a failure; each failing input is
// written to test-output/fuzz/seed-<seed>/ with how to run it again. `--full` then runs the hostile cases of
// test/hostile/cases.ts at their full size through the built CLI. Exit 1 on any failure.
//
//   npm run fuzz                                  120 s, seed 11
//   npm run fuzz -- --seconds 600 --seed 7        longer, another seed
//   npm run fuzz -- --target 'evtx|event-'        only the targets whose name matches
//   npm run fuzz -- --full                        then the hostile cases at full size (minutes; needs npm run build)
//   npm run fuzz -- --seconds 0 --full --cases 'bomb/'
//   npm run fuzz -- --replay test-output/fuzz/seed-11/crash-parser_evtx-123.json   run a saved input again: its stack
//   npm run fuzz -- --seed 11 --target '^parser:evtx$' --index 123                 make an input again and run it
import { parseArgs } from 'node:util';
import { runFullPhase } from './fuzz/full.js';
import { DEFAULT_INPUT_TIMEOUT_MS, DEFAULT_SECONDS, DEFAULT_SEED, describeRerun, formatSummary, passed, regenerate, replay, rerunFailed, runFuzz } from './fuzz/run.js';

const HELP = `usage: npm run fuzz -- [options]
  --seconds N        time of the mutational phase (default ${DEFAULT_SECONDS}; 0 skips it)
  --seed N           seed (default ${DEFAULT_SEED}); the same seed gives the same inputs
  --workers N        worker processes (default: the cores but one, 1 to 4)
  --target REGEX     only targets whose name matches (parser:evtx, parser:event-csv, ingest-node:zip, ingest-web:tgz ...)
  --input-timeout MS an input running longer is a hang (default ${DEFAULT_INPUT_TIMEOUT_MS})
  --memory MB        peak resident memory allowed per input (default 300)
  --out DIR          where failing inputs go (default test-output/fuzz/seed-<seed>)
  --full             then the hostile cases at full size through the built CLI
  --cases REGEX      with --full: only cases whose 'class/name' matches
  --replay FILE      run a saved failing input (its .json) again and print what happened, with the stack
  --index N          with --target: make input N of the matching targets again (--seed) and run it
  --list             list the targets and their seed counts`;

function num(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`fuzz: --${name} takes a number, not ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        seconds: { type: 'string' },
        seed: { type: 'string' },
        workers: { type: 'string' },
        target: { type: 'string' },
        'input-timeout': { type: 'string' },
        memory: { type: 'string' },
        out: { type: 'string' },
        full: { type: 'boolean' },
        cases: { type: 'string' },
        replay: { type: 'string' },
        index: { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }).values;
  } catch (e) {
    console.error(`fuzz: ${(e as Error).message}\n${HELP}`);
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const seed = num(args.seed, 'seed', DEFAULT_SEED);
  const target = args.target !== undefined ? new RegExp(args.target) : undefined;

  const timeout = args['input-timeout'] !== undefined ? { inputTimeoutMs: num(args['input-timeout'], 'input-timeout', DEFAULT_INPUT_TIMEOUT_MS) } : {};
  if (args.replay) {
    const r = await replay(args.replay, timeout);
    console.log(describeRerun(r));
    return rerunFailed(r) ? 1 : 0;
  }
  if (args.index !== undefined) {
    if (!target) {
      console.error('fuzz: --index needs --target');
      return 2;
    }
    let bad = false;
    for (const r of await regenerate(seed, target, num(args.index, 'index', 0), timeout)) {
      console.log(describeRerun(r));
      bad ||= rerunFailed(r);
    }
    return bad ? 1 : 0;
  }
  if (args.list) {
    const { buildTargets, seedCount } = await import('./fuzz/corpus.js');
    for (const t of await buildTargets()) if (!target || target.test(t.name)) console.log(`${t.name.padEnd(30)} ${seedCount(t)} seeds`);
    return 0;
  }

  let ok = true;
  const seconds = num(args.seconds, 'seconds', DEFAULT_SECONDS);
  if (seconds > 0) {
    const summary = await runFuzz({
      seconds,
      seed,
      ...(args.workers !== undefined ? { workers: num(args.workers, 'workers', 1) } : {}),
      ...(target ? { targets: target } : {}),
      ...timeout,
      ...(args.memory !== undefined ? { memoryMb: num(args.memory, 'memory', 300) } : {}),
      ...(args.out !== undefined ? { out: args.out } : {}),
      log: (line) => console.log(line),
    });
    for (const line of formatSummary(summary)) console.log(line);
    ok = passed(summary);
  }
  if (args.full) {
    console.log('\nhostile cases at full size (the built CLI):');
    const started = performance.now();
    const results = await runFullPhase({ ...(args.cases !== undefined ? { cases: new RegExp(args.cases) } : {}), log: (line) => console.log(line) });
    const failed = results.filter((r) => r.failures.length > 0);
    const peak = Math.max(0, ...results.map((r) => r.peakRssMb));
    console.log(`full: ${results.length} cases, ${failed.length} failing, peak ${peak.toFixed(0)} MB, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    if (failed.length > 0) ok = false;
  }
  console.log(ok ? '\nfuzz: passed' : '\nfuzz: FAILED');
  return ok ? 0 : 1;
}

process.exitCode = await main();
