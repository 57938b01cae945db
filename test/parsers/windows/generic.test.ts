// The generic Windows log reader: header formats, levels, the agent logs of WindowsAzure/Logs, plugin logs (extension
// from the path) and the VMSnapshot plugin's IaaSBcdrExtension*.log.
import { describe, expect, it } from 'vitest';
import { vmSnapshotWindowsLogParser, windowsAgentLogParser } from '../../../src/parsers/windows/index.js';
import { inferLevel, readHeader } from '../../../src/parsers/windows/stamp.js';
import { ASSUME_UTC, timeZone } from '../../../src/time/zone.js';
import { byLine, fixture, runLines, utc } from './helpers.js';

const VMSNAPSHOT = 'Microsoft.Azure.RecoveryServices.VMSnapshot';
const PLUGIN_DIR = `WindowsAzure/Logs/Plugins/${VMSNAPSHOT}/1.0.74.0`;

describe('readHeader', () => {
  const cases: [string, { time: number; timeSource: string; level?: string; thread?: string; message: string; format: string }][] = [
    ['[00000004] 2024-04-17T07:19:26.812Z [INFO]  msg', { time: utc(2024, 4, 17, 7, 19, 26, 812), timeSource: 'utc', level: 'info', thread: '00000004', message: 'msg', format: 'tid-iso-utc' }],
    ['[00000006] [11/14/2019 05:52:13.44] [WARN]  msg', { time: utc(2019, 11, 14, 5, 52, 13, 440), timeSource: 'assumed-utc', level: 'warning', thread: '00000006', message: 'msg', format: 'tid-bracketed-mdy-local' }],
    ['2024-04-17T07:19:26.8123456Z msg', { time: utc(2024, 4, 17, 7, 19, 26, 812), timeSource: 'utc', message: 'msg', format: 'iso-utc' }],
    ['2024-04-17T09:19:26+02:00 msg', { time: utc(2024, 4, 17, 7, 19, 26), timeSource: 'utc', message: 'msg', format: 'iso-offset' }],
    ['2024-04-17 07:19:26.812 +00:00 [ERR] msg', { time: utc(2024, 4, 17, 7, 19, 26, 812), timeSource: 'utc', level: 'error', message: 'msg', format: 'iso-offset' }],
    ['2024-04-17 07:19:26,812 - WARNING - msg', { time: utc(2024, 4, 17, 7, 19, 26, 812), timeSource: 'assumed-utc', level: 'warning', message: 'msg', format: 'iso-local' }],
    ['2024/04/17 07:19:26 ERROR: msg', { time: utc(2024, 4, 17, 7, 19, 26), timeSource: 'assumed-utc', level: 'error', message: 'msg', format: 'ymd-local' }],
    ['4/17/2024 7:19:26 AM msg', { time: utc(2024, 4, 17, 7, 19, 26), timeSource: 'assumed-utc', message: 'msg', format: 'mdy-local-ampm' }],
    ['4/17/2024 12:05:00 AM msg', { time: utc(2024, 4, 17, 0, 5, 0), timeSource: 'assumed-utc', message: 'msg', format: 'mdy-local-ampm' }],
    ['[4/17/2024 12:05:00 PM] [Error] msg', { time: utc(2024, 4, 17, 12, 5, 0), timeSource: 'assumed-utc', level: 'error', message: 'msg', format: 'bracketed-mdy-local-ampm' }],
    ['17/04/2024 07:19:26 msg', { time: utc(2024, 4, 17, 7, 19, 26), timeSource: 'assumed-utc', message: 'msg', format: 'dmy-local' }],
    ['[INFO] 2024-04-17T07:19:26Z msg', { time: utc(2024, 4, 17, 7, 19, 26), timeSource: 'utc', level: 'info', message: 'msg', format: 'iso-utc' }],
    ['2024-04-17T07:19:26Z Error reading file', { time: utc(2024, 4, 17, 7, 19, 26), timeSource: 'utc', level: 'error', message: 'Error reading file', format: 'iso-utc' }],
  ];
  it.each(cases)('%s', (line, want) => {
    const h = readHeader(line, ASSUME_UTC);
    expect(h).toMatchObject(want);
    if (!('level' in want)) expect(h?.level).toBeUndefined();
  });

  it('tells no header (undefined) from an impossible one (null)', () => {
    expect(readHeader('   at System.Net.HttpWebRequest.GetResponse()', ASSUME_UTC)).toBeUndefined();
    expect(readHeader('[00000004] not a time', ASSUME_UTC)).toBeUndefined();
    expect(readHeader('12345 items copied', ASSUME_UTC)).toBeUndefined();
    expect(readHeader('2024-02-30T07:19:26Z msg', ASSUME_UTC)).toBeNull();
    expect(readHeader('13/13/2024 07:19:26 msg', ASSUME_UTC)).toBeNull();
    expect(readHeader('4/17/2024 13:19:26 PM msg', ASSUME_UTC)).toBeNull();
    expect(readHeader('[11/14/2019 05:52:13.44 msg', ASSUME_UTC)).toBeUndefined();
  });

  it('converts local times with --tz, leaves zoned times alone', () => {
    const berlin = timeZone('Europe/Berlin');
    expect(readHeader('2024-04-17 09:19:26 msg', berlin)).toMatchObject({ time: utc(2024, 4, 17, 7, 19, 26), timeSource: 'tz' });
    expect(readHeader('2024-04-17T09:19:26Z msg', berlin)).toMatchObject({ time: utc(2024, 4, 17, 9, 19, 26), timeSource: 'utc' });
  });

  it('guesses levels from words', () => {
    expect(inferLevel('Package download failed: The operation has timed out')).toBe('error');
    expect(inferLevel('System.Net.WebException: oops')).toBe('info');
    expect(inferLevel('Unhandled exception in service')).toBe('error');
    expect(inferLevel('Installation completed with 0 errors')).toBe('info');
    expect(inferLevel('Retrying download')).toBe('warning');
    expect(inferLevel('Heartbeat sent')).toBe('info');
  });
});

