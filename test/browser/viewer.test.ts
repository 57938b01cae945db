// The web viewer in a real browser: `logscan serve` (the built CLI) and Debian's chromium driven by
// playwright-core. The analysis in the browser and in the CLI give the same findings for every sample.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'logscan.js');
const samples = join(root, 'samples');
const shots = join(root, 'test-output', 'browser');
const CHROMIUM = process.env.LOGSCAN_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const START_MS = 30_000;
const RESULT_MS = 30_000;

let server: ChildProcess | undefined;
let context: BrowserContext | undefined;
let page: Page;
let base = '';
let profile = '';
const outside: string[] = [];
const pageErrors: string[] = [];

/** Starts `logscan serve --port 0` and resolves to the URL it prints. */
function startServer(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`logscan serve printed no URL within ${START_MS} ms; stderr: ${err}`)), START_MS);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`logscan serve exited with ${code} before serving; stderr: ${err}`));
    });
  });
}

function stopServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGINT');
  });
}

function cliReport(path: string): Report {
  const r = spawnSync(process.execPath, [bin, path, '--format', 'json', '--no-progress', '--fail-on', 'never'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`logscan ${path} exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Report;
}

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
      title: li.querySelector('h3')?.textContent ?? '',
      evidence: li.querySelectorAll('.evidence li').length,
    })),
  );
  return { state, findings };
}

function expected(report: Report): Shown[] {
  return report.findings.map((f) => ({ id: f.id, severity: f.severity, title: f.title, evidence: Math.min(f.evidence.length, 20) }));
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'web', 'index.html'))) throw new Error('dist/web is not built: run npm run build (npm test does)');
  if (!existsSync(CHROMIUM)) {
    throw new Error(`chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium), as .ci/run does, or set LOGSCAN_CHROMIUM`);
  }
  base = await startServer();
  profile = mkdtempSync(join(tmpdir(), 'logscan-chromium-'));
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      timeout: START_MS,
      viewport: { width: 1100, height: 900 },
    });
  } catch (error) {
    throw new Error(`cannot launch chromium at ${CHROMIUM}: ${(error as Error).message.split('\n')[0]}`);
  }
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
  await stopServer();
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
          title: li.querySelector('h3')?.textContent ?? '',
          evidence: li.querySelectorAll('.evidence li').length,
        })),
      );
      await tab.screenshot({ path: join(shots, `${sample}.html.png`), fullPage: true });
      expect(shown.map((f) => f.title)).toEqual(cli.findings.map((f) => f.title));
      expect(shown).toEqual(expected(cli));
      expect(await tab.textContent('.summary h2')).toContain(sample);
      expect(await tab.textContent('.summary .origin')).toContain('report written by logscan');
      expect(blocked).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await tab.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('asked nothing of any other origin and threw no error', () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
