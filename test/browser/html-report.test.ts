// The notable events of `logscan --format html` drawn under each finding, in chromium, from a file:// URL.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'logscan.js');
let browser: Browser | undefined;
const dir = mkdtempSync(join(tmpdir(), 'logscan-html-notable-'));

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'web', 'report-page.js'))) throw new Error('dist/web is not built: run npm run build');
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('html report: notable events', () => {
  it('network-wireserver.tgz shows "What happened around it" under its findings', async () => {
    const path = join(dir, 'report.html');
    const r = spawnSync(process.execPath, [bin, join(root, 'samples', 'network-wireserver.tgz'), '--format', 'html', '-o', path, '--no-progress', '--fail-on', 'never'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(path).href);
    await page.waitForSelector('body[data-state="done"]');
    const finding = page.locator('li.finding[data-id="network.wireserver-unreachable"]');
    await expect(finding.locator(':scope > .notable h4').textContent()).resolves.toBe('What happened around it');
    const rows = finding.locator(':scope > .notable .notable-events > li');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await finding.locator(':scope > .notable li.is-evidence').count()).toBeGreaterThan(0);
    expect(await finding.locator(':scope > .notable').textContent()).toContain('var/log/waagent.log:7');
    expect(await page.locator('#notable-note').textContent()).toMatch(/per finding/);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
