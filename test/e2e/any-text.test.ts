// "Any text is read": a bundle of plain text only (an unknown tool log, Event Viewer details in every language the
// labels are known for, description-only pastes, a WaAppAgent.log without thread ids) gets a report with the events
// and the findings its lines show, never "nothing to analyse"; binary files are listed as skipped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { LINUX_ONLY } from '../helpers/platform-words.js';
import type { Report } from '../../src/model.js';
import { memoryBundle } from '../helpers/detector-tester.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = (path: string): string => readFileSync(join(root, 'test', 'fixtures', path), 'utf8');
const LOCALES = ['de-DE', 'en-US', 'es-ES', 'fr-FR', 'it-IT', 'ja-JP', 'pt-BR', 'pt-PT', 'zh-CN', 'zh-TW'];

/** Path in the bundle -> text. */
function pasteBundle(): Record<string, string> {
  const files: Record<string, string> = {
    'case-4711/tool-output.log': fixture('generic/app-errors.log'),
    'case-4711/descriptions.txt': fixture('generic/descriptions.txt'),
    'case-4711/agent': fixture('windows/WaAppAgent-no-thread.log'),
  };
  for (const l of LOCALES) files[`case-4711/events-${l}.txt`] = fixture(`event-exports/viewer-details.${l}.txt`);
  return files;
}

const ids = (report: Report): string[] => report.findings.map((f) => f.id);

describe('a bundle of pasted text', () => {
  let report: Report;
  it('is read, every file by a parser', async () => {
    report = await analyze(memoryBundle(pasteBundle(), 'case-4711'));
    const parsers = new Map(report.sources.map((s) => [s.path, s.parser]));
    expect(parsers.get('case-4711/tool-output.log')).toBe('text-log');
    expect(parsers.get('case-4711/descriptions.txt')).toBe('text-log');
    expect(parsers.get('case-4711/agent')).toBe('waappagent-log');
    for (const l of LOCALES) expect(parsers.get(`case-4711/events-${l}.txt`)).toBe('event-text-viewer');
    expect(report.sources.every((s) => s.events > 0)).toBe(true);
    expect(report.skipped).toBeUndefined();
    expect(report.timeline.events).toBeGreaterThan(40);
  });

  it('shows the findings its lines show (crashes of one window fold into the agent restart loop)', () => {
    const found = ids(report);
    for (const id of ['agent-crash.windows-restart-loop', 'vss.vss-error', 'resource-pressure.disk-full', 'network.wireserver-unreachable', 'network.dns-failure']) {
      expect(found, id).toContain(id);
    }
    const loop = report.findings.find((f) => f.id === 'agent-crash.windows-restart-loop')!;
    expect(loop.evidence.map((e) => e.path)).toEqual(expect.arrayContaining(['case-4711/descriptions.txt', 'case-4711/agent', 'case-4711/events-ja-JP.txt']));
    for (const f of report.findings) for (const e of f.evidence) expect(e.line, `${f.id} ${e.path}`).toBeGreaterThan(0);
    expect(report.findings.find((f) => f.id === 'resource-pressure.disk-full')!.evidence[0]).toMatchObject({ path: 'case-4711/tool-output.log', line: 3 });
  });

  it.each([
    ['de-DE', ['agent-crash.agent-process-crash', 'vss.vss-error']],
    ['en-US', ['agent-crash.service-crash', 'vss.vss-error']],
    ['es-ES', ['agent-crash.agent-process-crash']],
    ['fr-FR', ['agent-crash.agent-process-crash', 'agent-crash.service-crash']],
    ['it-IT', ['vss.vss-error']],
    ['ja-JP', ['agent-crash.service-crash']],
    ['pt-BR', ['agent-crash.service-crash']],
    ['pt-PT', ['vm-shutdown.unexpected-shutdown']],
    ['zh-CN', ['vss.vss-error']],
    ['zh-TW', ['agent-crash.agent-process-crash']],
  ])('Event Viewer details in %s alone: %j', async (locale, want) => {
    const path = `events-${locale}.txt`;
    const r = await analyze(memoryBundle({ [path]: fixture(`event-exports/viewer-details.${locale}.txt`) }));
    // Exactly these: a finding that should not fire fails the case; the verdict names one of them.
    expect([...ids(r)].sort()).toEqual([...want].sort());
    expect(want).toContain(r.verdict.rootCauses[0]);
    for (const id of want) expect(r.findings.find((f) => f.id === id)!.evidence.every((e) => e.path === path && (e.line ?? 0) > 0)).toBe(true);
  });

  it('description-only pastes count as Windows events for the detectors', async () => {
    const only = await analyze(memoryBundle({ 'paste.txt': fixture('generic/descriptions.txt') }));
    expect([...ids(only)].sort()).toEqual([
      'agent-crash.agent-process-crash',
      'agent-crash.service-crash',
      'network.dns-failure',
      'vm-shutdown.initiated-shutdown',
      'vm-shutdown.unexpected-shutdown',
      'vss.vss-error',
    ]);
    // Windows events, whatever the file is called: Windows steps, never Linux ones.
    for (const f of only.findings) for (const step of f.remediation) expect(step, f.id).not.toMatch(LINUX_ONLY);
    const crash = only.findings.find((f) => f.id === 'agent-crash.agent-process-crash')!;
    expect(crash.evidence.every((e) => e.path === 'paste.txt' && (e.line ?? 0) > 0)).toBe(true);
  });

  it('lists binary files as skipped, with why, and still reads the rest', async () => {
    const bundle = memoryBundle({ 'notes.txt': 'ERROR 2024-05-02 03:00:00 write failed: No space left on device\n' });
    const bytes = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0]);
    const entries = bundle.entries;
    bundle.entries = (async function* () {
      yield* entries;
      yield { path: 'bin/tool', size: bytes.length, bytes: (async function* () { yield bytes; })() };
      yield { path: 'conf/settings.json', size: 2, bytes: (async function* () { yield new TextEncoder().encode('{}'); })() };
    })();
    const r = await analyze(bundle);
    expect(r.skipped).toEqual([
      { path: 'bin/tool', reason: 'binary content' },
      { path: 'conf/settings.json', reason: expect.stringMatching(/no format/) },
    ]);
    expect(ids(r)).toContain('resource-pressure.disk-full');
  });
});

