// The page of `logscan --format html` as a ticket reader opens it, from a file:// URL: the verdict, then the
// findings at a glance; commands in code style; an evidence place opens what the page holds of its file; the
// context around each finding listed once; readable at 420 px; hints that promise only what the page does.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { launchBrowser } from '../helpers/browser.js';
import { cliReport, samples, shots, writeHtmlReport } from './cli.js';
import { expectCodeSpans, expectNoSidewaysScroll, expectOverview, notableByFinding } from './page-checks.js';

let browser: Browser | undefined;
const dir = mkdtempSync(join(tmpdir(), 'logscan-html-page-'));
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(shots, { recursive: true });
}, 90_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

/** The sample's HTML report opened at `width` px, with its JSON report to compare. */
async function openReport(sample: string, width: number): Promise<{ page: Page; report: Report }> {
  const path = join(dir, `${sample}.html`);
  writeHtmlReport(join(samples, sample), path);
  const page = await browser!.newPage({ viewport: { width, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(`${sample}: ${e.message}`));
  await page.goto(pathToFileURL(path).href);
  await page.waitForSelector('body[data-state="done"]');
  return { page, report: cliReport(join(samples, sample)) };
}

describe('html report for a ticket reader', () => {
  it('network-wireserver.tgz: verdict, findings at a glance, commands as code, context once per finding', async () => {
    const { page, report } = await openReport('network-wireserver.tgz', 1280);
    await expectOverview(page, report);
    expect(await expectCodeSpans(page, report)).toBeGreaterThan(3);

    // The root cause lists what happened around it; its consequences list only what it does not.
    const root = page.locator('li.finding[data-id="network.wireserver-unreachable"]');
    expect(await root.locator(':scope > .notable > summary').textContent()).toMatch(/^What happened around it: \d+ events$/);
    expect(await root.locator(':scope > .notable li.is-evidence').count()).toBeGreaterThan(0);
    expect(await root.locator(':scope > .notable').textContent()).toContain('var/log/waagent.log:7');
    const contexts = await notableByFinding(page);
    for (const f of contexts) {
      expect(f.contexts, `${f.id}: one context`).toBe(1);
      const above = new Set(contexts.filter((c) => f.ancestors.includes(c.id)).flatMap((c) => c.keys));
      expect(f.keys.filter((k) => above.has(k)), `${f.id} repeats its causes' context`).toEqual([]);
    }
    const nested = contexts.filter((c) => c.ancestors.length > 0);
    expect(nested.length).toBeGreaterThan(0);
    // A consequence whose whole context its cause shows says so in one line, with a link to it.
    expect(await page.locator('li.finding[data-id="network.hostplugin-unreachable"] > .notable').textContent()).toBe('What happened around it: nothing beyond what #1 shows.');
    expect(await page.textContent('#notable-note')).toMatch(/per finding/);
    await page.screenshot({ path: join(shots, 'network-wireserver.tgz.html.1280.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('an evidence place is a button that opens the evidence text and the lines of its file this page holds', async () => {
    const { page, report } = await openReport('fsfreeze-timeout.tgz', 1280);
    const finding = report.findings.find((f) => f.evidence.filter((e) => e.line !== undefined).length > 1)!;
    const evidence = finding.evidence.find((e) => e.line !== undefined)!;
    const place = page.locator(`li.finding[data-id="${finding.id}"] > .evidence li[data-path="${evidence.path}"][data-line="${evidence.line}"] .place`);
    expect(await place.evaluate((el) => el.tagName)).toBe('BUTTON');
    await place.click();
    await page.waitForSelector('.file-view[data-kind="text"]');
    expect(await page.textContent('.file-view h2')).toBe(`${evidence.path}:${evidence.line}`);
    expect(await page.textContent('.file-view pre.evidence-text')).toBe(evidence.text);
    expect(await page.textContent('.file-view .note')).toContain('logscan serve');
    // The other lines of that file that the report quotes, in file order, this one marked.
    const lines = await page.$$eval('.file-view .known .src-line[data-line]', (rows) => rows.map((r) => Number((r as HTMLElement).dataset.line)));
    const quoted = new Set(report.findings.flatMap((f) => f.evidence).filter((e) => e.path === evidence.path && e.line !== undefined).map((e) => e.line!));
    for (const n of quoted) expect(lines).toContain(n);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(await page.$eval('.file-view .known .src-line.hit', (r) => (r as HTMLElement).dataset.line)).toBe(String(evidence.line));
    await page.screenshot({ path: join(shots, 'fsfreeze-timeout.tgz.html.evidence.png') });
    await page.keyboard.press('Escape');
    expect(await page.isHidden('.file-view')).toBe(true);

    // The hint says what a click does here, and promises no timeline: this page has none.
    const hint = (await page.textContent('#hint')) ?? '';
    expect(hint).toContain('evidence place');
    expect(hint).not.toMatch(/click[^.]*timeline/i);
    expect(await page.$$('.timeline')).toHaveLength(0);
    await page.close();
  }, 60_000);

  for (const sample of ['network-wireserver.tgz', 'fsfreeze-timeout.tgz', 'windows-vss-sql.zip', 'extension-failure.tgz', 'agent-crash-loop.tgz', 'snapshot-failure.tgz']) {
    it(`${sample} at 420 px: no sideways scroll, evidence view included`, async () => {
      const { page, report } = await openReport(sample, 420);
      await expectNoSidewaysScroll(page, `${sample}.html`);
      await expectOverview(page, report);
      await page.screenshot({ path: join(shots, `${sample}.html.420.png`), fullPage: true });
      await page.locator('.evidence li[data-path] .place').first().click();
      await page.waitForSelector('.file-view[data-kind="text"]');
      await expectNoSidewaysScroll(page, `${sample}.html with the evidence view`);
      await page.close();
    }, 60_000);
  }

  it('threw no error', () => {
    expect(pageErrors).toEqual([]);
  });
});
