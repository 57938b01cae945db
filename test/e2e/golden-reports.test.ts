// Reports that must not change while the code under them is reorganised (issue 12: one ingest, one pipeline, typed
// facts, one routing table): every sample and the generated payload and secrets bundles, analysed by the CLI on one
// thread and on two and by the browser's ingest (run here on Node's File), each byte for byte the report saved in
// test/golden/. A change that should change a report updates them on purpose: LOGSCAN_UPDATE_GOLDEN=1 npx vitest run
// test/e2e/golden-reports.test.ts, and the diff shows what changed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, settleBundleYears } from '../../src/analyze.js';
import { openBlob } from '../../web/src/ingest/index.js';
import { makeTgz } from '../helpers/archives.js';
import { PAYLOAD_BUNDLE_NAME, payloadFiles } from '../hostile/generators/payloads.js';
import { plantedSecrets, secretFiles } from '../hostile/generators/secrets.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const golden = join(root, 'test', 'golden');
const bin = join(root, 'bin', 'logscan.js');
const update = process.env['LOGSCAN_UPDATE_GOLDEN'] === '1';
const tmp = mkdtempSync(join(tmpdir(), 'logscan-golden-'));

/** Generated bundles get a fixed member time (makeTgz's), and a fixed file time so the year of year-less lines holds. */
const FIXED_MTIME = new Date('2024-06-01T00:00:00Z');

const bundles: { name: string; path: string }[] = readdirSync(join(root, 'samples'))
  .sort()
  .map((name) => ({ name, path: join(root, 'samples', name) }));

beforeAll(async () => {
  for (const [name, files] of [
    [PAYLOAD_BUNDLE_NAME, payloadFiles()],
    ['secrets.tgz', secretFiles(plantedSecrets())],
  ] as const) {
    const path = join(tmp, name);
    writeFileSync(path, await makeTgz(files));
    const { utimesSync } = await import('node:fs');
    utimesSync(path, FIXED_MTIME, FIXED_MTIME);
    bundles.push({ name, path });
  }
  if (update) mkdirSync(golden, { recursive: true });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(path: string, jobs: number): string {
  const r = spawnSync(process.execPath, [bin, path, '--format', 'json', '--no-progress', '--jobs', String(jobs), '--fail-on', 'never'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`logscan ${path} -j ${jobs} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The browser's way: its own ingest over a File, the same engine, the same second pass for years. */
async function browser(path: string, name: string): Promise<string> {
  const file = new File([readFileSync(path)], name, { lastModified: statSync(path).mtime.getTime() });
  const report = await settleBundleYears(async (yearShifts) => analyze(await openBlob(file, name), { ...(yearShifts ? { yearShifts } : {}) }), true);
  return `${JSON.stringify(report, null, 2)}\n`;
}

describe('golden reports', () => {
  it('every bundle is there', () => {
    expect(bundles.length).toBeGreaterThanOrEqual(16);
  });

  // Names only: the generated bundles are added in beforeAll.
  for (const name of [...readdirSync(join(root, 'samples')).sort(), PAYLOAD_BUNDLE_NAME, 'secrets.tgz']) {
    it(`${name}: the CLI on one and two threads and the browser give the saved report`, async () => {
      const { path } = bundles.find((b) => b.name === name)!;
      // The payload bundle's name carries escape sequences and markup: its file here is named plainly.
      const saved = join(golden, `${name === PAYLOAD_BUNDLE_NAME ? 'payloads.tgz' : name}.json`);
      const one = cli(path, 1);
      if (update) writeFileSync(saved, one);
      expect(existsSync(saved), `${saved} (LOGSCAN_UPDATE_GOLDEN=1 writes it)`).toBe(true);
      const expected = readFileSync(saved, 'utf8');
      expect(one).toBe(expected);
      expect(cli(path, 2)).toBe(expected);
      expect(await browser(path, name)).toBe(expected);
    }, 60_000);
  }
});