describe('the CLI on a folder of pasted text', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'logscan-any-text-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('exits 1 (error findings), never 2, and reports the pasted events', () => {
    for (const [path, text] of Object.entries(pasteBundle())) {
      mkdirSync(dirname(join(tmp, path)), { recursive: true });
      writeFileSync(join(tmp, path), text);
    }
    writeFileSync(join(tmp, 'case-4711', 'screenshot.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    const r = spawnSync(process.execPath, [join(root, 'bin', 'logscan.js'), join(tmp, 'case-4711'), '--format', 'json'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.stderr).not.toMatch(/nothing to analyse/);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect([...ids(report)].sort()).toEqual([
      'agent-crash.windows-restart-loop',
      'bundle.log-gap',
      'extension-failure.windows-plugin',
      'network.dns-failure',
      'network.wireserver-unreachable',
      'resource-pressure.disk-full',
      'vm-shutdown.initiated-shutdown',
      'vm-shutdown.near-backup',
      'vm-shutdown.unexpected-shutdown',
      'vss.vss-error',
    ]);
    expect(report.verdict.rootCauses[0]).toBe('resource-pressure.disk-full');
    expect(report.skipped).toEqual([{ path: 'screenshot.png', reason: 'binary content' }]);
  });

  it('a single pasted file exits 0 or 1, not 2', () => {
    const file = join(tmp, 'events.txt');
    writeFileSync(file, fixture('event-exports/viewer-details.de-DE.txt'));
    const r = spawnSync(process.execPath, [join(root, 'bin', 'logscan.js'), file, '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect([0, 1]).toContain(r.status);
    expect((JSON.parse(r.stdout) as Report).sources[0]!.parser).toBe('event-text-viewer');
  });
});
