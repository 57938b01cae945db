// The bench's generated bundles (scripts/bench/): small ones made afresh, read by the built CLI, must give
// exactly the planted findings, and be what the bench claims (rotated and nested layers, the asked size, the
// same bytes for the same seed). A generator that drifts from the engine fails here, not in a long bench run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linuxBundle } from '../../scripts/bench/linux-bundle.js';
import { checkReport } from '../../scripts/bench/report-check.js';
import { windowsBundle } from '../../scripts/bench/windows-bundle.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'logscan.js');
const cache = mkdtempSync(join(tmpdir(), 'logscan-bench-test-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

function analyse(bundle: string): string {
  if (!existsSync(join(root, 'dist', 'bin', 'main.js'))) throw new Error('the CLI is not built: run npm run build (npm test does)');
  const report = join(cache, `${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync(process.execPath, [bin, bundle, '--format', 'json', '-o', report, '--fail-on', 'never', '--no-progress'], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return report;
}

describe('the bench’s generated bundles', () => {
  it('a Linux bundle holds rotated, plain and nested logs of the asked size, and gives the planted findings', async () => {
    const bundle = await linuxBundle(cache, 'test', 4e6);
    expect(bundle.textBytes).toBeGreaterThan(4e6 * 0.97);
    expect(bundle.textBytes).toBeLessThan(4e6 * 1.05);
    expect(bundle.layers[0]).toEqual({ kind: 'gzip', file: bundle.path });
    expect(bundle.layers.filter((l) => l.kind === 'gzip').length).toBeGreaterThan(8);
    expect(bundle.layers.some((l) => l.file.endsWith('logcollector/logs.zip'))).toBe(true);
    for (const layer of bundle.layers) expect(statSync(layer.file).size).toBeGreaterThan(0);
    expect(checkReport(analyse(bundle.path), bundle.expected)).toBeUndefined();
  }, 120_000);

  it('the same seed writes the same bytes; a changed size is made again', async () => {
    const first = readFileSync((await linuxBundle(cache, 'again', 1e6)).path);
    rmSync(join(cache, 'linux-again', 'manifest.json'));
    expect(readFileSync((await linuxBundle(cache, 'again', 1e6)).path).equals(first)).toBe(true);
    const bigger = await linuxBundle(cache, 'again', 1.5e6);
    expect(bigger.textBytes).toBeGreaterThan(1.4e6);
  }, 120_000);

  it('a report without a planted finding, or with another one, is wrong', async () => {
    const bundle = await linuxBundle(cache, 'test', 4e6);
    const report = analyse(bundle.path);
    expect(checkReport(report, { ...bundle.expected, findings: bundle.expected.findings.slice(1) })).toMatch(/^unexpected /);
    expect(checkReport(report, { ...bundle.expected, findings: [...bundle.expected.findings, 'dhcp.no-response'] })).toMatch(/missing dhcp\.no-response/);
    expect(checkReport(report, { ...bundle.expected, rootCause: 'dhcp.no-response' })).toMatch(/root cause network\.wireserver-unreachable, expected dhcp\.no-response/);
  }, 120_000);

  it('a Windows bundle of EVTX gives the planted VSS findings', async () => {
    const bundle = await windowsBundle(cache, 'test', 3e6);
    expect(bundle.evtxFiles.length).toBe(2);
    expect(bundle.evtxBytes).toBeGreaterThan(2e6);
    expect(checkReport(analyse(bundle.path), bundle.expected)).toBeUndefined();
  }, 120_000);
});