describe('agent logs of WindowsAzure/Logs', () => {
  it('AppAgentRuntime.log: both bracketed eras in one file', () => {
    const r = runLines(windowsAgentLogParser, 'WindowsAzure/Logs/AppAgentRuntime.log', fixture('AppAgentRuntime.log'));
    expect(r.stats).toEqual({ unparsed: 0, formats: ['tid-iso-utc', 'tid-bracketed-mdy-local'] });
    expect(r.events.map((e) => e.level)).toEqual(['info', 'info', 'error', 'info']);
    expect(byLine(r.events, 4)).toMatchObject({ time: utc(2024, 5, 2, 2, 59, 35, 20), timeSource: 'assumed-utc', thread: '00000003' });
    for (const e of r.events) expect(e.extension).toBeUndefined();
  });

  it('TransparentInstaller.log: log4net and .NET AM/PM lines, levels named or guessed, stack traces joined', () => {
    const r = runLines(windowsAgentLogParser, 'WindowsAzure/Logs/TransparentInstaller.log', fixture('TransparentInstaller.log'));
    expect(r.stats).toEqual({ unparsed: 0, formats: ['iso-local', 'mdy-local-ampm'] });
    expect(r.events.map((e) => [e.line, e.level])).toEqual([
      [1, 'info'],
      [2, 'info'],
      [3, 'error'],
      [6, 'warning'],
      [7, 'info'],
    ]);
    expect(byLine(r.events, 3)).toMatchObject({ endLine: 5, timeText: '2024-04-30 10:15:33,870', message: expect.stringContaining('System.Net.WebException') });
    expect(byLine(r.events, 6)).toMatchObject({ time: utc(2024, 4, 30, 10, 16, 10), timeText: '4/30/2024 10:16:10 AM' });
  });

  it('Telemetry.log: 7-digit fractions, failures reach the timeline', () => {
    const r = runLines(windowsAgentLogParser, 'WindowsAzure/Logs/Telemetry.log', fixture('Telemetry.log'));
    expect(r.events).toHaveLength(3);
    expect(byLine(r.events, 1)).toMatchObject({ time: utc(2024, 5, 2, 3, 10, 41, 512), timeSource: 'utc', message: `${VMSNAPSHOT},Enable,Started` });
    expect(byLine(r.events, 2).level).toBe('error');
  });

  it('reads the agent anchors in the agent logs too', () => {
    const r = runLines(
      windowsAgentLogParser,
      'WindowsAzure/Logs/AppAgentRuntime.log',
      '[00000001] 2024-05-02T02:58:40.007Z [INFO]  WindowsAzureGuestAgent starting. Version 2.7.41491.1102\n[00000009] 2024-05-02T03:10:40.900Z [ERROR] Failed to install plugin Microsoft.Compute.BGInfo.\n',
    );
    expect(r.facts).toContainEqual(expect.objectContaining({ kind: 'agent-version', value: '2.7.41491.1102', role: 'windows-agent' }));
    expect(r.facts).toContainEqual(expect.objectContaining({ kind: 'extension', value: 'Microsoft.Compute.BGInfo', attrs: expect.objectContaining({ operation: 'install', result: 'failed' }) }));
    expect(byLine(r.events, 2).fields).toMatchObject({ plugin: 'Microsoft.Compute.BGInfo', operation: 'install', result: 'failed' });
  });
});

