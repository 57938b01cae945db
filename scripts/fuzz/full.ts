// The fuzz run's scaled phase (`npm run fuzz -- --full`): every hostile case of test/hostile/cases.ts at its 'full'
// size (the sizes issue 11 measured: GiB bombs, 1 GB lines, 600 MB logs on two threads), through the built CLI,
// judged by the same checks as the suite (test/hostile/harness/run-case.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostileCases } from '../../test/hostile/cases.js';
import { requireBuild } from '../../test/hostile/harness/cli.js';
import { runCase } from '../../test/hostile/harness/run-case.js';

export interface FullCaseResult {
  name: string;
  cls: string;
  runs: number;
  ms: number;
  peakRssMb: number;
  failures: string[];
}

export async function runFullPhase(opts: { cases?: RegExp; log: (line: string) => void }): Promise<FullCaseResult[]> {
  requireBuild();
  const tmp = mkdtempSync(join(tmpdir(), 'logscan-fuzz-full-'));
  const results: FullCaseResult[] = [];
  try {
    for (const c of hostileCases()) {
      if (opts.cases && !opts.cases.test(`${c.cls}/${c.name}`)) continue;
      const dir = mkdtempSync(join(tmp, `${c.name}-`));
      const started = performance.now();
      let peak = 0;
      let runs = 0;
      let failures: string[];
      try {
        const result = await runCase(c, 'full', dir, (_output, run) => {
          runs++;
          peak = Math.max(peak, run.peakRssMb);
        });
        failures = result.failures;
      } catch (e) {
        failures = [`the case could not be built or run: ${(e as Error).stack ?? String(e)}`];
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const r = { name: c.name, cls: c.cls, runs, ms: Math.round(performance.now() - started), peakRssMb: peak, failures };
      results.push(r);
      opts.log(`  ${failures.length === 0 ? 'ok  ' : 'FAIL'} ${`${c.cls}/${c.name}`.padEnd(34)} ${String(runs).padStart(2)} runs ${(r.ms / 1000).toFixed(1).padStart(7)} s  peak ${peak.toFixed(0).padStart(5)} MB`);
      for (const f of failures.slice(0, 6)) opts.log(`       ${f.slice(0, 400)}`);
      if (failures.length > 6) opts.log(`       … ${failures.length - 6} more`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return results;
}
