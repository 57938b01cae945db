// The CLI's other figures: the timeline export's output rate, and start-up (the version, a small sample).
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedBundle } from './linux-bundle.js';
import { logscan, logscanStart, median, root, withoutExtraCerts } from './measure.js';
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
  // Targets time logscan's own start: without NODE_EXTRA_CA_CERTS, which makes Node parse a certificate bundle
  // before any JavaScript (withoutExtraCerts). When this environment sets it, rows with it show what a user here waits.
  const clean = withoutExtraCerts();
  const certs = process.env.NODE_EXTRA_CA_CERTS;
  const node: number[] = [];
  const nodeWithCerts: number[] = [];
  const version: number[] = [];
  const versionWithCerts: number[] = [];
  const small: number[] = [];
  const smallWithCerts: number[] = [];
  const text: number[] = [];
  const uncached: number[] = [];
  // Interleaved, after a warm-up run of each, so all see the same page cache. The warm-up also writes the CLI's
  // code cache (src/cli/compile-cache.ts) as a user's first run does; the last row is a run without it.
  logscanStart(['--version'], clean);
  const haveSample = existsSync(sample);
  const smallArgs = [sample, '--format', 'json', '-o', report, '--fail-on', 'never', '--no-progress'];
  const textArgs = [sample, '--fail-on', 'never', '--no-progress'];
  if (haveSample) logscanStart(smallArgs, clean);
  for (let i = 0; i < runs; i++) {
    node.push(logscanStart('bare', clean).seconds * 1000);
    version.push(logscanStart(['--version'], clean).seconds * 1000);
    if (haveSample) {
      small.push(logscanStart(smallArgs, clean).seconds * 1000);
      text.push(logscanStart(textArgs, clean).seconds * 1000);
      uncached.push(logscanStart(smallArgs, { ...clean, LOGSCAN_CODE_CACHE: '0' }).seconds * 1000);
    }
    if (certs !== undefined) {
      nodeWithCerts.push(logscanStart('bare').seconds * 1000);
      versionWithCerts.push(logscanStart(['--version']).seconds * 1000);
      if (haveSample) smallWithCerts.push(logscanStart(smallArgs).seconds * 1000);
    }
  }
  rmSync(report, { force: true });
  const without = certs === undefined ? '' : '; without NODE_EXTRA_CA_CERTS';
  const withCerts = `median of ${runs}; NODE_EXTRA_CA_CERTS=${certs}, which Node reads at every start`;
  const missing = (figure: string) => notRun(figure, `<= ${SMALL_SAMPLE_MS_TARGET} ms`, 'samples/healthy.tgz missing (npm run samples)');
  return [
    info('start-up: node -e 0 (Node alone, for reference)', ms(median(node)), `median of ${runs}${without}`),
    atMost('start-up: logscan --version', median(version), VERSION_MS_TARGET, ms, `median of ${runs}${without}`),
    haveSample ? atMost('start-up: small sample (samples/healthy.tgz, JSON)', median(small), SMALL_SAMPLE_MS_TARGET, ms, `median of ${runs}${without}`) : missing('start-up: small sample'),
    haveSample ? atMost('start-up: small sample, text report', median(text), SMALL_SAMPLE_MS_TARGET, ms, `median of ${runs}${without}`) : missing('start-up: small sample, text report'),
    ...(haveSample ? [info('start-up: small sample without the code cache (a first run)', ms(median(uncached)), `median of ${runs}; LOGSCAN_CODE_CACHE=0${without}`)] : []),
    ...(certs === undefined
      ? []
      : [
          info('start-up with this environment: node -e 0', ms(median(nodeWithCerts)), withCerts),
          info('start-up with this environment: logscan --version', ms(median(versionWithCerts)), withCerts),
          ...(haveSample ? [info('start-up with this environment: small sample, JSON', ms(median(smallWithCerts)), withCerts)] : []),
        ]),
  ];
}
