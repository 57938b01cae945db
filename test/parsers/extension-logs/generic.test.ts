import { describe, expect, it } from 'vitest';
import { genericExtensionLogParser } from '../../../src/parsers/extension-logs/index.js';
import { extensionOfPath } from '../../../src/knowledge/extension-paths.js';
import { parseText } from '../../../src/parsers/run.js';
import { ASSUME_UTC } from '../../../src/time/zone.js';
import { byLine, fixedZone, fixture, parse, utc } from './helpers.js';

const one = (line: string, tz = fixedZone(0)) => {
  const r = parse(genericExtensionLogParser, `${line}\n`, 'var/log/azure/some-ext/x.log', tz);
  expect(r.events).toHaveLength(1);
  return r.events[0]!;
};

describe('generic extension log: timestamp shapes', () => {
  it.each([
    ['2024-01-14T22:16:48.796Z message', utc(2024, 1, 14, 22, 16, 48, 796), 'utc', 'iso'],
    ['2024-01-14T22:16:48Z message', utc(2024, 1, 14, 22, 16, 48), 'utc', 'iso'],
    ['2024-01-14T23:16:48.5+0100 message', utc(2024, 1, 14, 22, 16, 48, 500), 'utc', 'iso'],
    ['2024-01-14T17:16:48-05:00 message', utc(2024, 1, 14, 22, 16, 48), 'utc', 'iso'],
    ['2024-01-14T22:16:48.796 message', utc(2024, 1, 14, 22, 16, 48, 796), 'tz', 'iso'],
    ['2024-01-14 22:16:48,796 message', utc(2024, 1, 14, 22, 16, 48, 796), 'tz', 'iso-space'],
    ['2024-01-14 22:16:48 UTC message', utc(2024, 1, 14, 22, 16, 48), 'utc', 'iso-space'],
    ['2024/01/14 22:16:48 message', utc(2024, 1, 14, 22, 16, 48), 'tz', 'slash'],
    ['[2024-01-14 22:16:48:123456] message', utc(2024, 1, 14, 22, 16, 48, 123), 'tz', 'iso-space'],
    ['time="2024-01-14T22:16:48Z" level=info msg="message"', utc(2024, 1, 14, 22, 16, 48), 'utc', 'logfmt'],
    ['ts=2024-01-14T22:16:48.1Z caller=main.go:10 msg=message', utc(2024, 1, 14, 22, 16, 48, 100), 'utc', 'logfmt'],
  ])('%s', (line, time, timeSource, format) => {
    expect(one(line)).toMatchObject({ time, timeSource, format, source: 'generic-log' });
  });

  it('syslog-like lines take their year from the entry mtime', () => {
    const events: unknown[] = [];
    const lp = genericExtensionLogParser.create({ path: 'var/log/azure/x/y.log', mtime: new Date(Date.UTC(2023, 0, 3)), tz: ASSUME_UTC, emit: (e) => events.push(e), fact: () => {}, problem: () => {} });
    lp.line('Dec 31 23:59:59 vm-01 ext[1]: last of the year', 1);
    lp.line('Jan  2 00:00:01 vm-01 ext[1]: first of the next', 2);
    lp.end();
    expect(events).toMatchObject([
      { time: utc(2022, 12, 31, 23, 59, 59), format: 'syslog', timeText: 'Dec 31 23:59:59' },
      { time: utc(2023, 1, 2, 0, 0, 1), format: 'syslog' },
    ]);
  });

  it('local times follow --tz', () => {
    expect(one('2024/01/14 22:16:48 message', fixedZone(-5))).toMatchObject({ time: utc(2024, 1, 15, 3, 16, 48), timeSource: 'tz' });
    const r = parseText(genericExtensionLogParser, '2024/01/14 22:16:48 message\n', { path: 'var/log/azure/x/y.log' });
    expect(r.events[0]).toMatchObject({ time: utc(2024, 1, 14, 22, 16, 48), timeSource: 'assumed-utc' });
  });
});

describe('generic extension log: levels', () => {
  it.each([
    ['2024-01-14 22:16:48,796 ERROR boom', 'error', 'boom'],
    ['2024-01-14 22:16:48,796 [WARN] careful', 'warning', 'careful'],
    ['2024-01-14 22:16:48,796 Error: bad', 'error', 'bad'],
    ['2024-01-14 22:16:48,796 - mod - INFO - fine, no error here', 'info', 'mod - INFO - fine, no error here'],
    ['2024-01-14 22:16:48,796 DEBUG details', 'verbose', 'details'],
    ['time="2024-01-14T22:16:48Z" level=warning msg="x"', 'warning', 'level=warning msg="x"'],
    ['time=2024-01-14T22:16:48Z event=failed error="exit status 2"', 'error', 'event=failed error="exit status 2"'],
    ['2024-01-14 22:16:48 something failed', 'error', 'something failed'],
    ['2024-01-14 22:16:48 Warning about nothing', 'warning', 'about nothing'],
    ['2024-01-14 22:16:48 all good', 'info', 'all good'],
  ])('%s', (line, level, message) => {
    expect(one(line)).toMatchObject({ level, message });
  });
});

