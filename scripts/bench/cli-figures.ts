// The CLI's other figures: the timeline export's output rate, and start-up (the version, a small sample).
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedBundle } from './linux-bundle.js';
import { logscan, median, root } from './measure.js';
import { atLeast, atMost, ms, notRun, perSecond, type Row } from './results.js';

export const TIMELINE_MBPS_TARGET = 150;
export const VERSION_MS_TARGET = 80;
export const SMALL_SAMPLE_MS_TARGET = 120;

export function timelineRows(label: string, bundle: GeneratedBundle, rounds: number, workDir: string): Row[] {
  const out = join(workDir, 'timeline.jsonl');
  const rates: number[] = [];
  let bytes = 0;
  for (let round = 1; round <= rounds; round++) {
    rmSync(out, { force: true });
    const run = logscan(['timeline', bundle.path, '-o', out, '--no-progress']);
    if (run.status !== 0) return [{ figure: `timeline ${label}`, measured: 'failed', target: `>= ${TIMELINE_MBPS_TARGET} MB/s`, outcome: 'FAIL', note: run.stderr.trim().slice(0, 300) }];
    bytes = statSync(out).size;
    rates.push(bytes / 1e6 / run.seconds);
    process.stderr.write(`  timeline round ${round}: ${(bytes / 1e6).toFixed(0)} MB in ${run.seconds.toFixed(2)} s\n`);
  }
  rmSync(out, { force: true });
  return [atLeast(`timeline export, Linux ${label} (MB of JSONL out)`, median(rates), TIMELINE_MBPS_TARGET, perSecond('MB'), `${(bytes / 1e6).toFixed(0)} MB of JSONL`)];
}

export function startupRows(runs: number, workDir: string): Row[] {
  const sample = join(root, 'samples', 'healthy.tgz');
  const report = join(workDir, 'startup-report.json');
  const version: number[] = [];
  const small: number[] = [];
  // Interleaved, after a warm-up run of each, so both see the same page cache.
  logscan(['--version']);
  const haveSample = existsSync(sample);
  if (haveSample) logscan([sample, '--format', 'json', '-o', report, '--fail-on', 'never']);
  for (let i = 0; i < runs; i++) {
    version.push(logscan(['--version']).seconds * 1000);
    if (haveSample) small.push(logscan([sample, '--format', 'json', '-o', report, '--fail-on', 'never']).seconds * 1000);
  }
  rmSync(report, { force: true });
  return [
    atMost('start-up: logscan --version', median(version), VERSION_MS_TARGET, ms, `median of ${runs}`),
    haveSample ? atMost('start-up: small sample (samples/healthy.tgz)', median(small), SMALL_SAMPLE_MS_TARGET, ms, `median of ${runs}`) : notRun('start-up: small sample', `<= ${SMALL_SAMPLE_MS_TARGET} ms`, 'samples/healthy.tgz missing (npm run samples)'),
  ];
}
