// `logscan fleet` end to end, through the built CLI: one report per bundle identical to analysing it alone, reports
// never written over, unreadable bundles listed without stopping the fleet, VM identities, formats and exit codes.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetSummary } from '../../src/fleet/summary.js';
import { generateFleetBundles, type GeneratedBundle } from './fleet-generator.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'logscan.js');
const tmp = mkdtempSync(join(tmpdir(), 'logscan-fleet-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const samples = readdirSync(join(root, 'samples')).sort();

describe('logscan fleet samples/', () => {
  const out = join(tmp, 'reports');
  let first: ReturnType<typeof run>;
  beforeAll(() => {
    first = run(['fleet', 'samples', '--out', out, '--format', 'json', '--jobs', '2']);
  }, 180_000);

  it('writes one report per sample, byte for byte the one logscan <sample> -o r.json writes', () => {
    expect(first.stderr).toBe('');
    expect(readdirSync(out).sort()).toEqual(samples.map((s) => `${s}.json`).sort());
    // Each equals the saved single-bundle report (test/e2e/golden-reports.test.ts keeps those equal to the CLI's)...
    for (const s of samples) expect(readFileSync(join(out, `${s}.json`), 'utf8'), s).toBe(readFileSync(join(root, 'test', 'golden', `${s}.json`), 'utf8'));
    // ...and to a single run here.
    for (const s of ['healthy-logs.zip', 'windows-vss-sql.zip']) {
      const alone = join(tmp, `alone-${s}.json`);
      run([join('samples', s), '-o', alone]);
      expect(readFileSync(join(out, `${s}.json`), 'utf8')).toBe(readFileSync(alone, 'utf8'));
    }
  });

  it('summarises every sample, exits as --fail-on says', () => {
    const summary = JSON.parse(first.stdout) as FleetSummary;
    expect(summary.bundles).toMatchObject({ total: samples.length, analysed: samples.length, unreadable: 0 });
    expect(summary.rootCauses.flatMap((g) => g.bundles)).toEqual(expect.arrayContaining(samples.map((s) => `samples/${s}`)));
    expect(summary.vms.find((v) => v.hostname === 'backupvm01')?.bundles).toEqual(['samples/healthy-logs.zip']);
    expect(first.code).toBe(1);
    expect(run(['fleet', 'samples/healthy.tgz', 'samples/healthy-logs.zip', '--fail-on', 'error']).code).toBe(0);
  });

  it('never writes over a report: a second run into the same folder takes the next names', () => {
    const before = readFileSync(join(out, 'healthy.tgz.json'), 'utf8');
    writeFileSync(join(out, 'healthy.zip-2.json'), 'someone else\n');
    const again = run(['fleet', 'samples/healthy.tgz', 'samples/healthy.zip', '--out', out, '--fail-on', 'never']);
    expect(again.code).toBe(0);
    expect(readFileSync(join(out, 'healthy.tgz.json'), 'utf8')).toBe(before);
    expect(readFileSync(join(out, 'healthy.tgz-2.json'), 'utf8')).toBe(before);
    expect(readFileSync(join(out, 'healthy.zip-2.json'), 'utf8')).toBe('someone else\n');
    expect(readFileSync(join(out, 'healthy.zip-3.json'), 'utf8')).toBe(readFileSync(join(out, 'healthy.zip.json'), 'utf8'));
  }, 120_000);
});

describe('logscan fleet on a folder of bundles', () => {
  let bundles: GeneratedBundle[];
  const dir = join(tmp, 'fleet');
  beforeAll(async () => {
    bundles = await generateFleetBundles(join(dir, 'night-1'), 24);
    // An unpacked bundle among the archives, a file that is no bundle, and two that cannot be read.
    mkdirSync(join(dir, 'vm-unpacked', 'var', 'log'), { recursive: true });
    writeFileSync(join(dir, 'vm-unpacked', 'var', 'log', 'waagent.log'), '2024-05-02T06:00:01.178802Z INFO Daemon Daemon Wire server endpoint:168.63.129.16\n');
    writeFileSync(join(dir, 'notes.txt'), 'collected on the night of 2 May\n');
    writeFileSync(join(dir, 'broken.zip'), 'PK\u0003\u0004 and nothing else');
    copyFileSync(join(root, 'samples', 'healthy.tgz'), join(dir, 'healthy.tgz'));
    writeFileSync(join(dir, 'empty.tgz'), '');
  }, 120_000);

  it('analyses each bundle, names each VM, lists the unreadable ones and goes on', () => {
    const r = run(['fleet', dir, '--format', 'json', '--out', join(tmp, 'fleet-reports')]);
    expect(r.stderr).toBe('logscan: 2 of 28 bundles could not be read; the summary lists them and why\n');
    const summary = JSON.parse(r.stdout) as FleetSummary;
    expect(summary.bundles).toMatchObject({ total: 28, analysed: 26, unreadable: 2 });
    expect(summary.notBundles).toBe(1);
    expect(summary.unreadable.map((u) => u.bundle)).toEqual([join(dir, 'broken.zip'), join(dir, 'empty.tgz')]);
    for (const u of summary.unreadable) expect(u.reason.length).toBeGreaterThan(5);
    expect(readdirSync(join(tmp, 'fleet-reports'))).toHaveLength(26);
    const withId = bundles.filter((b) => b.vmId !== undefined);
    expect(withId.length).toBeGreaterThan(10);
    for (const b of withId) expect(summary.vms.find((v) => v.vmId === b.vmId), b.path).toMatchObject({ vmName: b.vmName, bundles: [b.path] });
    expect(summary.vms.some((v) => v.bundles.includes(join(dir, 'vm-unpacked')))).toBe(true);
  }, 180_000);

  it('markdown, html and ndjson summaries of the same fleet', () => {
    const md = run(['fleet', join(dir, 'night-1'), '--format', 'markdown', '--jobs', '1']);
    expect(md.stdout).toMatch(/^# Fleet summary\n/);
    const html = join(tmp, 'fleet.html');
    expect(run(['fleet', join(dir, 'night-1'), '-o', html]).code).toBe(1);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/);
    const nd = run(['fleet', join(dir, 'night-1'), '--format', 'ndjson']);
    const docs = nd.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(docs.length).toBeGreaterThan(24);
    for (const d of docs.filter((x) => x['type'] === 'finding')) {
      for (const field of ['bundle', 'os', 'verdict', 'rootCauses', 'severity', 'category', 'id', 'title']) expect(d, field).toHaveProperty(field);
    }
  }, 180_000);

  it('usage mistakes exit 2 with one line', () => {
    for (const args of [['fleet', join(tmp, 'nothing-here')], ['fleet', dir, '--bulk-index', 'x'], ['fleet', dir, '--jobs', '0'], ['fleet', '-']]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
    const empty = join(tmp, 'empty-folder');
    mkdirSync(empty);
    expect(run(['fleet', empty]).stderr).toMatch(/^logscan: no bundle found in /);
  });
});

describe('findings across VMs come first in every format', () => {
  const dir = join(tmp, 'concurrent');
  beforeAll(async () => {
    // Three VMs whose snapshots time out in the same minutes: the fleet's "many VMs backed up at once".
    await generateFleetBundles(dir, 3, ['snapshot-timeout']);
  }, 120_000);

  it('text, Markdown, HTML, JSON and NDJSON', () => {
    const text = run(['fleet', dir]).stdout;
    expect(text.indexOf('Across VMs')).toBeGreaterThan(0);
    expect(text.indexOf('fleet.concurrent-backups')).toBeLessThan(text.indexOf('Bundles by root cause'));
    const md = run(['fleet', dir, '--format', 'markdown']).stdout;
    expect(md.indexOf('## Across VMs')).toBeLessThan(md.indexOf('## Bundles by root cause'));
    const html = run(['fleet', dir, '--format', 'html']).stdout;
    expect(html.indexOf('<h2>Across VMs</h2>')).toBeLessThan(html.indexOf('<h2>Bundles by root cause</h2>'));
    const json = run(['fleet', dir, '--format', 'json']).stdout;
    const summary = JSON.parse(json) as FleetSummary;
    expect(Object.keys(summary).indexOf('fleetFindings')).toBeLessThan(Object.keys(summary).indexOf('rootCauses'));
    expect(summary.fleetFindings.map((f) => f.id)).toContain('fleet.concurrent-backups');
    const first = JSON.parse(run(['fleet', dir, '--format', 'ndjson']).stdout.split('\n')[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ type: 'fleet-finding', id: 'fleet.concurrent-backups' });
    expect((first['vms'] as unknown[]).length).toBe(3);
  }, 120_000);
});
