// `logscan diff` end to end on bundles built here: a tgz before the fix, a zip after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { makeTempDir, makeTgz, makeZip, type TempDir } from '../helpers/archives.js';
import { runDiff, type DiffOptions } from '../../src/cli/diff-command.js';
import { UsageError } from '../../src/cli/options.js';
import { renderDiffMarkdown, renderDiffText, type DiffJson } from '../../src/diff/render-diff.js';
import { diffReports } from '../../src/diff/diff-reports.js';

const WAAGENT = 'var/log/waagent.log';
const warn = (t: string, message: string): string => `${t} WARNING ExtHandler ExtHandler ${message}`;
const heartbeat = (t: string, n: number): string =>
  `${t} INFO ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-2.9.1.1 is running as the goal state agent [DEBUG HeartbeatCounter: ${n};HeartbeatId: 1A2B;DroppedPackets: 0;UpdateGSErrors: 0;AutoUpdate: 1]`;
const fetchFailed = (error: string, attempts = 6): string =>
  `Fetch failed: [HttpError] [HTTP Failed] GET https://x.blob.core.windows.net/y -- IOError ${error} -- ${attempts} attempts made`;
const DNS = '[Errno -2] Name or service not known';
const PROXY = 'Tunnel connection failed: 407 Proxy Authentication Required';
const TLS = '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:1129)';

const lines = (...l: string[]): string => l.join('\n') + '\n';

