// Secrets in the viewer (issue 11, point 3): a bundle carrying every planted form (test/hostile/generators/secrets.ts)
// dropped on the page. No secret is in the findings, the event table (searched with its own text filter, which reads
// every kept message) or the file view, where a private key over several lines goes as one block while every line
// keeps its number; a secret reads by the same token in the evidence and in the table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTgz } from '../helpers/archives.js';
import { launchBrowser } from '../helpers/browser.js';
import { plantedSecrets, secretFiles } from '../hostile/generators/secrets.js';
import { cliReport, startServer } from './cli.js';
import type { Server } from './cli.js';

let browser: Browser | undefined;
let server: Server | undefined;
let context: BrowserContext | undefined;
let page: Page;
const pageErrors: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'logscan-viewer-secrets-'));
const secrets = plantedSecrets();
const probes = secrets.flatMap((s) => s.probes);
const bundle = join(dir, 'secrets.tgz');

beforeAll(async () => {
  writeFileSync(bundle, await makeTgz(secretFiles(secrets)));
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url);
  await page.setInputFiles('#file', bundle);
  await page.waitForFunction(() => document.body.dataset.state === 'done', undefined, { timeout: 30_000 });
}, 90_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** Rows the table lists after its filters, once the count has settled. */
async function rows(): Promise<number> {
  let last = -1;
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(120);
    const n = Number(await page.getAttribute('.timeline', 'data-rows'));
    if (n === last) return n;
    last = n;
  }
  return last;
}

describe('secrets in the viewer', () => {
  it('the findings, the summary and the evidence hold none; the summary says what was redacted', async () => {
    const text = (await page.textContent('#results')) ?? '';
    for (const p of probes) expect(text, p).not.toContain(p);
    expect(text).toContain('«redacted:');
    expect(text).toMatch(/Redacted.*sas ×\d+/s);
  });

  it('the event table holds none: its text filter finds every token kind, and no probe', async () => {
    await page.waitForSelector('.timeline input.text', { timeout: 30_000 });
    await page.fill('.timeline input.text', '«redacted:');
    expect(await rows()).toBeGreaterThan(secrets.length);
    for (const p of probes) {
      await page.fill('.timeline input.text', p);
      expect(await rows(), `a row holds ${p}`).toBe(0);
    }
    await page.fill('.timeline input.text', '');
  }, 120_000);

  it('the file view redacts the lines around the evidence as a block: the key is one token, line numbers kept', async () => {
    const cli = cliReport(bundle);
    // The last evidence line of waagent.log: the private key block follows it within the view's 15 lines.
    const evidence = cli.findings
      .flatMap((f) => f.evidence)
      .filter((e) => e.path === 'var/log/waagent.log' && e.line !== undefined)
      .sort((a, b) => a.line! - b.line!)
      .at(-1);
    expect(evidence).toBeDefined();
    await page.click(`.evidence li[data-path="var/log/waagent.log"][data-line="${evidence!.line}"] .place`);
    await page.waitForSelector('.file-view[data-kind="lines"]', { timeout: 30_000 });
    const lines = await page.$$eval('.file-view .src-line', (rs) => rs.map((r) => ({ n: Number((r as HTMLElement).dataset.line), text: r.querySelector('.text')?.textContent ?? '' })));
    const view = lines.map((l) => l.text).join('\n');
    for (const p of probes) expect(view, p).not.toContain(p);
    // Consecutive numbers: the block's replacement kept its line breaks.
    expect(lines.map((l) => l.n)).toEqual(lines.map((_, i) => lines[0]!.n + i));
    const key = lines.find((l) => l.text.includes('«redacted:private-key'));
    expect(key, 'the private key block is in view').toBeDefined();
    // The evidence line reads the same as the CLI's, tokens included.
    expect(lines.find((l) => l.n === evidence!.line)?.text).toBe(evidence!.text);
    await page.keyboard.press('Escape');
  }, 60_000);

  it('threw no error', () => {
    expect(pageErrors).toEqual([]);
  });
});
