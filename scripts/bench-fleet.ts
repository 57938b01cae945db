// How fast `logscan fleet` analyses many small bundles (issue 14: at least 50 a second on a 2-core machine): 500
// varied bundles from the sample fixture trees (test/fleet/fleet-generator.ts) in a temporary folder, analysed by
// the built CLI with one JSON report each; prints bundles/s and the peak memory of the whole process (its worker
// threads included), and one JSON line for `npm run bench`. Exits 1 under the target.
//
//   npx tsx scripts/bench-fleet.ts [--bundles N] [--jobs N]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateFleetBundles } from '../test/fleet/fleet-generator.js';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const TARGET_PER_SECOND = 50;

/**
 * Runs the built CLI in this child and reports, on its last stderr line, its wall time and its peak resident memory
 * (`process.resourceUsage().maxRSS` covers every thread of the process).
 */
const RUNNER = `
const [main, ...args] = process.argv.slice(1);
const started = performance.now();
const { main: run } = await import(main);
const code = await run(args);
process.on('exit', () => process.stderr.write('\\nbench ' + JSON.stringify({ code, ms: performance.now() - started, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000, maxRssKb: process.resourceUsage().maxRSS }) + '\\n'));
process.exitCode = code;
`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { bundles: { type: 'string', default: '500' }, jobs: { type: 'string' } } });
  const count = Number(values.bundles);
  const cli = join(root, 'dist', 'bin', 'main.js');
  if (!existsSync(cli)) {
    console.error('bench-fleet: the CLI is not built (dist/bin/main.js): run npm run build');
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'logscan-bench-fleet-'));
  try {
    const made = Date.now();
    await generateFleetBundles(join(dir, 'bundles'), count);
    console.log(`generated ${count} bundles in ${((Date.now() - made) / 1000).toFixed(1)} s`);
    const args = ['fleet', join(dir, 'bundles'), '--out', join(dir, 'reports'), '-o', join(dir, 'summary.json'), '--no-progress', '--fail-on', 'never'];
    if (values.jobs !== undefined) args.push('--jobs', values.jobs);
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', RUNNER, cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const line = run.stderr.split('\n').reverse().find((l) => l.startsWith('bench '));
    if (!line) {
      console.error(`bench-fleet: the fleet run gave no figures (exit ${run.status}): ${run.stderr.slice(-500)}`);
      return 1;
    }
    const { code, ms, cpuMs, maxRssKb } = JSON.parse(line.slice('bench '.length)) as { code: number; ms: number; cpuMs: number; maxRssKb: number };
    const reports = existsSync(join(dir, 'reports')) ? readdirSync(join(dir, 'reports')).length : 0;
    if (code !== 0 || reports !== count) {
      console.error(`bench-fleet: the fleet exited ${code} with ${reports} of ${count} reports: ${run.stderr.slice(-500)}`);
      return 1;
    }
    const perSecond = count / (ms / 1000);
    const peakRssMb = maxRssKb / 1024;
    // CPU time says what the run costs whatever else the machine runs meanwhile (a shared machine's wall time does not).
    console.log(
      `${count} bundles in ${(ms / 1000).toFixed(2)} s: ${perSecond.toFixed(1)} bundles/s, ${(cpuMs / count).toFixed(1)} ms of CPU a bundle, ` +
        `peak RSS ${peakRssMb.toFixed(0)} MB (target >= ${TARGET_PER_SECOND} bundles/s)`,
    );
    console.log(JSON.stringify({ bundles: count, seconds: ms / 1000, bundlesPerSecond: Number(perSecond.toFixed(1)), cpuMsPerBundle: Number((cpuMs / count).toFixed(1)), peakRssMb: Math.round(peakRssMb) }));
    return perSecond >= TARGET_PER_SECOND ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
