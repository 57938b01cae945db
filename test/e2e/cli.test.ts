// End to end: the built CLI (bin/logscan.js -> dist/) on every sample and on damaged input.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { gzip, makeTgz, makeZip } from '../helpers/archives.js';
import type { Report } from '../../src/model.js';
import { CATEGORIES } from '../../src/model.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'logscan.js');
const tmp = mkdtempSync(join(tmpdir(), 'logscan-e2e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input,
    encoding: 'buffer',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

function json(args: string[], input?: Buffer): { code: number | null; report: Report; stderr: string } {
  const r = run([...args, '--format', 'json'], input);
  expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

const HEALTHY_LINE = '2024-05-02T06:00:01.178802Z INFO Daemon Daemon Wire server endpoint:168.63.129.16\n';
const FAILING_LINE =
  '2024-05-02T07:10:07.421905Z ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out -- 6 attempts made\n';

const SAMPLES: { file: string; code: number; ids: string[] }[] = [
  { file: 'healthy.tgz', code: 0, ids: [] },
  { file: 'healthy.zip', code: 0, ids: [] },
  { file: 'network-wireserver.tgz', code: 1, ids: ['network.wireserver-unreachable', 'network.hostplugin-unreachable', 'network.status-upload-failed'] },
  { file: 'agent-crash-loop.tgz', code: 1, ids: ['agent-crash.exthandler-exit', 'resource-pressure.disk-full', 'agent-outdated.blacklisted'] },
  { file: 'extension-failure.tgz', code: 1, ids: ['extension-failure.timeout', 'extension-failure.non-zero-exit', 'extension-failure.handler-state'] },
  { file: 'dhcp-no-response.tgz', code: 1, ids: ['dhcp.no-response'] },
  { file: 'agent-outdated.tgz', code: 1, ids: ['agent-outdated.below-minimum', 'agent-outdated.update-failing'] },
  { file: 'healthy-logs.zip', code: 0, ids: [] },
  { file: 'fsfreeze-timeout.tgz', code: 1, ids: ['fsfreeze.freeze-timeout', 'fsfreeze.hung-task-during-freeze'] },
  { file: 'frozen-vm.tgz', code: 1, ids: ['fsfreeze.stayed-frozen', 'snapshot-timeout.status-stuck', 'fsfreeze.hung-task-during-freeze'] },
  { file: 'snapshot-timeout.tgz', code: 1, ids: ['snapshot-timeout.command-too-late', 'network.wireserver-unreachable'] },
  { file: 'snapshot-failure.tgz', code: 1, ids: ['snapshot-failure.host-error', 'snapshot-failure.pre-post-script'] },
  { file: 'resource-pressure.tgz', code: 1, ids: ['resource-pressure.oom-kill', 'resource-pressure.disk-full'] },
  { file: 'bundle-truncated-logs.zip', code: 0, ids: ['bundle.truncated', 'bundle.missing-source'] },
  { file: 'windows-vss-sql.zip', code: 1, ids: ['vss.sql-writer', 'vss.hold-writes-timeout'] },
  { file: 'windows-agent-crash-loop.zip', code: 1, ids: ['agent-crash.windows-restart-loop', 'resource-pressure.disk-full'] },
];

describe('samples', () => {
  for (const sample of SAMPLES) {
    it(`${sample.file}: exit ${sample.code} with ${sample.ids.join(', ') || 'no error findings'}`, () => {
      const { code, report } = json([join('samples', sample.file)]);
      expect(code).toBe(sample.code);
      const ids = report.findings.map((f) => f.id);
      for (const id of sample.ids) expect(ids).toContain(id);
      if (sample.ids.length === 0) expect(report.findings.filter((f) => f.severity === 'error' || f.severity === 'critical')).toEqual([]);
      expect(report.problems).toEqual([]);
      const paths = new Set(report.sources.map((s) => s.path));
      for (const f of report.findings) {
        expect(CATEGORIES).toContain(f.category);
        for (const e of f.evidence) {
          expect(paths.has(e.path), `${e.path} is a source`).toBe(true);
          expect(e.line ?? e.record).toBeGreaterThan(0);
        }
      }
    });
  }

  it('one finding, all its evidence: the freeze time-out from the extension log and the status file', () => {
    const { report } = json(['samples/fsfreeze-timeout.tgz']);
    const timeout = report.findings.find((f) => f.id === 'fsfreeze.freeze-timeout')!;
    const paths = new Set(timeout.evidence.map((e) => e.path));
    expect(paths).toContain('var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log');
    expect(paths).toContain('var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/status/77.status');
    // The status file says "success" over code 122: the VM summary shows the real outcome.
    expect(report.system.extensions.find((e) => e.name === 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux')?.status).toBe('error');
    expect(report.findings.filter((f) => f.category === 'extension-failure')).toEqual([]);
  });

  it('the agent logs.zip layout: nested history zip, state files and a full freeze cycle, no error', () => {
    const { report } = json(['samples/healthy-logs.zip']);
    expect(report.sources.map((s) => s.parser)).toEqual(
      expect.arrayContaining(['log-collector', 'goal-state', 'extensions-config', 'extension-status', 'waagent-status', 'vmsnapshot-log', 'vmsnapshot-shell', 'waagent-log']),
    );
    expect(report.sources.map((s) => s.path)).toContain('var/lib/waagent/history/2024-05-02T02-00-03__41.zip/GoalState.xml');
    expect(report.system).toMatchObject({ os: 'linux', agentVersion: '2.10.0.8' });
    expect(report.system.extensions).toEqual([{ name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', version: '1.0.9225.0', state: 'enabled', status: 'success' }]);
    expect(report.findings.filter((f) => f.severity === 'error' || f.severity === 'critical')).toEqual([]);
  });

  it('a Windows bundle: EVTX records as evidence, the SQL writer named with its remedy, VSS 8224 quiet', () => {
    const { report } = json(['samples/windows-vss-sql.zip']);
    expect(report.system.os).toBe('windows');
    const sql = report.findings.find((f) => f.id === 'vss.sql-writer')!;
    expect(sql.evidence.some((e) => e.path === 'Windows/System32/winevt/Logs/Application.evtx' && e.record === 2)).toBe(true);
    expect(sql.remediation.join(' ')).toContain('USEVSSCOPYBACKUP');
    expect(report.findings.flatMap((f) => f.evidence).some((e) => /8224/.test(e.text))).toBe(false);
    expect(report.sources.find((s) => s.path.endsWith('Application.evtx'))).toMatchObject({ parser: 'evtx', events: 4 });
  });

  it('the crash loop is critical and says so', () => {
    const { report } = json(['samples/agent-crash-loop.tgz']);
    const loop = report.findings.find((f) => f.id === 'agent-crash.exthandler-exit')!;
    expect(loop.severity).toBe('critical');
    // Three crashes, each the handler's exception and the daemon's exit line.
    expect(loop.count).toBe(6);
    expect(loop.firstSeen).toBe('2024-02-20T08:00:02.011Z');
    expect(loop.lastSeen).toBe('2024-02-20T08:00:06.110Z');
  });

  it('JSON follows the report contract', () => {
    const { report } = json(['samples/healthy.tgz']);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool).toEqual({ name: 'logscan', version: '0.1.0' });
    expect(report.bundle).toMatchObject({ name: 'healthy.tgz', kind: 'tgz', files: 4 });
    expect(report.bundle.sizeBytes).toBeGreaterThan(0);
    expect(report.system).toMatchObject({ os: 'linux', agentVersion: '2.10.0.8' });
    expect(report.system.extensions).toEqual([{ name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', version: '1.0.9225.0' }]);
    expect(report.sources.map((s) => s.path)).toEqual([
      'etc/waagent.conf',
      'var/log/waagent.log',
      'var/log/waagent.log-2024-04-30-1714435200.gz',
      'var/log/waagent.log.1',
    ]);
    expect(report.timeline).toMatchObject({ from: '2024-04-29T23:58:10.102Z', to: '2024-05-02T07:00:10.012Z' });
  });

  it('parallel parsing (--jobs 2) gives the same report as in-process parsing, the html file included', () => {
    for (const sample of ['healthy.tgz', 'network-wireserver.tgz', 'agent-crash-loop.tgz', 'extension-failure.tgz', 'windows-vss-sql.zip']) {
      for (const format of ['json', 'html']) {
        const one = run([join('samples', sample), '--format', format, '--jobs', '1']);
        const two = run([join('samples', sample), '--format', format, '--jobs', '2']);
        expect(two.stderr).toBe('');
        expect(two.stdout).toBe(one.stdout);
        expect(two.code).toBe(one.code);
      }
    }
  });

  it('--fail-on moves the exit code', () => {
    expect(run(['samples/agent-outdated.tgz', '--fail-on', 'warning']).code).toBe(1);
    expect(run(['samples/agent-crash-loop.tgz', '--fail-on', 'never']).code).toBe(0);
    expect(run(['samples/agent-crash-loop.tgz', '--fail-on', 'critical']).code).toBe(1);
  });

  it('text report: the verdict first, the VM summary, then the findings table, evidence with file:line, no colour when NO_COLOR', () => {
    const r = run(['samples/extension-failure.tgz', '--width', '200']);
    expect(r.code).toBe(1);
    const { report } = json(['samples/extension-failure.tgz']);
    expect(r.stdout.split('\n').slice(1, 3).join('\n')).toBe(`Verdict (${report.verdict.confidence} confidence)\n  ${report.verdict.summary}`);
    expect(r.stdout).toContain('Root cause: #1 ');
    expect(r.stdout).toMatch(/VM\n\s+OS: linux\n\s+Guest agent: 2\.10\.0\.8/);
    expect(r.stdout.indexOf('Guest agent:')).toBeLessThan(r.stdout.search(/Severity.*Category.*Finding/));
    expect(r.stdout).toContain('var/log/waagent.log:');
    expect(r.stdout).toContain('Fix:');
    expect(r.stdout).toMatch(/Sources read \(1\)/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('text and Markdown read as sentences: plurals, the OS named once, Windows providers as Windows writes them, whole OS errors', () => {
    const windows = run(['samples/windows-agent-crash-loop.zip', '--width', '160']);
    expect(windows.stdout).toContain('\n  OS: Windows\n');
    expect(windows.stdout).not.toContain('Windows (windows)');
    expect(windows.stdout).toMatch(/Application\.evtx \(evtx, 1 event, /);
    expect(windows.stdout).not.toMatch(/\b1 events\b/);
    expect(windows.stdout).toContain(': .NET Runtime 1026;');
    expect(windows.stdout).not.toContain('.net runtime');
    expect(run(['samples/windows-agent-crash-loop.zip', '--format', 'markdown']).stdout).toContain('- **OS:** Windows\n');
    const network = run(['samples/network-wireserver.tgz', '--width', '160']);
    expect(network.stdout).toContain('[Errno 110] Connection timed out (2×); [Errno 113] No route to host.');
    expect(network.stdout).not.toMatch(/(?<!\[)Errno 11\d\]/);
  });

  it('markdown report for a ticket: the verdict first, consequences under their cause', () => {
    const r = run(['samples/network-wireserver.tgz', '--format', 'markdown']);
    const { report } = json(['samples/network-wireserver.tgz']);
    expect(r.stdout).toMatch(/^# logscan report: network-wireserver\.tgz\n\n## Verdict\n\n\*\*/);
    expect(r.stdout).toContain(`**${report.verdict.summary}**`);
    expect(r.stdout).toContain('- **#1 VM cannot reach the Azure wire server (168.63.129.16)** (`network.wireserver-unreachable`, error), explains 2 other findings\n  - #2 ');
    expect(r.stdout).toContain('| # | Severity | Category | Finding | Caused by | Count |');
    expect(r.stdout).toContain('Caused by #1 VM cannot reach the Azure wire server');
    expect(r.stdout).toContain('```text');
    expect(r.stdout).toContain('**Fix:**');
  });

  it('-o writes the report to a file', () => {
    const out = join(tmp, 'report.json');
    expect(run(['samples/healthy.tgz', '-f', 'json', '-o', out]).code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as Report).schemaVersion).toBe(1);
  });

  it('reads an archive from stdin', () => {
    const { code, report } = json(['-'], readFileSync(join(root, 'samples', 'dhcp-no-response.tgz')));
    expect(code).toBe(1);
    expect(report.bundle.kind).toBe('stdin');
    expect(report.findings.map((f) => f.id)).toContain('dhcp.no-response');
  });

  it('timeline: JSONL in time order across rotated files, Timesketch fields', () => {
    const r = run(['timeline', 'samples/healthy.tgz']);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.length).toBe(61);
    const times = events.map((e) => e.datetime as string);
    expect([...times].sort()).toEqual(times);
    expect(events[0]).toMatchObject({ datetime: '2024-04-29T23:58:10.102Z', source: 'waagent-log', level: 'info', line: 1 });
    expect(Object.keys(events[0]!)).toEqual(expect.arrayContaining(['datetime', 'timestamp_desc', 'message', 'path', 'line']));
  });

  it('timeline: CSV with a header', () => {
    const r = run(['timeline', 'samples/agent-outdated.tgz', '--format', 'csv']);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('datetime,timestamp_desc,message,source,path,line,level,time_source,record');
    expect(lines[1]).toMatch(/^2016-10-05T17:01:58\.465Z,Log entry time \(local time taken as UTC\),Azure Linux Agent Version:2\.2\.0,/);
  });

  it('--tz converts local times', () => {
    const r = run(['timeline', 'samples/agent-outdated.tgz', '--tz', '+02:00']);
    expect(JSON.parse(r.stdout.split('\n')[0]!)).toMatchObject({ datetime: '2016-10-05T15:01:58.465Z', time_source: 'tz' });
  });
});

describe('--format html: one self-contained file for a ticket', () => {
  /** The JSON of `<script type="application/json" id="report">`, up to the first `</script` (where a parser ends it). */
  function embedded(html: string): Report {
    const open = '<script type="application/json" id="report">';
    const from = html.indexOf(open) + open.length;
    expect(from).toBeGreaterThan(open.length);
    return JSON.parse(html.slice(from, html.toLowerCase().indexOf('</script', from))) as Report;
  }

  it('the largest sample: under 5 MB, no script, style or font from another address', () => {
    const largest = readdirSync(join(root, 'samples'))
      .map((f) => ({ f, size: statSync(join(root, 'samples', f)).size }))
      .sort((a, b) => b.size - a.size)[0]!.f;
    const out = join(tmp, 'largest.html');
    const r = run([join('samples', largest), '--format', 'html', '-o', out, '--fail-on', 'never']);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024);
    expect(html).not.toMatch(/<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(?:https?:)?\/\/|@import/i);
    expect(embedded(html).bundle.name).toBe(largest);
  });

  for (const sample of ['agent-crash-loop.tgz', 'windows-vss-sql.zip']) {
    it(`${sample}: no network reference, the report's findings embedded, under 5 MB`, () => {
      const out = join(tmp, `${sample}.html`);
      const r = run([join('samples', sample), '--format', 'html', '-o', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      const html = readFileSync(out, 'utf8');
      expect(statSync(out).size).toBeLessThan(5 * 1024 * 1024);
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`);
      // No script, stylesheet, image or other element that loads from an address.
      for (const tag of html.match(/<(script|link|img|iframe|source|video|audio|object|embed)\b[^>]*>/gi) ?? []) {
        expect(tag, tag).not.toMatch(/\b(src|href|srcset|data)\s*=\s*["']?\s*(https?:)?\/\//i);
      }
      expect(html).not.toMatch(/\burl\(\s*["']?(https?:)?\/\//i);
      expect(html).not.toMatch(/@import/i);
      const { report } = json([join('samples', sample)]);
      const inFile = embedded(html);
      expect(inFile.findings.map((f) => f.id)).toEqual(report.findings.map((f) => f.id));
      expect(inFile.findings.length).toBeGreaterThan(0);
      expect(inFile.bundle.name).toBe(sample);
    });
  }

  it('without the built viewer files: exit 2, one line saying to run npm run build', () => {
    // A copy of the package without dist/web; node_modules linked.
    const pkg = join(tmp, 'no-web');
    mkdirSync(pkg);
    cpSync(join(root, 'bin'), join(pkg, 'bin'), { recursive: true });
    cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true, filter: (src) => !src.startsWith(join(root, 'dist', 'web')) });
    cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
    symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    const r = spawnSync(process.execPath, [join(pkg, 'bin', 'logscan.js'), 'samples/healthy.tgz', '--format', 'html'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('run npm run build');
  });
});

describe('bad input: a clear problem, never a stack trace, the rest still analysed', () => {
  const write = (name: string, bytes: Buffer | string): string => {
    const p = join(tmp, name);
    writeFileSync(p, bytes);
    return p;
  };

  it('a truncated .tgz', async () => {
    const big = Array.from({ length: 4000 }, (_, i) => `2024-05-02T07:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000000Z INFO ExtHandler ExtHandler line ${i} ${'x'.repeat(i % 97)}`).join('\n');
    const tgz = await makeTgz([
      { path: 'var/log/waagent.log.1', content: FAILING_LINE },
      { path: 'var/log/waagent.log', content: big },
    ]);
    const { code, report } = json([write('truncated.tgz', tgz.subarray(0, Math.floor(tgz.length * 0.6)))]);
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.id)).toContain('network.wireserver-unreachable');
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.findings.find((f) => f.id === 'bundle.unreadable')?.severity).toBe('warning');
  });

  it('a corrupt .gz member', async () => {
    const good = gzip(HEALTHY_LINE.repeat(50));
    const corrupt = Buffer.concat([good.subarray(0, 20), Buffer.from('not deflate data at all'), good.subarray(40)]);
    const tgz = await makeTgz([
      { path: 'var/log/waagent.log.2.gz', content: corrupt },
      { path: 'var/log/waagent.log', content: FAILING_LINE },
    ]);
    const { code, report } = json([write('corrupt-member.tgz', tgz)]);
    expect(code).toBe(1);
    expect(report.problems.find((p) => p.path === 'var/log/waagent.log.2.gz')?.message).toMatch(/gzip/);
    expect(report.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['network.wireserver-unreachable', 'bundle.unreadable']));
  });

  it('a binary file named waagent.log', async () => {
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) & 0xff;
    const zip = await makeZip([
      { path: 'var/log/waagent.log', content: binary },
      { path: 'var/log/waagent.log.1', content: FAILING_LINE },
    ]);
    const { report } = json([write('binary.zip', zip)]);
    expect(report.problems).toContainEqual({ path: 'var/log/waagent.log', message: expect.stringMatching(/binary/) });
    expect(report.sources.map((s) => s.path)).toEqual(['var/log/waagent.log.1']);
  });

  it('a 50 MB line', () => {
    const huge = Buffer.concat([Buffer.from(HEALTHY_LINE), Buffer.alloc(50 * 1024 * 1024, 'a'), Buffer.from('\n' + FAILING_LINE)]);
    const { code, report } = json([write('waagent.log', huge)]);
    expect(code).toBe(1);
    expect(report.problems[0]?.message).toMatch(/line 2 is longer than 1 MiB/);
    expect(report.findings.find((f) => f.id === 'network.wireserver-unreachable')?.evidence[0]?.line).toBe(3);
  });

  it('an empty archive exits 2 with one line', async () => {
    const r = run([write('empty.tgz', await makeTgz([]))]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/empty\.tgz: nothing to analyse/);
  });

  it('a file that is not an archive at all exits 2 with one line', () => {
    const r = run([write('photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]))]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('a .tgz that is not gzip exits 2 naming the file', () => {
    const r = run([write('fake.tgz', 'hello, not an archive\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fake\.tgz/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing path and a bad option exit 2', () => {
    expect(run([join(tmp, 'does-not-exist.tgz')]).code).toBe(2);
    expect(run(['samples/healthy.tgz', '--format', 'yaml']).code).toBe(2);
    expect(run(['samples/healthy.tgz', '--tz', 'Nowhere/Land']).code).toBe(2);
  });

  it('secrets never reach the output', async () => {
    const secretLine =
      '2024-05-02T07:11:00.000000Z WARNING ExtHandler ExtHandler Fetch failed: [HttpError] [HTTP Failed] GET https://acct.blob.core.windows.net/c/pkg.zip?sv=2020-08-04&sig=SUPERSECRETSIGNATURE%3D&se=2030 -- IOError timed out -- 6 attempts made\n';
    const file = write('secret.log', HEALTHY_LINE + secretLine);
    for (const format of ['text', 'json', 'markdown']) {
      const r = run([file, '--format', format]);
      expect(r.stdout).toContain('sig=«redacted:sas-1»');
      expect(r.stdout).not.toContain('SUPERSECRET');
      // The report says what it removed, and from where.
      if (format === 'json') expect((JSON.parse(r.stdout) as Report).redactedIn).toEqual([{ kind: 'sas', path: 'secret.log', count: 1 }]);
      else expect(r.stdout).toMatch(format === 'text' ? /sas ×1: secret\.log ×1/ : /\| sas \| 1 \| secret\.log \(1\) \|/);
    }
    expect(run(['timeline', file]).stdout).not.toContain('SUPERSECRET');
  });
});

describe('help and errors a newcomer understands', () => {
  it('--help shows the analyse options, says logscan <bundle> analyses, and gives an example per common use', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: logscan \[options\] <bundle>/);
    for (const option of ['--format', '--output', '--fail-on', '--tz', '--evidence', '--width', '--jobs', '--max-expanded-bytes', '--max-ratio', '--no-progress']) {
      expect(r.stdout, option).toContain(option);
    }
    expect(r.stdout).toMatch(/timeline \[options\] <bundle>/);
    expect(r.stdout).toMatch(/serve \[options\]/);
    for (const example of ['logscan bundle.tgz ', '-o report.html', '-o report.json', '-o ticket.md', 'logscan -', '--tz Europe/Berlin', '--evidence all', '--fail-on warning', 'logscan timeline bundle.tgz', 'logscan serve']) {
      expect(r.stdout, example).toContain(example);
    }
    expect(r.stdout).not.toMatch(/\banalyze <bundle>/);
  });

  it('logscan alone prints the usage on stderr and exits 2', () => {
    const r = run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: logscan \[options\] <bundle>/);
    expect(r.stderr).toContain('--format');
  });

  it('-o infers the format from .json, .md and .html; a .txt or unknown extension is text', () => {
    const html = join(tmp, 'r.html');
    expect(run(['samples/healthy.tgz', '-o', html]).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/);
    const md = join(tmp, 'r.md');
    run(['samples/healthy.tgz', '-o', md]);
    expect(readFileSync(md, 'utf8')).toMatch(/^# logscan report: healthy\.tgz/);
    const json = join(tmp, 'r.json');
    run(['samples/healthy.tgz', '-o', json]);
    expect((JSON.parse(readFileSync(json, 'utf8')) as Report).schemaVersion).toBe(1);
    const txt = join(tmp, 'r.txt');
    run(['samples/healthy.tgz', '-o', txt]);
    expect(readFileSync(txt, 'utf8')).toMatch(/^logscan 0\.1\.0 · healthy\.tgz/);
    // The same format given twice is no contradiction.
    expect(run(['samples/healthy.tgz', '-o', json, '--format', 'json']).code).toBe(0);
  });

  it('a --format that disagrees with the -o extension is an error, one line, nothing written', () => {
    const out = join(tmp, 'disagree.html');
    const r = run(['samples/healthy.tgz', '-o', out, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(out);
    expect(r.stderr).toMatch(/names an HTML file but --format is json/);
    expect(() => statSync(out)).toThrow();
    const csv = run(['timeline', 'samples/healthy.tgz', '-o', join(tmp, 't.csv'), '--format', 'jsonl']);
    expect(csv.code).toBe(2);
    expect(csv.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('-o into a folder that does not exist: one line naming the file and what to do, for the report and the timeline', () => {
    for (const args of [['samples/healthy.tgz', '-o', '/nonexistent/x.json'], ['timeline', 'samples/healthy.tgz', '-o', '/nonexistent/x.csv']]) {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(args[args.length - 1]!);
      expect(r.stderr).toMatch(/does not exist; create it or write the report elsewhere/);
      expect(r.stderr).not.toMatch(/ENOENT/);
    }
  });

  it('-o naming a folder is one line too', () => {
    const r = run(['samples/healthy.tgz', '-o', tmp]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('is a folder');
  });

  it('a missing bundle, an unknown option and a bad choice are one line each, exit 2, with what to do', () => {
    const missing = run([join(tmp, 'nope.tgz')]);
    expect(missing.stderr).toBe(`logscan: ${join(tmp, 'nope.tgz')}: no such file or folder; give a .tgz, .tar.gz, .tar or .zip bundle, a folder, a log file, or - for stdin\n`);
    for (const args of [['samples/healthy.tgz', '--fomat', 'json'], ['samples/healthy.tgz', '--format', 'yaml'], ['samples/healthy.tgz', 'extra']]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^logscan: .*\(logscan --help lists the options\)\n$/);
    }
  });

  it('logscan analyze <bundle>, as earlier versions spelled it, still analyses', () => {
    const r = run(['analyze', 'samples/healthy.tgz', '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).bundle.name).toBe('healthy.tgz');
  });
});

describe('timeline: EVTX rows carry their record number', () => {
  it('JSONL: record and no line for EVTX events, line and no record for text logs', () => {
    const r = run(['timeline', 'samples/windows-agent-crash-loop.zip']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const evtx = rows.filter((e) => e.source === 'evtx');
    expect(evtx.length).toBeGreaterThan(0);
    for (const e of evtx) {
      expect(e).not.toHaveProperty('line');
      expect(e.record).toBeGreaterThan(0);
    }
    expect(evtx.find((e) => (e.path as string).endsWith('Application.evtx'))).toMatchObject({ record: 1, message: expect.stringMatching(/^\.NET Runtime 1026: /) });
    for (const e of rows.filter((x) => x.source !== 'evtx')) {
      expect(e.line).toBeGreaterThan(0);
      expect(e).not.toHaveProperty('record');
    }
  });

  it('CSV: the record column last, the line cell empty for EVTX rows', () => {
    const r = run(['timeline', 'samples/windows-agent-crash-loop.zip', '-f', 'csv']);
    const [header, ...rows] = r.stdout.trim().split('\n');
    expect(header).toBe('datetime,timestamp_desc,message,source,path,line,level,time_source,record');
    const evtx = rows.find((l) => l.includes(',Windows/System32/winevt/Logs/System.evtx,'))!;
    expect(evtx).toMatch(/,evtx,Windows\/System32\/winevt\/Logs\/System\.evtx,,error,utc,\d+$/);
    const text = rows.find((l) => l.includes(',WindowsAzure/Logs/WaAppAgent.log,'))!;
    expect(text).toMatch(/,WindowsAzure\/Logs\/WaAppAgent\.log,1,info,utc,$/);
  });

  it('-o timeline.csv writes CSV without --format', () => {
    const out = join(tmp, 'timeline.csv');
    expect(run(['timeline', 'samples/healthy.tgz', '-o', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('datetime,timestamp_desc,message,source,path,line,level,time_source,record');
  });

  it("the Windows agent's INFO line reporting a plugin status of Error is an error in the timeline", () => {
    const r = run(['timeline', 'samples/windows-vss-sql.zip']);
    const row = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((e) => /reported status Error/.test(e.message as string));
    expect(row).toMatchObject({ path: 'WindowsAzure/Logs/WaAppAgent.log', line: 6, level: 'error' });
  });
});
