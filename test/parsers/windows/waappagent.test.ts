// WaAppAgent.log, both eras: headers, levels, continuation lines, the agent and plugin anchors, network fields.
import { describe, expect, it } from 'vitest';
import { waAppAgentParser } from '../../../src/parsers/windows/index.js';
import { AgentAnchors, MAX_PLUGIN_KEYS } from '../../../src/parsers/windows/plugins.js';
import type { ParseContext } from '../../../src/parsers/types.js';
import type { Fact, LogEvent } from '../../../src/model.js';
import { ASSUME_UTC, timeZone } from '../../../src/time/zone.js';
import { byLine, fixture, runLines, utc } from './helpers.js';

const PATH = 'WindowsAzure/Logs/WaAppAgent.log';
const VMSNAPSHOT = 'Microsoft.Azure.RecoveryServices.VMSnapshot';

describe('WaAppAgent.log: agent restart loop, plugin download and enable failures (current era)', () => {
  const r = runLines(waAppAgentParser, PATH, fixture('WaAppAgent-restart-loop.log'));

  it('reads every header line, UTC, with no unparsed line', () => {
    expect(r.stats).toEqual({ unparsed: 0, formats: ['iso-utc'] });
    expect(r.events).toHaveLength(27);
    expect(r.problems).toEqual([]);
    for (const e of r.events) expect(e.timeSource).toBe('utc');
    expect(byLine(r.events, 1)).toMatchObject({ time: utc(2024, 5, 2, 2, 58, 40, 7), timeText: '2024-05-02T02:58:40.007Z', thread: '00000001', level: 'info' });
  });

  it('joins stack traces to their entry', () => {
    const warn = byLine(r.events, 3);
    expect(warn.level).toBe('warning');
    expect(warn.endLine).toBe(7);
    expect(warn.message.split('\n')).toHaveLength(5);
    expect(warn.message).toContain('--- End of inner exception stack trace ---');
    expect(warn.raw).toMatch(/^\[00000007\] 2024-05-02T02:58:41.520Z \[WARN\]  GetVersions\(\)/);
    expect(byLine(r.events, 8)).toMatchObject({ level: 'error', endLine: 10 });
  });

  it('reports each agent start (the restart loop) and one version fact per version', () => {
    const starts = r.events.filter((e) => e.fields?.['agentVersion'] === '2.7.41491.1102');
    expect(starts.map((e) => e.line)).toEqual([1, 11, 15]);
    const versions = r.facts.filter((f) => f.kind === 'agent-version');
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ value: '2.7.41491.1102', role: 'windows-agent', line: 1, time: utc(2024, 5, 2, 2, 58, 40, 7), path: PATH });
    expect(r.facts.filter((f) => f.kind === 'os')).toEqual([expect.objectContaining({ value: 'Windows', line: 1 })]);
  });

  it('marks network failures with the host and the HTTP status, never a URL path', () => {
    expect(byLine(r.events, 3).fields).toEqual({ host: '168.63.129.16' });
    expect(byLine(r.events, 20).fields).toEqual({ host: 'umsaexample01.blob.core.windows.net', httpStatus: '403' });
    expect(byLine(r.events, 22).fields).toEqual({ host: '168.63.129.16', httpStatus: '503' });
  });

  it('reads plugin locations and auto-upgrade lines', () => {
    expect(byLine(r.events, 17)).toMatchObject({
      extension: { name: VMSNAPSHOT, version: '1.0.74.0' },
      fields: { plugin: VMSNAPSHOT, version: '1.0.74.0', currentVersion: '1.0.74.0', requestedVersion: '1.0.75.0' },
    });
    expect(byLine(r.events, 18).fields).toMatchObject({ plugin: VMSNAPSHOT, requestedVersion: '1.0', highestVersion: '1.0.75.0', version: '1.0.74.0' });
    expect(r.facts).toContainEqual(
      expect.objectContaining({ kind: 'extension', value: VMSNAPSHOT, role: '1.0.74.0', line: 17, attrs: { source: 'waappagent-log', currentVersion: '1.0.74.0', requestedVersion: '1.0.75.0' } }),
    );
  });

  it('reads the download failure and the enable failure of the VMSnapshot plugin', () => {
    expect(byLine(r.events, 23)).toMatchObject({ level: 'error', fields: { plugin: VMSNAPSHOT, operation: 'download', result: 'failed' } });
    expect(byLine(r.events, 25).fields).toMatchObject({ plugin: VMSNAPSHOT, operation: 'enable', result: 'started', version: '1.0.74.0' });
    expect(byLine(r.events, 28).extension).toEqual({ name: VMSNAPSHOT, version: '1.0.74.0' });
    expect(byLine(r.events, 29)).toMatchObject({ level: 'error', fields: { plugin: VMSNAPSHOT, version: '1.0.74.0', operation: 'enable', result: 'failed' } });
    expect(byLine(r.events, 29).fields?.['host']).toBeUndefined();
    const results = r.facts.filter((f) => f.kind === 'extension' && f.attrs?.['result']);
    // One fact per change of result: the second and third "Failed to enable" add none.
    expect(results.map((f) => [f.value, f.role, f.attrs?.['operation'], f.attrs?.['result'], f.line])).toEqual([
      [VMSNAPSHOT, '1.0.74.0', 'download', 'failed', 23],
      [VMSNAPSHOT, '1.0.74.0', 'enable', 'failed', 29],
      ['Microsoft.Compute.BGInfo', '2.1', 'enable', 'success', 34],
    ]);
  });

  it('tags job-object lines with their plugin', () => {
    expect(byLine(r.events, 26).fields).toMatchObject({ plugin: VMSNAPSHOT });
    expect(byLine(r.events, 27).fields).toMatchObject({ plugin: VMSNAPSHOT });
    // An exception type before a colon is not a plugin.
    expect(byLine(r.events, 8).fields).toBeUndefined();
  });
});

