// Linux bundles: logscan's wall time against the decompression floor measured in the same round, peak RSS at
// each size, and whether peak memory stays flat from the smallest size to the largest.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedBundle } from './linux-bundle.js';
import { decompressionFloor, logscan, median } from './measure.js';
import { checkReport } from './report-check.js';
import { atMost, mb, percent, ratio, type Row, wrongReport } from './results.js';

export const RATIO_TARGET = 1.5;
export const RSS_TARGET_MB = 150;
/** Peak RSS at the largest size may exceed the smallest's by this much (V8 grows its heaps in steps). */
export const RSS_GROWTH = 0.15;

export interface Sized {
  label: string;
  bundle: GeneratedBundle;
}

interface Measured {
  ratios: number[];
  seconds: number[];
  floors: number[];
  peaks: number[];
  wrong?: string;
}

export function linuxRows(sizes: readonly Sized[], rounds: number, workDir: string): Row[] {
  const measured = new Map<string, Measured>(sizes.map((s) => [s.label, { ratios: [], seconds: [], floors: [], peaks: [] }]));
  const report = join(workDir, 'linux-report.json');
  for (let round = 1; round <= rounds; round++) {
    for (const { label, bundle } of sizes) {
      const m = measured.get(label)!;
      if (m.wrong) continue;
      // Floor and logscan back to back, their order alternating by round: each ratio is taken within a round.
      const floorFirst = round % 2 === 1;
      const floor = floorFirst ? decompressionFloor(bundle.layers) : 0;
      rmSync(report, { force: true });
      const run = logscan([bundle.path, '--format', 'json', '-o', report, '--fail-on', 'never', '--no-progress']);
      const floorAfter = floorFirst ? floor : decompressionFloor(bundle.layers);
      if (run.status !== 0) {
        m.wrong = `logscan exited ${run.status}: ${run.stderr.trim().slice(0, 300)}`;
        continue;
      }
      const wrong = checkReport(report, bundle.expected);
      if (wrong) {
        m.wrong = wrong;
        continue;
      }
      m.ratios.push(run.seconds / floorAfter);
      m.seconds.push(run.seconds);
      m.floors.push(floorAfter);
      if (run.peakMb !== undefined) m.peaks.push(run.peakMb);
      process.stderr.write(`  linux ${label} round ${round}: logscan ${run.seconds.toFixed(2)} s, floor ${floorAfter.toFixed(2)} s, peak ${run.peakMb?.toFixed(0) ?? '?'} MB\n`);
    }
  }
  const rows: Row[] = [];
  for (const { label, bundle } of sizes) {
    const m = measured.get(label)!;
    const name = `Linux ${label} (${(bundle.textBytes / 1e6).toFixed(0)} MB of logs)`;
    if (m.wrong) {
      rows.push(wrongReport(`${name}: time / floor`, `<= ${ratio(RATIO_TARGET)}`, m.wrong));
      continue;
    }
    const seconds = median(m.seconds);
    rows.push(
      atMost(`${name}: time / floor`, median(m.ratios), RATIO_TARGET, ratio, `logscan ${seconds.toFixed(2)} s (${(bundle.textBytes / 1e6 / seconds).toFixed(0)} MB/s), floor ${median(m.floors).toFixed(2)} s; findings checked`),
    );
    if (m.peaks.length) rows.push(atMost(`${name}: peak RSS`, Math.max(...m.peaks), RSS_TARGET_MB, mb, `highest of ${m.peaks.length} runs; median ${median(m.peaks).toFixed(0)} MB`));
  }
  const measuredSizes = sizes.filter((s) => !measured.get(s.label)!.wrong && measured.get(s.label)!.peaks.length);
  if (measuredSizes.length >= 2) {
    const first = measuredSizes[0]!;
    const last = measuredSizes[measuredSizes.length - 1]!;
    const growth = median(measured.get(last.label)!.peaks) / median(measured.get(first.label)!.peaks) - 1;
    rows.push(atMost(`Linux peak RSS ${first.label} -> ${last.label} (flat)`, growth, RSS_GROWTH, percent, 'medians of the runs'));
  }
  return rows;
}
