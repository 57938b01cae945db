// The CLI's other figures: the timeline export's output rate, and start-up (the version, a small sample).
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedBundle } from './linux-bundle.js';
import { logscan, logscanStart, median, root } from './measure.js';
import { atLeast, atMost, info, ms, notRun, perSecond, type Row } from './results.js';

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
  const node: number[] = [];
  const version: number[] = [];
  const small: number[] = [];
  // Interleaved, after a warm-up run of each, so all see the same page cache.
  logscanStart(['--version']);
  const haveSample = existsSync(sample);
  const smallArgs = [sample, '--format', 'json', '-o', report, '--fail-on', 'never', '--no-progress'];
  if (haveSample) logscanStart(smallArgs);
  for (let i = 0; i < runs; i++) {
    node.push(logscanStart('bare').seconds * 1000);
    version.push(logscanStart(['--version']).seconds * 1000);
    if (haveSample) small.push(logscanStart(smallArgs).seconds * 1000);
  }
  rmSync(report, { force: true });
  // Node reads every certificate of NODE_EXTRA_CA_CERTS before any JavaScript runs (this workplace sets it to the
  // system bundle: ~70 ms of each start here), so the row for Node's own start says what no change to logscan moves.
  const extraCerts = process.env.NODE_EXTRA_CA_CERTS ? `; NODE_EXTRA_CA_CERTS is set (${process.env.NODE_EXTRA_CA_CERTS}), which Node loads at every start` : '';
  return [
    info('start-up: node -e 0 (Node alone, for reference)', ms(median(node)), `median of ${runs}${extraCerts}`),
    atMost('start-up: logscan --version', median(version), VERSION_MS_TARGET, ms, `median of ${runs}`),
    haveSample ? atMost('start-up: small sample (samples/healthy.tgz)', median(small), SMALL_SAMPLE_MS_TARGET, ms, `median of ${runs}`) : notRun('start-up: small sample', `<= ${SMALL_SAMPLE_MS_TARGET} ms`, 'samples/healthy.tgz missing (npm run samples)'),
  ];
}