let tmp: TempDir;
beforeAll(async () => {
  tmp = await makeTempDir('logscan-diff-');
  // Before the fix: DNS and the proxy fail.
  const before = lines(
    heartbeat('2026-11-01T09:00:00.000000Z', 1),
    warn('2026-11-01T10:01:00.000000Z', fetchFailed(DNS)),
    warn('2026-11-01T10:02:00.000000Z', fetchFailed(PROXY)),
  );
  // After it: the proxy is fixed, DNS still fails (on another day, fewer attempts, further down the log), and TLS now fails.
  const after = lines(
    ...Array.from({ length: 40 }, (_, i) => heartbeat(`2026-11-02T0${Math.floor(i / 10)}:${String((i % 10) * 5).padStart(2, '0')}:00.000000Z`, i)),
    warn('2026-11-02T10:01:00.000000Z', fetchFailed(DNS, 3)),
    warn('2026-11-02T10:05:00.000000Z', fetchFailed(TLS)),
  );
  // Fixed for good: nothing but heartbeats.
  const healthy = lines(heartbeat('2026-11-03T09:00:00.000000Z', 1), heartbeat('2026-11-03T09:30:00.000000Z', 2));
  // Crafted: a log line that would colour the terminal and link, and a proxy failure so that it is quoted.
  const hostile = lines(warn('2026-11-04T10:00:00.000000Z', `\x1b]8;;http://evil\x07[click](http://evil.example) <img src=x onerror=alert(1)> ${fetchFailed(PROXY)}`));
  await writeFile(tmp.path('before.tgz'), await makeTgz([{ path: WAAGENT, content: before }]));
  await writeFile(tmp.path('after.zip'), await makeZip([{ path: WAAGENT, content: after }]));
  await writeFile(tmp.path('healthy.tgz'), await makeTgz([{ path: WAAGENT, content: healthy }]));
  await writeFile(tmp.path('hostile [x](y).tgz'), await makeTgz([{ path: WAAGENT, content: hostile }]));
  await writeFile(tmp.path('broken.tgz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  await mkdir(tmp.path('empty'));
});
afterAll(() => tmp.cleanup());

async function diff(before: string, after: string, opts: DiffOptions = {}): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runDiff(tmp.path(before), tmp.path(after), { progress: false, ...opts }, { write: (text) => (out += text) });
  return { code, out };
}

describe('logscan diff', () => {
  it('prints resolved, new and persisting findings, and exits 1 for a persisting or new error', async () => {
    const { code, out } = await diff('before.tgz', 'after.zip');
    expect(code).toBe(1);
    expect(out).toContain('1 resolved, 1 new, 1 persisting');
    const section = (name: string): string => out.slice(out.indexOf(`\n${name} (`), out.indexOf('\n\n', out.indexOf(`\n${name} (`) + 1));
    expect(section('Resolved')).toContain('network.proxy-failure');
    expect(section('New')).toContain('network.tls-failure');
    expect(section('Persisting')).toContain('network.dns-failure');
    // The persisting finding is quoted from the after bundle, at its own line.
    expect(section('Persisting')).toMatch(/after var\/log\/waagent\.log:41: 2026-11-02T10:01:00/);
    expect(out).toContain('Exit 1: 2 new or persisting findings at or above error.');
  });

  it('writes JSON of the documented shape', async () => {
    const { code, out } = await diff('before.tgz', 'after.zip', { format: 'json' });
    expect(code).toBe(1);
    const json = JSON.parse(out) as DiffJson;
    expect(json.diffVersion).toBe(1);
    expect(json.tool.name).toBe('logscan');
    expect(json.failOn).toBe('error');
    expect(json.counts).toEqual({ resolved: 1, new: 1, persisting: 1 });
    expect(json.failing.sort()).toEqual(['network.dns-failure', 'network.tls-failure']);
    expect(json.before.bundle).toBe('before.tgz');
    expect(json.after.bundle).toBe('after.zip');
    const persisting = json.persisting[0]!;
    expect(persisting.before!.evidence[0]!.line).toBe(2);
    expect(persisting.after!.evidence[0]!.line).toBe(41);
    expect(json.resolved[0]!.id).toBe('network.proxy-failure');
    expect(json.resolved[0]!.after).toBeUndefined();
  });

  it('exits 0 when everything is resolved, or nothing reaches --fail-on', async () => {
    const fixed = await diff('before.tgz', 'healthy.tgz');
    expect(fixed.code).toBe(0);
    expect(fixed.out).toContain('2 resolved, 0 new, 0 persisting');
    expect(fixed.out).toContain('Exit 0: no new or persisting finding at or above error.');
    expect((await diff('before.tgz', 'after.zip', { failOn: 'critical' })).code).toBe(0);
    expect((await diff('before.tgz', 'after.zip', { failOn: 'never' })).code).toBe(0);
    expect((await diff('healthy.tgz', 'before.tgz', { failOn: 'warning' })).code).toBe(1);
  });

  it('writes the file -o names, in the format its extension names', async () => {
    let out = '';
    const code = await runDiff(tmp.path('before.tgz'), tmp.path('after.zip'), { output: tmp.path('diff.md'), progress: false }, { write: (t) => (out += t) });
    expect(code).toBe(1);
    expect(out).toBe('');
    const md = await readFile(tmp.path('diff.md'), 'utf8');
    expect(md).toMatch(/^# logscan diff: before\.tgz → after\.zip/);
    expect(md).toContain('## Persisting (1)');
    expect(md).toContain('`network.dns-failure`, error, network.');
  });

  it('keeps bundle text inert in text and Markdown', async () => {
    const text = (await diff('before.tgz', 'hostile [x](y).tgz')).out;
    expect(text).not.toContain('\x1b');
    expect(text).not.toContain('\x07');
    expect(text).toContain('\\x1b]8;;http://evil\\x07');
    const md = (await diff('before.tgz', 'hostile [x](y).tgz', { format: 'markdown' })).out;
    expect(md).not.toContain('\x1b');
    expect(md).toContain('hostile \\[x\\](y).tgz');
    // Evidence is a code span: the link and the image are shown, never made.
    const evidence = md.split('\n').find((l) => l.includes('onerror'))!;
    expect(evidence).toMatch(/^- after `[^`]+`: `[^`]*\\x1b\]8;;http:\/\/evil\\x07\[click\]\(http:\/\/evil\.example\) <img src=x onerror=alert\(1\)> [^`]*`$/);
  });

  it('rejects usage errors and unreadable bundles with one message naming which', async () => {
    await expect(diff('before.tgz', 'missing.tgz')).rejects.toThrow(UsageError);
    await expect(diff('before.tgz', 'missing.tgz')).rejects.toThrow(/missing\.tgz: no such file or folder/);
    await expect(diff('before.tgz', 'broken.tgz')).rejects.toThrow(/^after bundle .*broken\.tgz: /);
    await expect(diff('empty', 'after.zip')).rejects.toThrow(/^before bundle .*empty: /);
    await expect(diff('before.tgz', 'after.zip', { failOn: 'sometimes' })).rejects.toThrow(/--fail-on sometimes: expected one of/);
    await expect(diff('before.tgz', 'after.zip', { format: 'html' })).rejects.toThrow(/--format html: expected one of text, markdown, json/);
    await expect(diff('before.tgz', 'after.zip', { format: 'json', output: tmp.path('d.md') })).rejects.toThrow(UsageError);
    await expect(runDiff('-', '-', {})).rejects.toThrow(/only one of the two bundles can be read from stdin/);
  });
});

describe('logscan diff rendering', () => {
  it('names different VMs with their names escaped', () => {
    const base = {
      schemaVersion: 1 as const,
      tool: { name: 'logscan' as const, version: 't' },
      bundle: { name: 'b', kind: 'tgz' as const, sizeBytes: 1, files: 1 },
      sources: [],
      findings: [],
      verdict: { summary: 'ok', rootCauses: [], confidence: 'high' as const, checked: [] },
      problems: [],
      timeline: { events: 0 },
    };
    const diff = diffReports(
      { ...base, system: { os: 'linux', extensions: [], hostname: 'web-01' } },
      { ...base, system: { os: 'linux', extensions: [], hostname: '[x](http://e)\x1b[2J' } },
    );
    const opts = { failOn: 'error' as const, version: 't' };
    const text = renderDiffText(diff, opts);
    expect(text).toContain('different VMs (web-01 and [x](http://e)\\x1b[2J)');
    expect(text).not.toContain('\x1b');
    expect(renderDiffMarkdown(diff, opts)).toContain('different VMs (web-01 and \\[x\\](http:\\/\\/e)\\x1b\\[2J)');
  });
});
