// npm run bench: how fast and in how much memory logscan reads realistic bundles, against targets (issue 13).
// Generated bundles (scripts/bench/*-bundle.ts: the real formats' shapes, a realistic share of lines the
// detectors must read, rotated and nested archives, known causes planted and checked in every report) are made
// once into node_modules/.cache/logscan-bench/ and reused while their generator version is unchanged.
// Each figure is measured on whole processes, in interleaved rounds, and reported as a median; the table says
// measured, target and pass/fail, and the bench exits 1 when a target is missed beyond the noise margin
// (results.ts: TOLERANCE).
//
//   npm run bench                       0.2, 1 and 2 GB Linux bundles, a ~240 MB EVTX bundle, 3 rounds
//   npm run bench -- --quick            small sizes, 1 round: to try it
//   npm run bench -- --only linux,evtx  some figures: linux, evtx, timeline, startup, fleet, browser
//   npm run bench -- --rounds 5         more rounds (default 3, quick 1)
//   npm run bench -- --sizes 0.2,1      Linux sizes in GB
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { browserRows } from './bench/browser-figure.js';
import { startupRows, timelineRows } from './bench/cli-figures.js';
import { evtxRows } from './bench/evtx-figure.js';
import { linuxBundle } from './bench/linux-bundle.js';
import { linuxRows, type Sized } from './bench/linux-figure.js';
import { root } from './bench/measure.js';
import { fleetRows } from './bench/other-figures.js';
import { failed, printTable, type Row } from './bench/results.js';
import { windowsBundle } from './bench/windows-bundle.js';

const FIGURES = ['linux', 'evtx', 'timeline', 'startup', 'fleet', 'browser'] as const;
type Figure = (typeof FIGURES)[number];

const USAGE = 'usage: npm run bench -- [--quick] [--only linux,evtx,timeline,startup,fleet,browser] [--rounds N] [--sizes GB,GB,...]';

function options(): { quick: boolean; only: Set<Figure>; rounds: number; sizes: number[]; evtxMb: number } {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, rounds: { type: 'string' }, sizes: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = new Set((values.only ?? FIGURES.join(',')).split(',').map((s) => s.trim()) as Figure[]);
  for (const name of only) if (!FIGURES.includes(name)) throw new Error(`--only ${name}: not a figure (${FIGURES.join(', ')})\n${USAGE}`);
  const quick = values.quick ?? false;
  const rounds = values.rounds === undefined ? (quick ? 1 : 3) : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds ${values.rounds}: a whole number from 1\n${USAGE}`);
  const sizes = (values.sizes ?? (quick ? '0.02,0.06' : '0.2,1,2')).split(',').map(Number).sort((a, b) => a - b);
  if (sizes.some((s) => !(s > 0 && s <= 16))) throw new Error(`--sizes ${values.sizes}: sizes in GB, each above 0 and at most 16\n${USAGE}`);
  return { quick, only, rounds, sizes, evtxMb: quick ? 30 : 240 };
}

const label = (gb: number): string => (gb < 1 ? `${Math.round(gb * 1000)} MB` : `${gb} GB`);

/** A figure's rows; one that throws (a crashed tab, a tool gone wrong) is a failed row, and the others still run. */
async function figure(name: string, measure: () => Row[] | Promise<Row[]>): Promise<Row[]> {
  try {
    return await measure();
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return [{ figure: name, measured: 'error', target: '', outcome: 'FAIL', note: message }];
  }
}

async function main(): Promise<void> {
  const opts = options();
  if (!existsSync(join(root, 'dist', 'bin', 'main.js'))) throw new Error('the CLI is not built: run npm run build first');
  const cache = join(root, 'node_modules', '.cache', 'logscan-bench');
  const work = join(cache, 'work');
  mkdirSync(work, { recursive: true });
  const rows: Row[] = [];
  const wants = (f: Figure): boolean => opts.only.has(f);

  const sizes: Sized[] = [];
  if (wants('linux') || wants('timeline') || wants('browser')) {
    // The timeline alone needs the smallest size only.
    for (const gb of wants('linux') || wants('browser') ? opts.sizes : opts.sizes.slice(0, 1)) {
      process.stderr.write(`Linux bundle ${label(gb)} (made once, then reused, in ${cache}) ...\n`);
      sizes.push({ label: label(gb), bundle: await linuxBundle(cache, label(gb).replace(' ', ''), gb * 1e9) });
    }
  }
  if (wants('linux')) rows.push(...(await figure('Linux bundles', () => linuxRows(sizes, opts.rounds, work))));
  if (wants('evtx')) {
    process.stderr.write(`Windows bundle of ${opts.evtxMb} MB of EVTX ...\n`);
    rows.push(...(await figure('EVTX', async () => evtxRows(await windowsBundle(cache, `${opts.evtxMb}MB`, opts.evtxMb * 1e6), opts.rounds, work))));
  }
  // The timeline takes the smallest Linux bundle (0.2 GB by default); the browser the smallest and the largest.
  if (wants('timeline') && sizes[0]) rows.push(...(await figure('timeline export', () => timelineRows(sizes[0]!.label, sizes[0]!.bundle, opts.rounds, work))));
  if (wants('startup')) rows.push(...(await figure('start-up', () => startupRows(Math.max(5, opts.rounds * 3), work))));
  if (wants('fleet')) rows.push(...(await figure('fleet of small bundles', () => fleetRows())));
  if (wants('browser')) rows.push(...(await figure('browser', () => browserRows(sizes.length > 1 ? [sizes[0]!, sizes[sizes.length - 1]!] : sizes, opts.rounds))));

  printTable(rows);
  const bad = failed(rows);
  console.log(bad ? 'bench: a target was missed' : 'bench: every measured target met');
  process.exitCode = bad ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
