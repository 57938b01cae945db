// The viewer (`logscan serve`) as a ticket reader uses it, in a browser whose zone is not UTC: the findings at a
// glance after the verdict, commands in code style (and markup in a report stays text), readable at 420 px, the
// histogram's axis in ISO dates and UTC like the table, and a footer hint only for what the page can do.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { launchBrowser } from '../helpers/browser.js';
import { cliReport, samples, shots, startServer } from './cli.js';
import type { Server } from './cli.js';
import { expectCodeSpans, expectNoSidewaysScroll, expectOverview } from './page-checks.js';

let browser: Browser | undefined;
let server: Server | undefined;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'logscan-viewer-reader-'));

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  mkdirSync(shots, { recursive: true });
}, 90_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** A viewer tab `width` px wide in India's zone (UTC+05:30): a time shown in local time would be off by half an hour. */
async function viewer(width: number): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width, height: 900 }, timezoneId: 'Asia/Kolkata', locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server!.url);
  return page;
}

async function open(page: Page, path: string): Promise<void> {
  await page.setInputFiles('#file', path);
  await page.waitForFunction((file) => document.body.dataset.state === 'done' && document.getElementById('results')?.dataset.file === file, path.split('/').pop(), {
    timeout: 30_000,
  });
}

describe('viewer for a ticket reader', () => {
  it('network-wireserver.tgz: findings at a glance after the verdict, commands as code, a hint that names the timeline', async () => {
    const page = await viewer(1280);
    const sample = join(samples, 'network-wireserver.tgz');
    await open(page, sample);
    const report = cliReport(sample);
    await expectOverview(page, report);
    expect(await expectCodeSpans(page, report)).toBeGreaterThan(3);
    await page.waitForSelector('.timeline .chart canvas');
    expect(await page.textContent('#click-hint')).toMatch(/timeline/);
  }, 60_000);

  it('the histogram axis reads ISO dates and UTC times, as the table does', async () => {
    const page = await viewer(1280);
    await open(page, join(samples, 'network-wireserver.tgz'));
    await page.waitForSelector('.timeline .chart[data-x-ticks]');
    const ticks = JSON.parse((await page.getAttribute('.timeline .chart', 'data-x-ticks')) ?? '[]') as string[];
    expect(ticks.length).toBeGreaterThan(2);
    for (const t of ticks) expect(t).toMatch(/^(\d\d:\d\d(:\d\d(\.\d{3})?)?)?(\n\d{4}-\d\d-\d\d)?$/);
    // The events run from 2024-06-11 21:40Z to 2024-06-12 07:16Z: hourly ticks on the hour in UTC (in the browser's
    // zone they would fall on the half hour), the date under the first tick and under midnight.
    expect(ticks.filter((t) => t.includes('\n'))).toEqual(['22:00\n2024-06-11', '00:00\n2024-06-12']);
    expect(ticks.every((t) => t.endsWith(':00') || t.includes('\n'))).toBe(true);
    const firstRow = await page.textContent('.events .viewport .row:not([hidden]) span:first-child');
    expect(firstRow).toBe('2024-06-11 21:40:02.118Z');
    await page.locator('.timeline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'network-wireserver.tgz.timeline-axis.png') });
  }, 60_000);

  it('a JSON report: no timeline, so the hint offers none; an evidence place shows its text and the lines the report quotes', async () => {
    const page = await viewer(1280);
    const report = cliReport(join(samples, 'fsfreeze-timeout.tgz'));
    const path = join(dir, 'report.json');
    writeFileSync(path, JSON.stringify(report));
    await open(page, path);
    expect(await page.$$('.timeline')).toHaveLength(0);
    const hint = (await page.textContent('#keys')) ?? '';
    expect(hint).toContain('evidence place');
    expect(hint).not.toContain('timeline');
    const evidence = report.findings.flatMap((f) => f.evidence).find((e) => e.line !== undefined)!;
    await page.click(`.evidence li[data-path="${evidence.path}"][data-line="${evidence.line}"] .place`);
    await page.waitForSelector('.file-view[data-kind="text"]');
    expect(await page.textContent('.file-view pre.evidence-text')).toBe(evidence.text);
    expect(await page.$eval('.file-view .known .src-line.hit', (r) => (r as HTMLElement).dataset.line)).toBe(String(evidence.line));
  }, 60_000);

  it('markup in a report stays text: a remediation step with tags in and out of backticks', async () => {
    const page = await viewer(1280);
    const report = cliReport(join(samples, 'frozen-vm.tgz'));
    const step = 'Run `<img src=x onerror="document.title=1">` then <b>restart</b> and `a`b';
    const forged: Report = { ...report, findings: report.findings.map((f, i) => (i === 0 ? { ...f, remediation: [step] } : f)) };
    const path = join(dir, 'forged.json');
    writeFileSync(path, JSON.stringify(forged));
    await open(page, path);
    const li = page.locator(`li.finding[data-id="${forged.findings[0]!.id}"] > .remediation ol > li`);
    expect(await li.textContent()).toBe('Run <img src=x onerror="document.title=1"> then <b>restart</b> and ab');
    expect(await li.evaluate((el) => Array.from(el.querySelectorAll('*')).map((c) => `${c.tagName}:${c.textContent}`))).toEqual([
      'CODE:<img src=x onerror="document.title=1">',
      'CODE:a',
    ]);
    expect(await page.$$('#results img, #results b')).toHaveLength(0);
  }, 60_000);

  for (const sample of ['network-wireserver.tgz', 'windows-vss-sql.zip', 'fsfreeze-timeout.tgz', 'agent-crash-loop.tgz', 'healthy-logs.zip']) {
    it(`${sample} at 420 px: no sideways scroll; the event table keeps its message`, async () => {
      const page = await viewer(420);
      await open(page, join(samples, sample));
      await page.waitForSelector('.timeline .chart canvas');
      await expectNoSidewaysScroll(page, sample);
      // Two lines a row: the message has the table's whole width, not what five columns leave.
      const message = await page.$eval('.events .viewport .row:not([hidden]) span:nth-child(5)', (c) => c.getBoundingClientRect().width);
      const table = await page.$eval('.events', (c) => c.getBoundingClientRect().width);
      expect(message).toBeGreaterThan(table * 0.8);
      await page.screenshot({ path: join(shots, `${sample}.viewer.420.png`), fullPage: true });
      const place = page.locator('.evidence li[data-path] .place');
      if ((await place.count()) === 0) return; // a healthy bundle: no evidence to open
      await place.first().click();
      await page.waitForSelector('.file-view[data-kind="lines"], .file-view[data-kind="xml"], .file-view[data-kind="text"]');
      await expectNoSidewaysScroll(page, `${sample} with the file view`);
    }, 60_000);
  }

  it('threw no error', () => {
    expect(pageErrors).toEqual([]);
  });
});
