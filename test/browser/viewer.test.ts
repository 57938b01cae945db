// The web viewer in a real browser: `logscan serve` (the built CLI) and Chromium (test/helpers/browser.ts) driven by
// playwright-core. The analysis in the browser and in the CLI give the same findings for every sample.
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { launchPersistentBrowser } from '../helpers/browser.js';
import { bin, cliReport, root, samples, shots, startServer } from './cli.js';
import type { Server } from './cli.js';

const START_MS = 30_000;
const RESULT_MS = 30_000;

let server: Server | undefined;
let context: BrowserContext | undefined;
let page: Page;
let base = '';
let profile = '';
const outside: string[] = [];
const pageErrors: string[] = [];

interface Shown {
  id: string;
  severity: string;
  title: string;
  evidence: number;
}

/** Sets `path` on the file input, waits for its result, and reads what the page shows. */
async function open(path: string): Promise<{ state: string; findings: Shown[] }> {
  const name = path.split('/').pop()!;
  await page.setInputFiles('#file', path);
  await page.waitForFunction(
    (file) => ['done', 'error'].includes(document.body.dataset.state ?? '') && document.getElementById('results')?.dataset.file === file,
    name,
    { timeout: RESULT_MS },
  );
  const state = await page.evaluate(() => document.body.dataset.state ?? '');
  const findings = await page.$$eval('li.finding', (items) =>
    items.map((li) => ({
      id: (li as HTMLElement).dataset.id ?? '',
      severity: (li as HTMLElement).dataset.severity ?? '',
      title: li.querySelector(':scope > header .title')?.textContent ?? '',
      // Consequences nest inside their cause's item: only this finding's own evidence.
      evidence: li.querySelectorAll(':scope > .evidence li').length,
    })),
  );
  return { state, findings };
}

interface TimelineLine {
  message: string;
  path: string;
  level: string;
}