describe('plugin logs', () => {
  it('CommandExecution.log: extension from the path, one extension fact', () => {
    const path = `device_0/${PLUGIN_DIR}/CommandExecution.log`;
    const r = runLines(windowsAgentLogParser, path, fixture('CommandExecution.log'));
    expect(r.events).toHaveLength(3);
    for (const e of r.events) {
      expect(e.extension).toEqual({ name: VMSNAPSHOT, version: '1.0.74.0' });
      expect(e.fields).toMatchObject({ plugin: VMSNAPSHOT, version: '1.0.74.0' });
      expect(e.thread).toBe('1748+00000001');
    }
    expect(byLine(r.events, 3).level).toBe('error');
    expect(r.facts).toEqual([expect.objectContaining({ kind: 'extension', value: VMSNAPSHOT, role: '1.0.74.0', line: 1, attrs: { source: 'windows-agent-log', from: 'path' } })]);
  });

  it('a plugin log without a dated line still names its plugin', () => {
    const r = runLines(windowsAgentLogParser, 'WindowsAzure/Logs/Plugins/Microsoft.Compute.BGInfo/2.1/Install.log', 'no dates here\n');
    expect(r.events).toEqual([]);
    expect(r.facts).toEqual([expect.objectContaining({ kind: 'extension', value: 'Microsoft.Compute.BGInfo', role: '2.1', line: 1 })]);
  });

  it('IaaSBcdrExtension*.log: the VMSnapshot enable failure, with the status upload error', () => {
    const path = `${PLUGIN_DIR}/IaaSBcdrExtension3.log`;
    const r = runLines(vmSnapshotWindowsLogParser, path, fixture('IaaSBcdrExtension3.log'));
    expect(r.stats).toEqual({ unparsed: 1, formats: ['tid-bracketed-mdy-local'] });
    expect(r.events.map((e) => [e.line, e.level])).toEqual([
      [1, 'info'],
      [2, 'info'],
      [3, 'info'],
      [4, 'error'],
      [7, 'warning'],
      [8, 'error'],
    ]);
    for (const e of r.events) expect(e).toMatchObject({ source: 'vmsnapshot-windows-log', extension: { name: VMSNAPSHOT, version: '1.0.74.0' } });
    expect(byLine(r.events, 4)).toMatchObject({ endLine: 6, message: expect.stringContaining('SqlServerWriter') });
    expect(byLine(r.events, 7).fields).toMatchObject({ host: 'md-example.blob.core.windows.net', httpStatus: '403' });
    expect(r.facts).toEqual([expect.objectContaining({ kind: 'extension', value: VMSNAPSHOT, role: '1.0.74.0' })]);
  });

  it('IaaSBcdrExtension*.log outside the plugin folder is still the VMSnapshot plugin', () => {
    const r = runLines(vmSnapshotWindowsLogParser, 'IaaSBcdrExtension1.log', '2024-05-02T03:10:44.120Z [ERROR] Snapshot failed\n');
    expect(r.events[0]).toMatchObject({ level: 'error', extension: { name: VMSNAPSHOT } });
  });
});