describe('generic extension log: files', () => {
  it('CustomScript handler.log (go-kit logfmt)', () => {
    const r = parse(genericExtensionLogParser, fixture('generic/customscript-handler.log'), 'var/log/azure/custom-script/handler.log');
    expect(r.stats).toEqual({ unparsed: 0, formats: ['logfmt'] });
    expect(r.events.map((e) => e.level)).toEqual(['info', 'info', 'info', 'error', 'error']);
    expect(r.events[0]).toMatchObject({ extension: { name: 'custom-script' }, timeText: '2024-02-20T01:00:00Z' });
  });

  it('RunCommand handler.log (logrus) with a multi-line value', () => {
    const r = parse(genericExtensionLogParser, fixture('generic/runcommand-handler.log'), 'var/log/azure/run-command-handler/handler.log');
    expect(r.events.map((e) => [e.line, e.level])).toEqual([
      [1, 'info'],
      [2, 'warning'],
      [3, 'error'],
      [5, 'info'],
    ]);
    expect(byLine(r.events, 3)).toMatchObject({ endLine: 4, message: 'level=error msg="command failed" exitCode=1 stderr="line 1: foo: command not found\nsecond stderr line"' });
  });

  it('mixed shapes, a preamble, a traceback, impossible dates', () => {
    const r = parse(genericExtensionLogParser, fixture('generic/python-extension.log'), 'var/log/azure/Some.Extension/1.2.3/extension.log', fixedZone(1));
    expect(r.stats.unparsed).toBe(2);
    expect(r.events.map((e) => [e.line, e.format, e.level])).toEqual([
      [1, 'no-timestamp', 'info'],
      [2, 'iso-space', 'info'],
      [3, 'iso-space', 'error'],
      [8, 'iso-space', 'warning'],
      [9, 'iso', 'error'],
      [10, 'slash', 'info'],
      [11, 'syslog', 'info'],
      [14, 'iso-space', 'info'],
    ]);
    expect(byLine(r.events, 3)).toMatchObject({ endLine: 7 });
    expect(byLine(r.events, 11)).toMatchObject({ endLine: 13, timeSource: 'tz' });
    expect(byLine(r.events, 9)).toMatchObject({ time: utc(2024, 2, 20, 2, 0, 3, 400), timeSource: 'utc', message: 'bracketed with offset' });
    expect(r.events[0]).toMatchObject({ time: null, timeSource: 'none', extension: { name: 'Some.Extension', version: '1.2.3' } });
  });

  it('never throws on garbage', () => {
    let seed = 11;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const alphabet = '0123456789-/: .[]=TZ+time"levelJanFebDec\t\u0000';
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) {
      let s = ['', '2024-01-14', 'time=', '[', 'Jan ', '2024/01/14 2'][i % 6]!;
      const n = Math.floor(rnd() * 40);
      for (let k = 0; k < n; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      lines.push(s);
    }
    const r = parse(genericExtensionLogParser, lines.join('\n'), 'var/log/azure/x/y.log');
    expect(r.events.length).toBeGreaterThan(0);
    expect(r.events.every((e) => e.time === null || Number.isFinite(e.time))).toBe(true);
  });
});

describe('extensionOfPath', () => {
  it.each([
    ['var/log/azure/custom-script/handler.log', { name: 'custom-script' }],
    ['bundle/var/log/azure/Microsoft.Azure.Extensions.CustomScript/2.1.9/handler.log', { name: 'Microsoft.Azure.Extensions.CustomScript', version: '2.1.9' }],
    ['var/log/azure/run-command-handler/download/0/stdout.txt', { name: 'run-command-handler' }],
    ['var/log/azure/top.log', undefined],
    ['WindowsAzure/Logs/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.75.0/IaaSBcdrExtension0.log', { name: 'Microsoft.Azure.RecoveryServices.VMSnapshot', version: '1.0.75.0' }],
    ['Packages/Plugins/Microsoft.Compute.BGInfo/2.1/RuntimeSettings/0.settings', { name: 'Microsoft.Compute.BGInfo', version: '2.1' }],
    ['var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/status/77.status', { name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', version: '1.0.9225.0' }],
    ['var/lib/waagent/WALinuxAgent-2.10.0.8/error.json', undefined],
    ['var/lib/waagent/history/x.zip', undefined],
  ])('%s', (path, want) => {
    expect(extensionOfPath(path)).toEqual(want);
  });
});
