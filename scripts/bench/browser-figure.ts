// The browser's figures: the renderer's peak memory while the viewer (logscan serve, Chromium through the test
// helpers) analyses the smallest Linux bundle, and the viewer's time against the CLI's single thread on the same
// bundle, interleaved by round. The renderer is sampled by test/browser/memory-probe.ts; while that helper does
// not exist the rows say "not measured". The page's findings are checked like the CLI's.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { Sized } from './linux-figure.js';
import { logscan, median, root } from './measure.js';
import { atMost, mb, notRun, ratio, type Row, wrongReport } from './results.js';

export const RENDERER_TARGET_MB = 500;
export const BROWSER_RATIO_TARGET = 1.5;
const PROBE = join(root, 'test', 'browser', 'memory-probe.ts');
/** Generous: the viewer reads a few hundred MB, on a machine other work may share. */
const RESULT_MS = 20 * 60_000;

interface MemoryProbe {
  sampleRendererMemory(browser: Browser, everyMs?: number): Promise<{ peakMb(): number; stop(): Promise<void> }>;
}

export async function browserRows(size: Sized | undefined, rounds: number): Promise<Row[]> {
  const memoryFigure = 'browser: renderer peak memory';
  const timeFigure = 'browser: time / CLI --jobs 1';
  const notMeasured = (why: string): Row[] => [notRun(memoryFigure, `<= ${mb(RENDERER_TARGET_MB)}`, why, 'not measured'), notRun(timeFigure, `<= ${ratio(BROWSER_RATIO_TARGET)}`, why, 'not measured')];
  if (!size) return notMeasured('no Linux bundle');
  if (!existsSync(PROBE)) return notMeasured('test/browser/memory-probe.ts (the renderer memory helper) does not exist yet');
  // Loaded by path, not by a static import: the helpers are test code, and the figure must degrade to
  // "not measured" rather than break the bench when they change.
  const probe = (await import(pathToFileURL(PROBE).href)) as MemoryProbe;
  const { launchBrowser } = (await import(pathToFileURL(join(root, 'test', 'helpers', 'browser.ts')).href)) as typeof import('../../test/helpers/browser.js');
  const { startServer } = (await import(pathToFileURL(join(root, 'test', 'browser', 'cli.ts')).href)) as typeof import('../../test/browser/cli.js');
  const name = `${memoryFigure}, Linux ${size.label}`;
  const server = await startServer();
  const browser = await launchBrowser();
  const peaks: number[] = [];
  const ratios: number[] = [];
  const times: number[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url);
      const sampler = await probe.sampleRendererMemory(browser);
      const t0 = process.hrtime.bigint();
      await page.setInputFiles('#file', size.bundle.path);
      await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout: RESULT_MS, polling: 250 });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      await sampler.stop();
      const state = await page.evaluate(() => document.body.dataset.state ?? '');
      const ids = [...new Set(await page.$$eval('li.finding', (items) => items.map((li) => (li as HTMLElement).dataset.id ?? '')))].sort();
      await context.close();
      const expected = [...size.bundle.expected.findings].sort();
      if (state !== 'done' || ids.join() !== expected.join()) {
        return [wrongReport(name, `<= ${mb(RENDERER_TARGET_MB)}`, `viewer ${state}; findings ${ids.join(', ') || 'none'}; expected ${expected.join(', ')}`)];
      }
      const cli = logscan([size.bundle.path, '--jobs', '1', '--format', 'json', '-o', join(root, 'node_modules', '.cache', 'logscan-bench', 'work', 'browser-cli.json'), '--fail-on', 'never', '--no-progress']);
      peaks.push(sampler.peakMb());
      times.push(seconds);
      ratios.push(seconds / cli.seconds);
      process.stderr.write(`  browser round ${round}: viewer ${seconds.toFixed(2)} s, renderer peak ${sampler.peakMb().toFixed(0)} MB, CLI --jobs 1 ${cli.seconds.toFixed(2)} s\n`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return [
    atMost(name, Math.max(...peaks), RENDERER_TARGET_MB, mb, `highest of ${peaks.length}; median ${median(peaks).toFixed(0)} MB; findings checked`),
    atMost(`${timeFigure}, Linux ${size.label}`, median(ratios), BROWSER_RATIO_TARGET, ratio, `viewer ${median(times).toFixed(2)} s`),
  ];
}
