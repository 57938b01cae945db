// Windows event logs: analysis speed of a bundle of EVTX (findings checked), and full rendering against libyal's
// evtxexport on equal work: whole processes, one per file for both, every record read and each of its fields
// written out (logscan's JSONL timeline, evtxexport's XML), output to /dev/null.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { decompressionFloor, logscan, median, onPath, program } from './measure.js';
import { checkReport } from './report-check.js';
import { atLeast, info, notRun, perSecond, ratio, type Row, wrongReport } from './results.js';
import type { WindowsBundle } from './windows-bundle.js';

export const EVTX_MBPS_TARGET = 55;
export const EVTXEXPORT_RATIO_TARGET = 5;

/** evtxexport, installed with apt-get when missing and this process may (root); else why not. */
export function ensureEvtxexport(): string | undefined {
  if (onPath('evtxexport')) return undefined;
  if (process.getuid?.() !== 0) return 'evtxexport is not installed: sudo apt-get install libevtx-utils (Debian/Ubuntu), then run the bench again';
  process.stderr.write('installing evtxexport (apt-get install libevtx-utils) ...\n');
  const install = spawnSync('sh', ['-c', 'apt-get install -y libevtx-utils || (apt-get update && apt-get install -y libevtx-utils)'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return install.status === 0 && onPath('evtxexport') ? undefined : 'evtxexport could not be installed (apt-get install libevtx-utils failed)';
}

export function evtxRows(bundle: WindowsBundle, rounds: number, workDir: string): Row[] {
  const mbOfEvtx = bundle.evtxBytes / 1e6;
  const name = `EVTX (${mbOfEvtx.toFixed(0)} MB in ${bundle.evtxFiles.length} files)`;
  const missing = ensureEvtxexport();
  const report = join(workDir, 'windows-report.json');
  const analysis: number[] = [];
  const floors: number[] = [];
  const ours: number[] = [];
  const theirs: number[] = [];
  let wrong: string | undefined;
  for (let round = 1; round <= rounds && !wrong; round++) {
    rmSync(report, { force: true });
    const run = logscan([bundle.path, '--format', 'json', '-o', report, '--fail-on', 'never', '--no-progress']);
    if (run.status !== 0) wrong = `logscan exited ${run.status}: ${run.stderr.trim().slice(0, 300)}`;
    else wrong = checkReport(report, bundle.expected);
    if (wrong) break;
    analysis.push(run.seconds);
    floors.push(decompressionFloor(bundle.layers));
    let rendered = 0;
    for (const file of bundle.evtxFiles) {
      const timeline = logscan(['timeline', file, '--format', 'jsonl', '--no-progress']);
      if (timeline.status !== 0) wrong = `logscan timeline ${file} exited ${timeline.status}: ${timeline.stderr.trim().slice(0, 300)}`;
      rendered += timeline.seconds;
    }
    ours.push(rendered);
    if (!missing) {
      let seconds = 0;
      for (const file of bundle.evtxFiles) {
        const run = program('evtxexport', ['-f', 'xml', file]);
        if (run.status !== 0) wrong = `evtxexport ${file} exited ${run.status}`;
        seconds += run.seconds;
      }
      theirs.push(seconds);
    }
    process.stderr.write(`  evtx round ${round}: analysis ${run.seconds.toFixed(2)} s, render ${rendered.toFixed(2)} s, evtxexport ${theirs.at(-1)?.toFixed(2) ?? '-'} s\n`);
  }
  if (wrong) return [wrongReport(`${name}: analysis`, `>= ${EVTX_MBPS_TARGET} MB/s`, wrong)];
  const seconds = median(analysis);
  const rows: Row[] = [
    atLeast(`${name}: analysis`, mbOfEvtx / seconds, EVTX_MBPS_TARGET, perSecond('MB'), `logscan bundle.zip ${seconds.toFixed(2)} s; findings checked`),
    info(`${name}: analysis / unzip floor`, ratio(seconds / median(floors))),
  ];
  const render = median(ours);
  if (missing) rows.push(notRun(`${name}: full render vs evtxexport`, `>= ${ratio(EVTXEXPORT_RATIO_TARGET)}`, missing));
  else {
    const ratios = ours.map((o, i) => theirs[i]! / o);
    rows.push(
      atLeast(`${name}: full render vs evtxexport`, median(ratios), EVTXEXPORT_RATIO_TARGET, ratio, `logscan timeline ${render.toFixed(2)} s (${(mbOfEvtx / render).toFixed(0)} MB/s), evtxexport -f xml ${median(theirs).toFixed(2)} s`),
    );
  }
  return rows;
}
