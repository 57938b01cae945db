// The browser's figures: the renderer's peak memory while the viewer (logscan serve, Chromium through the test
// helpers) analyses the smallest and the largest Linux bundles, whether it stays flat between them, and the
// viewer's time against the CLI's single thread on the smallest, interleaved by round. The renderer is sampled by
// test/browser/memory-probe.ts; while that helper does not exist the rows say "not measured". The page's
// findings are checked like the CLI's.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { Sized } from './linux-figure.js';
import { logscan, median, root } from './measure.js';
import { atMost, mb, notRun, percent, ratio, type Row, wrongReport } from './results.js';

export const RENDERER_TARGET_MB = 500;
export const BROWSER_RATIO_TARGET = 1.5;
/** Renderer peak at the largest size against the smallest's (as for the CLI's RSS). */
export const RENDERER_GROWTH = 0.15;
const PROBE = join(root, 'test', 'browser', 'memory-probe.ts');
/** Generous: the viewer reads up to gigabytes, on a machine other work may share. */
const RESULT_MS = 60 * 60_000;

interface MemoryProbe {
  sampleRendererMemory(browser: Browser, everyMs?: number): Promise<{ peakMb(): number; stop(): Promise<void> }>;
}

interface Viewed {
  seconds: number;
  peakMb: number;
  wrong?: string;
}

async function view(browser: Browser, url: string, probe: MemoryProbe, size: Sized): Promise<Viewed> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    const sampler = await probe.sampleRendererMemory(browser);
    const t0 = process.hrtime.bigint();
    await page.setInputFiles('#file', size.bundle.path);
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: RESULT_MS, polling: 250 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    await sampler.stop();
    const state = await page.evaluate(() => document.body.dataset.state ?? '');
    const ids = [...new Set(await page.$$eval('li.finding', (items) => items.map((li) => (li as HTMLElement).dataset.id ?? '')))].sort();
    const expected = [...size.bundle.expected.findings].sort();
    const wrong = state !== 'done' || ids.join() !== expected.join() ? `viewer ${state}; findings ${ids.join(', ') || 'none'}; expected ${expected.join(', ')}` : undefined;
    return { seconds, peakMb: sampler.peakMb(), ...(wrong ? { wrong } : {}) };
  } finally {
    await context.close();
  }
}

/** `sizes`: the smallest Linux bundle first; the largest, when another, is viewed once (it is slow). */
export async function browserRows(sizes: readonly Sized[], rounds: number): Promise<Row[]> {
  const memoryFigure = 'browser: renderer peak memory';
  const timeFigure = 'browser: time / CLI --jobs 1';
  const notMeasured = (why: string): Row[] => [notRun(memoryFigure, `<= ${mb(RENDERER_TARGET_MB)}`, why, 'not measured'), notRun(timeFigure, `<= ${ratio(BROWSER_RATIO_TARGET)}`, why, 'not measured')];
  const smallest = sizes[0];
  if (!smallest) return notMeasured('no Linux bundle');
  if (!existsSync(PROBE)) return notMeasured('test/browser/memory-probe.ts (the renderer memory helper) does not exist yet');
  // Loaded by path, not by a static import: the helpers are test code, and the figure must degrade to
  // "not measured" rather than break the bench when they change.
  const probe = (await import(pathToFileURL(PROBE).href)) as MemoryProbe;
  const { launchBrowser } = (await import(pathToFileURL(join(root, 'test', 'helpers', 'browser.ts')).href)) as typeof import('../../test/helpers/browser.js');
  const { startServer } = (await import(pathToFileURL(join(root, 'test', 'browser', 'cli.ts')).href)) as typeof import('../../test/browser/cli.js');
  const server = await startServer();
  const browser = await launchBrowser();
  const rows: Row[] = [];
  const peaks = new Map<Sized, number[]>();
  const cliReport = join(root, 'node_modules', '.cache', 'logscan-bench', 'work', 'browser-cli.json');
  try {
    const ratios: number[] = [];
    const times: number[] = [];
    const plan = [...Array.from({ length: rounds }, () => smallest), ...(sizes.length > 1 ? [sizes[sizes.length - 1]!] : [])];
    for (const [i, size] of plan.entries()) {
      let viewed: Viewed;
      try {
        viewed = await view(browser, server.url, probe, size);
      } catch (error) {
        // A tab that runs out of memory crashes: that is this size's figure, the others still stand.
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        rows.push({ figure: `${memoryFigure}, Linux ${size.label}`, measured: 'no result', target: `<= ${mb(RENDERER_TARGET_MB)}`, outcome: 'FAIL', note: message });
        if (size === smallest) return rows;
        continue;
      }
      if (viewed.wrong) return [wrongReport(`${memoryFigure}, Linux ${size.label}`, `<= ${mb(RENDERER_TARGET_MB)}`, viewed.wrong)];
      peaks.set(size, [...(peaks.get(size) ?? []), viewed.peakMb]);
      let cli = '';
      if (size === smallest) {
        const run = logscan([size.bundle.path, '--jobs', '1', '--format', 'json', '-o', cliReport, '--fail-on', 'never', '--no-progress']);
        ratios.push(viewed.seconds / run.seconds);
        times.push(viewed.seconds);
        cli = `, CLI --jobs 1 ${run.seconds.toFixed(2)} s`;
      }
      process.stderr.write(`  browser ${size.label} run ${i + 1}: viewer ${viewed.seconds.toFixed(2)} s, renderer peak ${viewed.peakMb.toFixed(0)} MB${cli}\n`);
    }
    for (const [size, values] of peaks) {
      rows.push(atMost(`${memoryFigure}, Linux ${size.label}`, Math.max(...values), RENDERER_TARGET_MB, mb, `highest of ${values.length}; findings checked`));
    }
    if (peaks.size > 1 && peaks.has(sizes[sizes.length - 1]!)) {
      const largest = sizes[sizes.length - 1]!;
      const growth = median(peaks.get(largest)!) / median(peaks.get(smallest)!) - 1;
      rows.push(atMost(`browser: renderer peak ${smallest.label} -> ${largest.label} (flat)`, growth, RENDERER_GROWTH, percent));
    }
    rows.push(atMost(`${timeFigure}, Linux ${smallest.label}`, median(ratios), BROWSER_RATIO_TARGET, ratio, `viewer ${median(times).toFixed(2)} s`));
  } finally {
    await browser.close();
    await server.stop();
  }
  return rows;
}