/** `logscan timeline --format jsonl` for a sample, one object per event. */
function cliTimeline(path: string): TimelineLine[] {
  const r = spawnSync(process.execPath, [bin, 'timeline', path, '--format', 'jsonl', '--no-progress'], { cwd: root, encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`logscan timeline ${path} exited with ${r.status}: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as TimelineLine);
}

/** Rows the timeline's table says it lists (after its filters), once the count has settled. */
async function timelineRows(): Promise<number> {
  let last = -1;
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(150);
    const n = Number(await page.getAttribute('.timeline', 'data-rows'));
    if (n === last) return n;
    last = n;
  }
  return last;
}

function expected(report: Report): Shown[] {
  return report.findings.map((f) => ({ id: f.id, severity: f.severity, title: f.title, evidence: Math.min(f.evidence.length, 20) }));
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'web', 'index.html'))) throw new Error('dist/web is not built: run npm run build (npm test does)');
  server = await startServer(START_MS);
  base = server.url;
  profile = mkdtempSync(join(tmpdir(), 'logscan-chromium-'));
  context = await launchPersistentBrowser(profile, { width: 1100, height: 900 }, START_MS);
  page = context.pages()[0] ?? (await context.newPage());
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) outside.push(r.url());
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(base, { timeout: START_MS });
  mkdirSync(shots, { recursive: true });
}, 90_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await server?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
}, 30_000);

describe('web viewer in chromium', () => {
  for (const sample of readdirSync(samples).sort()) {
    it(`shows the CLI's findings for ${sample}`, async () => {
      const cli = cliReport(join(samples, sample));
      const shown = await open(join(samples, sample));
      await page.screenshot({ path: join(shots, `${sample}.png`), fullPage: true });
      expect(shown.state).toBe('done');
      expect(shown.findings).toEqual(expected(cli));
      expect(await page.textContent('.summary h2')).toContain(sample);
      // The answer first: the verdict is the first thing in the results, the CLI's sentence word for word.
      expect(await page.$eval('#results', (r) => r.firstElementChild?.className ?? '')).toMatch(/^verdict\b/);
      expect(await page.textContent('.verdict .answer')).toBe(cli.verdict.summary);
      for (const f of cli.findings.filter((x) => x.causedBy)) {
        const parent = await page.$eval(`li.finding[data-id="${f.id}"]`, (li) => li.parentElement?.closest<HTMLElement>('li.finding')?.dataset.id ?? '');
        expect(parent, `${f.id} folds under its cause`).toBe(f.causedBy![0]);
      }
    }, 60_000);
  }

  it('opens a JSON report written by the CLI as it is', async () => {
    const cli = cliReport(join(samples, 'fsfreeze-timeout.tgz'));
    const dir = mkdtempSync(join(tmpdir(), 'logscan-report-'));
    try {
      const path = join(dir, 'report.json');
      writeFileSync(path, JSON.stringify(cli, null, 2) + '\n');
      const shown = await open(path);
      await page.screenshot({ path: join(shots, 'report.json.png'), fullPage: true });
      expect(shown.state).toBe('done');
      expect(shown.findings).toEqual(expected(cli));
      expect(await page.textContent('.summary .origin')).toContain('report written by logscan');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('opens a file dropped on the page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logscan-drop-'));
    try {
      const text =
        '2024-05-02T07:10:07.421905Z ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out -- 6 attempts made\n';
      const path = join(dir, 'waagent.log');
      writeFileSync(path, text);
      const cli = cliReport(path);
      await page.evaluate((content) => {
        const data = new DataTransfer();
        data.items.add(new File([content], 'waagent.log', { type: 'text/plain' }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, text);
      await page.waitForFunction(() => document.body.dataset.state === 'done' && document.getElementById('results')?.dataset.file === 'waagent.log', null, {
        timeout: RESULT_MS,
      });
      const ids = await page.$$eval('li.finding', (items) => items.map((li) => `${(li as HTMLElement).dataset.id} ${(li as HTMLElement).dataset.severity}`));
      expect(ids).toEqual(cli.findings.map((f) => `${f.id} ${f.severity}`));
      expect(ids.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('says why a file cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logscan-bad-'));
    try {
      const path = join(dir, 'bad.tgz');
      writeFileSync(path, 'not a gzip file\n');
      const shown = await open(path);
      expect(shown.state).toBe('error');
      expect(await page.textContent('#error')).toContain('not a gzip file');
      // A bundle with nothing to read says so, naming the file once.
      const empty = join(dir, 'empty.tgz');
      writeFileSync(empty, gzipSync(Buffer.alloc(1024)));
      expect((await open(empty)).state).toBe('error');
      const text = (await page.textContent('#error')) ?? '';
      expect(text).toMatch(/^empty\.tgz: /);
      expect(text).not.toMatch(/^empty\.tgz: empty\.tgz: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('the HTML report of `logscan --format html` shows the findings from a file:// URL with the network blocked', async () => {
    const sample = 'frozen-vm.tgz';
    const cli = cliReport(join(samples, sample));
    const dir = mkdtempSync(join(tmpdir(), 'logscan-html-'));
    const tab = await context!.newPage();
    try {
      const path = join(dir, 'report.html');
      const r = spawnSync(process.execPath, [bin, join(samples, sample), '--format', 'html', '-o', path, '--no-progress', '--fail-on', 'never'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(0);
      const url = pathToFileURL(path).href;
      const blocked: string[] = [];
      const errors: string[] = [];
      await tab.route('**/*', (route) => {
        if (route.request().url() === url) return route.continue();
        blocked.push(route.request().url());
        return route.abort('blockedbyclient');
      });
      tab.on('pageerror', (e) => errors.push(e.message));
      tab.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await tab.goto(url, { timeout: START_MS });
      await tab.waitForFunction(() => document.body.dataset.state === 'done', null, { timeout: RESULT_MS });
      const shown = await tab.$$eval('li.finding', (items) =>
        items.map((li) => ({
          id: (li as HTMLElement).dataset.id ?? '',
          severity: (li as HTMLElement).dataset.severity ?? '',
          title: li.querySelector(':scope > header .title')?.textContent ?? '',
          // Consequences nest inside their cause's item: only this finding's own evidence.
          evidence: li.querySelectorAll(':scope > .evidence li').length,
        })),
      );
      await tab.screenshot({ path: join(shots, `${sample}.html.png`), fullPage: true });
      expect(shown.map((f) => f.title)).toEqual(cli.findings.map((f) => f.title));
      expect(shown).toEqual(expected(cli));
      expect(await tab.$eval('#results', (r) => r.firstElementChild?.className ?? '')).toMatch(/^verdict\b/);
      expect(await tab.textContent('.verdict .answer')).toBe(cli.verdict.summary);
      expect(await tab.textContent('.summary h2')).toContain(sample);
      expect(await tab.textContent('.summary .origin')).toContain('report written by logscan');
      expect(blocked).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await tab.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('draws the timeline: histogram, virtual table, filters by level and text, as the CLI timeline counts', async () => {
    const sample = 'healthy-logs.zip';
    const cli = cliTimeline(join(samples, sample));
    expect(cli.length).toBeGreaterThan(10);
    const shown = await open(join(samples, sample));
    expect(shown.state).toBe('done');
    await page.waitForSelector('.timeline .chart canvas', { timeout: RESULT_MS });
    // The histogram is drawn: its canvas has pixels that are not transparent.
    const painted = await page.$eval('.timeline .chart canvas', (c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return { width: canvas.width, height: canvas.height, painted: n };
    });
    expect(painted.width).toBeGreaterThan(100);
    expect(painted.painted).toBeGreaterThan(100);
    // Every timed event is listed, and the table shows rows.
    expect(await timelineRows()).toBe(cli.length);
    const visible = await page.$$eval('.events .viewport .row:not([hidden])', (rows) => rows.length);
    expect(visible).toBeGreaterThan(0);
    expect(visible).toBeLessThanOrEqual(cli.length);
    expect(await page.textContent('.events .viewport .row:not([hidden]) span:nth-child(5)')).toBe(cli[0]!.message.slice(0, 300));

    // Level: each level alone lists as many events as the CLI's timeline has of that level.
    const levels = ['error', 'warning', 'info', 'verbose'];
    for (const only of levels) {
      for (const l of levels) await page.setChecked(`.timeline input[name="level"][value="${l}"]`, l === only);
      expect(await timelineRows(), only).toBe(cli.filter((e) => e.level === only).length);
    }
    for (const l of levels) await page.setChecked(`.timeline input[name="level"][value="${l}"]`, true);
    expect(await timelineRows()).toBe(cli.length);

    // Text: the events whose message (as listed, cut at 300 characters) or path contains it.
    const text = 'snapshot';
    const cut = (m: string): string => (m.length > 300 ? m.slice(0, 299) + '…' : m);
    const withText = cli.filter((e) => cut(e.message).toLowerCase().includes(text) || e.path.toLowerCase().includes(text)).length;
    expect(withText).toBeGreaterThan(0);
    expect(withText).toBeLessThan(cli.length);
    await page.fill('.timeline input.text', text);
    expect(await timelineRows()).toBe(withText);
    await page.screenshot({ path: join(shots, `${sample}.timeline.png`), fullPage: true });

    // Dragging on the histogram selects a time range: fewer rows, and "Clear range" brings them back.
    await page.fill('.timeline input.text', '');
    expect(await timelineRows()).toBe(cli.length);
    const over = await page.$('.timeline .chart .u-over');
    const box = (await over!.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.02, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const ranged = await timelineRows();
    expect(ranged).toBeLessThan(cli.length);
    expect(await page.isVisible('.timeline .clear-range')).toBe(true);
    await page.click('.timeline .clear-range');
    expect(await timelineRows()).toBe(cli.length);
  }, 60_000);

  it('an evidence line scrolls the table to its event; j/k move between findings; the theme toggles', async () => {
    const sample = 'network-wireserver.tgz';
    const shown = await open(join(samples, sample));
    expect(shown.findings.length).toBeGreaterThan(1);
    await page.waitForSelector('.timeline .chart canvas', { timeout: RESULT_MS });
    const evidence = await page.$('.evidence li[data-path] .place');
    const path = await page.$eval('.evidence li[data-path]', (li) => (li as HTMLElement).dataset.path ?? '');
    await evidence!.click();
    await page.waitForSelector('.timeline[data-revealed]');
    const hit = await page.$eval('.events .row.hit', (row) => row.querySelector('span:nth-child(4)')?.textContent ?? '');
    expect(hit.startsWith(path)).toBe(true);

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('j');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id)).toBe(shown.findings[0]!.id);
    await page.keyboard.press('j');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id)).toBe(shown.findings[1]!.id);
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id)).toBe(shown.findings[0]!.id);
    await page.keyboard.press('k');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id)).toBe(shown.findings[0]!.id);

    const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.click('#theme');
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    expect(['light', 'dark']).toContain(theme);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(before);
    await page.screenshot({ path: join(shots, `${sample}.${theme}.png`), fullPage: true });
    await page.click('#theme');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(before);
  }, 60_000);

  it('filters the timeline by finding category: fewer rows, the evidence of that category among them', async () => {
    const sample = 'snapshot-timeout.tgz';
    const cli = cliReport(join(samples, sample));
    const categories = [...new Set(cli.findings.map((f) => f.category))];
    expect(categories.length).toBeGreaterThan(1);
    const shown = await open(join(samples, sample));
    expect(shown.state).toBe('done');
    await page.waitForSelector('.timeline .chart canvas', { timeout: RESULT_MS });
    const all = await timelineRows();
    const options = await page.$$eval('.timeline select.category option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(['', ...[...categories].sort()]);
    const category = 'network';
    await page.selectOption('.timeline select.category', category);
    const rows = await timelineRows();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(all);
    const places = await page.$$eval('.events .viewport .row:not([hidden]) span:nth-child(4)', (cells) => cells.map((c) => c.textContent ?? ''));
    const lines = cli.findings.filter((f) => f.category === category).flatMap((f) => f.evidence).filter((e) => e.line !== undefined);
    expect(lines.length).toBeGreaterThan(0);
    for (const e of lines) expect(places).toContain(`${e.path}:${e.line}`);
    await page.selectOption('.timeline select.category', '');
    expect(await timelineRows()).toBe(all);
  }, 60_000);

  it('lists 100,000 events with only the rows in view in the page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logscan-big-'));
    try {
      const lines: string[] = [];
      const start = Date.parse('2024-05-02T00:00:00Z');
      for (let i = 0; i < 100_000; i++) {
        const level = i % 97 === 0 ? 'ERROR' : i % 13 === 0 ? 'WARNING' : 'INFO';
        lines.push(`${new Date(start + i * 1000).toISOString().replace('Z', '')}Z ${level} ExtHandler ExtHandler line ${i} of the big log`);
      }
      const path = join(dir, 'waagent.log');
      writeFileSync(path, lines.join('\n') + '\n');
      const shown = await open(path);
      expect(shown.state).toBe('done');
      expect(await timelineRows()).toBe(100_000);
      const inDom = await page.$$eval('.events .viewport .row', (rows) => rows.length);
      expect(inDom).toBeLessThan(100);
      const took = await page.evaluate(async () => {
        const viewport = document.querySelector('.events .viewport') as HTMLElement;
        const t0 = performance.now();
        for (let k = 1; k <= 20; k++) {
          viewport.scrollTop = (viewport.scrollHeight * k) / 20;
          await new Promise((r) => requestAnimationFrame(() => r(null)));
        }
        return performance.now() - t0;
      });
      expect(took).toBeLessThan(5_000);
      const lastRow = await page.$$eval('.events .viewport .row:not([hidden]) span:nth-child(5)', (cells) => cells.map((c) => c.textContent ?? ''));
      expect(lastRow).toContain('line 99999 of the big log');
      await page.setChecked('.timeline input[name="level"][value="info"]', false);
      await page.setChecked('.timeline input[name="level"][value="warning"]', false);
      expect(await timelineRows()).toBe(Math.ceil(100_000 / 97));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('an evidence line opens the file view: its line highlighted among its neighbours; Escape closes it', async () => {
    const sample = 'fsfreeze-timeout.tgz';
    const cli = cliReport(join(samples, sample));
    const evidence = cli.findings.flatMap((f) => f.evidence).find((e) => e.line !== undefined && e.line > 1)!;
    expect(evidence).toBeDefined();
    const line = evidence.line!;
    const shown = await open(join(samples, sample));
    expect(shown.state).toBe('done');
    await page.click(`.evidence li[data-path="${evidence.path}"][data-line="${line}"] .place`);
    await page.waitForSelector('.file-view[data-kind="lines"]', { timeout: RESULT_MS });
    expect(await page.textContent('.file-view h2')).toBe(`${evidence.path}:${line}`);
    const hit = await page.$eval('.file-view .src-line.hit', (row) => ({
      line: (row as HTMLElement).dataset.line,
      num: row.querySelector('.num')?.textContent,
      text: row.querySelector('.text')?.textContent,
    }));
    expect(hit).toEqual({ line: String(line), num: String(line), text: evidence.text });
    const numbers = await page.$$eval('.file-view .src-line', (rows) => rows.map((r) => Number((r as HTMLElement).dataset.line)));
    expect(numbers).toContain(line - 1);
    expect(numbers).toContain(line + 1);
    expect(numbers[0]).toBe(Math.max(1, line - 15));
    expect(numbers.at(-1)).toBeLessThanOrEqual(line + 15);
    expect(await page.$$eval('.file-view .hit', (rows) => rows.length)).toBe(1);
    await page.screenshot({ path: join(shots, `${sample}.file-view.png`) });
    await page.keyboard.press('Escape');
    expect(await page.isHidden('.file-view')).toBe(true);
  }, 60_000);

  it('an EVTX evidence opens the record as XML; a JSON report shows the evidence text only', async () => {
    const sample = 'windows-vss-sql.zip';
    const cli = cliReport(join(samples, sample));
    const evidence = cli.findings.flatMap((f) => f.evidence).find((e) => e.record !== undefined && e.path.endsWith('.evtx'))!;
    expect(evidence).toBeDefined();
    const provider = evidence.text.split(' ')[0]!;
    const shown = await open(join(samples, sample));
    expect(shown.state).toBe('done');
    await page.click(`.evidence li[data-path="${evidence.path}"][data-record="${evidence.record}"] .place`);
    await page.waitForSelector('.file-view[data-kind="xml"]', { timeout: RESULT_MS });
    const xml = (await page.textContent('.file-view pre.xml')) ?? '';
    expect(xml).toContain(`<Provider Name="${provider}"/>`);
    expect(xml).toContain(`<EventRecordID>${evidence.record}</EventRecordID>`);
    expect(await page.$$eval('.file-view pre.xml *', (nodes) => nodes.length)).toBe(0); // text, not HTML
    await page.screenshot({ path: join(shots, `${sample}.file-view.png`) });
    await page.click('.file-view .close');
    expect(await page.isHidden('.file-view')).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'logscan-report-'));
    try {
      const path = join(dir, 'report.json');
      writeFileSync(path, JSON.stringify(cli) + '\n');
      expect((await open(path)).state).toBe('done');
      await page.click(`.evidence li[data-path="${evidence.path}"][data-record="${evidence.record}"] .place`);
      await page.waitForSelector('.file-view[data-kind="text"]', { timeout: RESULT_MS });
      expect(await page.textContent('.file-view .note')).toContain('bundle is not loaded');
      expect(await page.textContent('.file-view pre.evidence-text')).toBe(evidence.text);
      await page.keyboard.press('Escape');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('asked nothing of any other origin and threw no error', () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