describe('WaAppAgent.log: OOBE wait (older era, local time)', () => {
  const text = fixture('WaAppAgent-oobe.log');

  it('reads local times as UTC by default and counts the impossible date as unparsed', () => {
    const r = runLines(waAppAgentParser, PATH, text);
    expect(r.stats).toEqual({ unparsed: 1, formats: ['mm/dd/yyyy-local'] });
    expect(r.events).toHaveLength(6);
    expect(byLine(r.events, 1)).toMatchObject({ time: utc(2020, 3, 9, 22, 40, 58, 610), timeSource: 'assumed-utc', timeText: '03/09/2020 22:40:58.61' });
    const waits = r.events.filter((e) => e.message.startsWith('Waiting for OOBE to Complete'));
    expect(waits).toHaveLength(4);
    for (const w of waits) expect(w.level).toBe('warning');
    // The unreadable line is kept with the entry before it.
    expect(byLine(r.events, 5)).toMatchObject({ endLine: 6 });
    expect(r.facts).toContainEqual(expect.objectContaining({ kind: 'agent-version', value: '2.7.41491.971', role: 'windows-agent' }));
  });

  it('converts local times with --tz', () => {
    const r = runLines(waAppAgentParser, PATH, text, timeZone('+02:00'));
    expect(byLine(r.events, 1)).toMatchObject({ time: utc(2020, 3, 9, 20, 40, 58, 610), timeSource: 'tz' });
  });
});

describe('WaAppAgent.log: robustness', () => {
  it('takes levels in any case and unknown level words as info', () => {
    const r = runLines(
      waAppAgentParser,
      PATH,
      [
        '[00000001] 2024-05-02T03:00:00.000Z [Warning] lower-case level',
        '[00000001] 2024-05-02T03:00:01.000Z [DEBUG] debug line',
        '[00000001] 2024-05-02T03:00:02.000Z [NOTICE] unknown level',
        '[00000001] 2024-05-02T03:00:03Z [ERROR] no fraction',
      ].join('\n'),
    );
    expect(r.events.map((e) => e.level)).toEqual(['warning', 'verbose', 'info', 'error']);
    expect(r.stats.unparsed).toBe(0);
  });

  it('counts impossible header times as unparsed and never throws on garbage', () => {
    const r = runLines(
      waAppAgentParser,
      PATH,
      ['continuation before any header', '[00000001] 2024-13-02T03:00:00.000Z [INFO] month 13', '\u0000\u0001binary\uFFFD', '[00000001] 2024-05-02T25:00:00.000Z [INFO] hour 25', ''].join('\n'),
    );
    expect(r.events).toEqual([]);
    expect(r.stats.unparsed).toBe(2);
  });

  it('caps very long continuations', () => {
    const lines = ['[00000001] 2024-05-02T03:00:00.000Z [ERROR] huge', ...Array.from({ length: 5000 }, (_, i) => `   at Frame${i}()`)];
    const r = runLines(waAppAgentParser, PATH, lines.join('\n'));
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.endLine).toBe(5001);
    // The shared caps (parsers/multiline.ts): 200 continuation lines kept, the rest counted.
    expect(r.events[0]!.message.split('\n')).toHaveLength(201);
    expect(r.events[0]!.fields).toEqual({ omittedLines: '4800' });
  });
});

