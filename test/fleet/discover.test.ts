// Which bundles a fleet is given: a folder that is one bundle, a folder of bundles, a list file; and where their
// reports go in --out (named after the bundle, never over an existing file).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverBundles, isListFile, looksLikeOneBundle } from '../../src/cli/fleet/discover.js';
import { reportBaseName, writeReportFile } from '../../src/cli/fleet/out-dir.js';
import { gzip, makeZip } from '../helpers/archives.js';

const tmp = mkdtempSync(join(tmpdir(), 'logscan-fleet-discover-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const AGENT_LINE = '2024-05-01T10:00:00.000000Z INFO Daemon Azure Linux Agent Version: 2.9.1.1\n';

function tree(base: string, files: Record<string, string | Buffer>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(base, path, '..'), { recursive: true });
    writeFileSync(join(base, path), content);
  }
  return base;
}

describe('a folder that is one bundle', () => {
  it('has a bundle layout or an agent file at its own top', () => {
    expect(looksLikeOneBundle(tree(join(tmp, 'linux'), { 'var/log/waagent.log': AGENT_LINE }))).toBe(true);
    expect(looksLikeOneBundle(tree(join(tmp, 'state'), { 'var/lib/waagent/waagent_status.json': '{}' }))).toBe(true);
    expect(looksLikeOneBundle(tree(join(tmp, 'windows'), { 'WindowsAzure/Logs/WaAppAgent.log': 'x' }))).toBe(true);
    expect(looksLikeOneBundle(tree(join(tmp, 'loose'), { 'waagent.log': AGENT_LINE }))).toBe(true);
  });

  it('is not a folder of unpacked bundles or of archives', () => {
    expect(looksLikeOneBundle(tree(join(tmp, 'two-vms'), { 'vm1/var/log/waagent.log': AGENT_LINE, 'vm2/var/log/waagent.log': AGENT_LINE }))).toBe(false);
    expect(looksLikeOneBundle(tree(join(tmp, 'archives'), { 'a.tgz': gzip('x'), 'b.tgz': gzip('y') }))).toBe(false);
  });

  it('below a wrapping folder (an archive extracted into a folder of its name) is still found, as that folder', () => {
    const wrapped = tree(join(tmp, 'wrapped'), { 'bundle/var/log/waagent.log': AGENT_LINE });
    expect(looksLikeOneBundle(wrapped)).toBe(false);
    expect(discoverBundles([wrapped]).bundles).toEqual([join(wrapped, 'bundle')]);
  });
});

describe('discoverBundles', () => {
  it('looks into folders of bundles: archives by their bytes, bundle folders whole, other files counted', async () => {
    const base = tree(join(tmp, 'fleet'), {
      'day1/a.tgz': gzip('x'),
      'day1/b.zip': await makeZip([{ path: 'var/log/waagent.log', content: AGENT_LINE }]),
      'day1/renamed.bin': gzip('a gzip without its extension'),
      'day2/vm-3/var/log/waagent.log': AGENT_LINE,
      'README.txt': 'bundles of the night of 2 May\n',
      '.hidden.tgz': gzip('skipped'),
    });
    const found = discoverBundles([base]);
    expect(found.bundles.map((p) => p.slice(base.length + 1))).toEqual(['day1/a.tgz', 'day1/b.zip', 'day1/renamed.bin', 'day2/vm-3']);
    expect(found.notBundles).toBe(1);
    expect(found.missing).toEqual([]);
  });

  it('reads a list file (comments, blank lines, paths relative to it), counts each bundle once, lists missing ones', () => {
    const base = tree(join(tmp, 'listed'), { 'a.tgz': gzip('x'), 'vm/var/log/waagent.log': AGENT_LINE });
    const list = join(base, 'bundles.txt');
    writeFileSync(list, `# tonight\n\na.tgz\n${join(base, 'a.tgz')}\nvm\nmissing.tgz\n`);
    expect(isListFile(list)).toBe(true);
    const found = discoverBundles([list]);
    expect(found.bundles).toEqual([join(base, 'a.tgz'), join(base, 'vm')]);
    expect(found.missing).toEqual([{ path: 'missing.tgz', reason: 'no such file or folder' }]);
  });

  it('takes a single log file as a bundle, not as a list', () => {
    const log = join(tree(join(tmp, 'single'), { 'waagent.log': AGENT_LINE }), 'waagent.log');
    expect(isListFile(log)).toBe(false);
    expect(discoverBundles([log]).bundles).toEqual([log]);
  });
});

describe('--out names', () => {
  it('names a report after its bundle and never writes over a file', () => {
    const out = join(tmp, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'a.tgz.json'), 'not mine');
    expect(writeReportFile(out, '/x/a.tgz', '{"one":1}')).toBe(join(out, 'a.tgz-2.json'));
    expect(writeReportFile(out, '/y/a.tgz', '{"two":2}')).toBe(join(out, 'a.tgz-3.json'));
    expect(readFileSync(join(out, 'a.tgz.json'), 'utf8')).toBe('not mine');
    expect(readFileSync(join(out, 'a.tgz-2.json'), 'utf8')).toBe('{"one":1}');
  });

  it('keeps a name a file system takes: no separators, controls or reserved characters', () => {
    expect(reportBaseName('/fleet/vm-01/')).toBe('vm-01');
    expect(reportBaseName('/fleet/a\u001b[31m:b?.tgz')).toBe('a_[31m_b_.tgz');
    expect([...reportBaseName(`/f/${'é'.repeat(400)}.tgz`)].length).toBe(180);
  });
});