describe('WaAppAgent.log without thread ids (both eras)', () => {
  it('reads the current era: UTC times, levels, the agent anchors, no thread', () => {
    const r = runLines(waAppAgentParser, 'paste/agent.txt', fixture('WaAppAgent-no-thread.log'));
    expect(r.stats).toEqual({ unparsed: 0, formats: ['iso-utc-no-thread'] });
    expect(r.events.map((e) => [e.line, e.level])).toEqual([
      [1, 'info'],
      [2, 'info'],
      [3, 'warning'],
      [5, 'error'],
      [6, 'info'],
    ]);
    expect(r.events[0]).toMatchObject({ time: utc(2024, 6, 3, 8, 14, 2, 118), timeSource: 'utc', fields: { agentVersion: '2.7.41491.1102' } });
    expect(r.events[0]!.thread).toBeUndefined();
    expect(byLine(r.events, 3)).toMatchObject({ endLine: 4, level: 'warning' });
    expect(byLine(r.events, 5)).toMatchObject({ fields: { plugin: VMSNAPSHOT, result: 'failed' } });
  });

  it('reads the older era: local times through --tz', () => {
    const r = runLines(waAppAgentParser, 'paste/agent.txt', fixture('WaAppAgent-no-thread-old.log'), timeZone('+02:00'));
    expect(r.stats).toEqual({ unparsed: 0, formats: ['mm/dd/yyyy-local-no-thread'] });
    expect(r.events.map((e) => e.level)).toEqual(['info', 'warning', 'error']);
    expect(r.events[0]).toMatchObject({ time: utc(2019, 6, 3, 6, 14, 2, 110), timeSource: 'tz', timeText: '06/03/2019 08:14:02.11' });
  });

  it('is recognised by its lines when the file has another name, but not from lines alone that name no agent', () => {
    const sniff = (text: string) => waAppAgentParser.sniff!(text.split('\n').filter((l) => l !== ''));
    expect(sniff(fixture('WaAppAgent-no-thread.log'))).toBe(true);
    expect(sniff(fixture('WaAppAgent-no-thread-old.log'))).toBe(true);
    expect(sniff('2024-06-03T08:14:02.118Z [INFO]  request served in 3 ms\n2024-06-03T08:14:03.118Z [WARN]  cache cold\n')).toBe(false);
  });
});

describe('WaAppAgent.log levels follow the words that say error', () => {
  const levels = (...lines: string[]) => runLines(waAppAgentParser, PATH, lines.join('\n') + '\n').events.map((e) => e.level);

  it('an INFO line reporting a plugin status of Error, or a failed plugin operation, is an error', () => {
    expect(
      levels(
        `[00000006] 2024-11-04T22:28:04.222Z [INFO]  Plugin ${VMSNAPSHOT} reported status Error: code 1 message VSS writer SqlServerWriter failed`,
        `[00000006] 2024-11-04T22:28:05.000Z [INFO]  Failed to enable plugin ${VMSNAPSHOT}.`,
        `[00000006] 2024-11-04T22:28:06.000Z [INFO]  Enable of plugin ${VMSNAPSHOT} failed with exit code 1`,
      ),
    ).toEqual(['error', 'error', 'error']);
  });

  it('routine INFO lines, warnings and traces keep the level written', () => {
    expect(
      levels(
        `[00000006] 2024-11-04T22:28:04.222Z [INFO]  Plugin ${VMSNAPSHOT} reported status Success: code 0`,
        `[00000006] 2024-11-04T22:28:04.300Z [INFO]  ${VMSNAPSHOT}: Extension CpuQuota is not set`,
        `[00000006] 2024-11-04T22:28:05.000Z [WARN]  Failed to enable plugin ${VMSNAPSHOT}, will retry.`,
        `[00000006] 2024-11-04T22:28:06.000Z [TRACE] Plugin ${VMSNAPSHOT} reported status Error: code 1`,
      ),
    ).toEqual(['info', 'info', 'warning', 'verbose']);
  });
});

describe('WaAppAgent.log: plugin anchors in bounded memory', () => {
  const line = (i: number, message: string) => `[00000009] ${new Date(Date.UTC(2024, 4, 2) + i * 1000).toISOString()} [INFO]  ${message}`;

  it('100,000 distinct plugins remember at most the bound, and the newest still carry their version and result', () => {
    const facts: Fact[] = [];
    const ctx = { path: PATH, tz: ASSUME_UTC, emit: () => {}, fact: (f: Fact) => facts.push(f), problem: () => {} } as ParseContext;
    const anchors = new AgentAnchors(ctx, 'waappagent-log');
    const first = (i: number, message: string): LogEvent =>
      ({ time: i, timeText: '', timeSource: 'utc', level: 'info', source: 'waappagent-log', path: PATH, line: i + 1, message }) as LogEvent;
    for (let i = 0; i < 100_000; i++) anchors.firstLine(first(i, `Plugin enabled (name: Contoso.Ext${i}, version: 1.0.${i})`));
    expect(anchors.remembered).toBeLessThanOrEqual(MAX_PLUGIN_KEYS);
    expect(facts).toHaveLength(100_000);
    // The newest plugin's version is still known to a line that names none, and its repeated result states nothing.
    const later = first(100_000, "Beginning enable of plugin 'Contoso.Ext99999'");
    anchors.firstLine(later);
    expect(later.fields).toMatchObject({ plugin: 'Contoso.Ext99999', version: '1.0.99999' });
    expect(facts).toHaveLength(100_001);
    anchors.firstLine(first(100_001, 'Plugin enabled (name: Contoso.Ext99999, version: 1.0.99999)'));
    expect(facts).toHaveLength(100_001);
  });

  it('a log naming 3,000 plugins (past the bound) parses with their facts, the last plugin’s fact the last one', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => line(i, `Plugin enabled (name: Contoso.Ext${i}, version: 1.0.${i})`));
    const r = runLines(waAppAgentParser, PATH, lines.join('\n') + '\n');
    const extensions = r.facts.filter((f) => f.kind === 'extension');
    expect(extensions.at(-1)).toMatchObject({ value: 'Contoso.Ext2999', role: '1.0.2999', attrs: { result: 'success' } });
  });
});
