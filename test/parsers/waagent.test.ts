import micromatch from 'micromatch';
import { describe, expect, it } from 'vitest';
import type { Fact, LogEvent } from '../../src/model.js';
import { parseText } from '../../src/parsers/run.js';
import type { TimeZoneContext } from '../../src/parsers/types.js';
import { HeaderReader, splitExtension, waagentLogParser } from '../../src/parsers/waagent/index.js';
import { MAX_EXTENSION_PREFIXES, WaagentLineParser } from '../../src/parsers/waagent/lines.js';
import { SecondClock, UTC_SECONDS, utcFromFields } from '../../src/time/fields.js';
import { ASSUME_UTC } from '../../src/time/zone.js';

const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);

/** Parses one line alone and returns its single event. */
function one(line: string, tz?: TimeZoneContext): LogEvent {
  const { events } = parseText(waagentLogParser, `${line}\n`, tz ? { tz } : {});
  expect(events).toHaveLength(1);
  return events[0]!;
}

type Row = [line: string, expect: Partial<LogEvent>];

describe('waagent.log eras: lines that must parse as headers', () => {
  const eras: Record<string, Row[]> = {
    '2.0': [
      ['2015/11/30 23:59:59 Azure Linux Agent Version: WALinuxAgent-2.0.14', { time: utc(2015, 11, 30, 23, 59, 59), level: 'info', message: 'Azure Linux Agent Version: WALinuxAgent-2.0.14', timeSource: 'assumed-utc' }],
      ['2015/11/30 23:59:59 ERROR:Failed to mount resource disk', { level: 'error', message: 'Failed to mount resource disk', timeText: '2015/11/30 23:59:59' }],
      ['2015/11/30 23:59:59 WARNING:Retrying in 10 seconds', { level: 'warning', message: 'Retrying in 10 seconds' }],
      ['2015/11/30 23:59:59 [Microsoft.OSTCExtensions.LinuxDiagnostic-2.0.92] Enable succeeded', { prefix: '[Microsoft.OSTCExtensions.LinuxDiagnostic-2.0.92]', extension: { name: 'Microsoft.OSTCExtensions.LinuxDiagnostic', version: '2.0.92' }, message: 'Enable succeeded' }],
      ['2015/11/30 23:59:59 ERROR:[Microsoft.OSTCExtensions.VMAccessForLinux-1.4.0.0] Failed to reset ssh', { level: 'error', extension: { name: 'Microsoft.OSTCExtensions.VMAccessForLinux', version: '1.4.0.0' }, message: 'Failed to reset ssh' }],
    ],
    '2.1-2.2.26': [
      ['2016/08/11 09:36:30.994078 INFO Azure Linux Agent Version:2.1.4', { time: utc(2016, 8, 11, 9, 36, 30, 994), level: 'info', message: 'Azure Linux Agent Version:2.1.4', timeText: '2016/08/11 09:36:30.994078' }],
      ['2017/01/02 03:04:05.678901 ERROR Event: name=WALA, op=Provision, message=(000004)Provision failed', { level: 'error', fields: { name: 'WALA', op: 'Provision', message: '(000004)Provision failed' } }],
      ['2017/01/02 03:04:05.000000 VERBOSE Command: [mount]', { level: 'verbose', message: 'Command: [mount]' }],
      ['2017/01/02 03:04:05.000000 WARNING Daemon is already running: 1234', { level: 'warning', message: 'Daemon is already running: 1234' }],
      ['2017/01/02 03:04:05.000000 INFO [Microsoft.Azure.Extensions.DockerExtension-1.2.2] Target handler state: enabled', { prefix: '[Microsoft.Azure.Extensions.DockerExtension-1.2.2]', extension: { name: 'Microsoft.Azure.Extensions.DockerExtension', version: '1.2.2' } }],
      ['2017/01/02 03:04:05.000000 INFO [HEARTBEAT] is not a prefix', { message: '[HEARTBEAT] is not a prefix' }],
    ],
    '2.2.27-2.2.45': [
      ['2018/12/13 18:51:40.004441 WARNING ExtHandler Exception processing extension handlers: boom', { time: utc(2018, 12, 13, 18, 51, 40, 4), level: 'warning', prefix: 'ExtHandler', message: 'Exception processing extension handlers: boom' }],
      ['2018/09/21 00:01:14.650582 VERBOSE Daemon Command: [ps -p 4242]', { level: 'verbose', prefix: 'Daemon', message: 'Command: [ps -p 4242]' }],
      ['2018/09/21 00:01:14.654575 INFO Daemon Daemon is already running: 4242', { prefix: 'Daemon', message: 'Daemon is already running: 4242' }],
    ],
    '2.2.46': [
      ['2022-02-03T04:05:06.789012Z INFO ExtHandler Route to 168.63.129.16 exists', { time: utc(2022, 2, 3, 4, 5, 6, 789), timeSource: 'utc', level: 'info', prefix: 'ExtHandler', message: 'Route to 168.63.129.16 exists' }],
      ['2022-02-03T04:05:06.000000Z ERROR Daemon Provisioning failed: [ProtocolError] nope', { level: 'error', prefix: 'Daemon', message: 'Provisioning failed: [ProtocolError] nope' }],
      ['2022-02-03T04:05:06.000000Z INFO [Microsoft.Azure.Diagnostics.LinuxDiagnostic-3.0.141] Enable extension', { prefix: '[Microsoft.Azure.Diagnostics.LinuxDiagnostic-3.0.141]', extension: { name: 'Microsoft.Azure.Diagnostics.LinuxDiagnostic', version: '3.0.141' } }],
    ],
    '2.2.47+': [
      ['2023-06-08T14:05:56.893113Z INFO TelemetryEventsCollector ExtHandler Extension Telemetry pipeline enabled: True', { time: utc(2023, 6, 8, 14, 5, 56, 893), timeSource: 'utc', thread: 'TelemetryEventsCollector', prefix: 'ExtHandler', message: 'Extension Telemetry pipeline enabled: True' }],
      ['2023-06-08T14:05:56.000000Z ERROR Daemon Daemon Provisioning failed: [ProtocolError] x', { level: 'error', thread: 'Daemon', prefix: 'Daemon', message: 'Provisioning failed: [ProtocolError] x' }],
      ['2023-06-08T14:05:56.000000Z INFO ExtHandler [Microsoft.CPlat.Core.RunCommandHandlerLinux-1.3.9] Enable completed', { thread: 'ExtHandler', prefix: '[Microsoft.CPlat.Core.RunCommandHandlerLinux-1.3.9]', extension: { name: 'Microsoft.CPlat.Core.RunCommandHandlerLinux', version: '1.3.9' }, message: 'Enable completed' }],
      ['2023-06-08T14:05:56.000000Z INFO MainThread LogCollector Starting log collection...', { thread: 'MainThread', prefix: 'LogCollector' }],
      ['2023-06-08T14:05:56.000000Z INFO EnvHandler Set block dev timeout: sdb with timeout: 300', { thread: 'EnvHandler', message: 'Set block dev timeout: sdb with timeout: 300' }],
      ['2023-06-08T14:05:56Z INFO ExtHandler ExtHandler no fraction', { time: utc(2023, 6, 8, 14, 5, 56), message: 'no fraction' }],
    ],
  };
  for (const [era, rows] of Object.entries(eras)) {
    it.each(rows)(`${era}: %s`, (line, want) => {
      const event = one(line);
      expect(event).toMatchObject({ ...want, format: era, source: 'waagent-log', line: 1, raw: line });
    });
  }
});

describe('waagent.log: lines that must NOT parse as headers', () => {
  const header = '2019/08/01 10:00:00.100000 INFO ExtHandler Something happened';
  it.each([
    ['  File "/usr/lib/python3/dist-packages/azurelinuxagent/ga/update.py", line 288, in run'],
    ['Traceback (most recent call last):'],
    ['Inner error: [HttpError] timed out'],
    ['[stdout]'],
    ['> just a quoted sentence from the reporter'],
    ['2019/08/01 10:00:00.100000 DEBUG ExtHandler not a level'],
    ['2019-08-01T10:00:00.100000 INFO ExtHandler no Z'],
    ['2019-08-01 10:00:00 INFO no T'],
    ['Time:2017-08-03T05:43:51.4391387Z</Message></Error>]'],
  ])('%s', (line) => {
    expect(new HeaderReader(ASSUME_UTC).read(line.replace(/^> /, ''))).toBe(false);
    const { events } = parseText(waagentLogParser, `${header}\n${line}\n`);
    expect(events).toHaveLength(1);
    expect(events[0]!.endLine).toBe(2);
    expect(events[0]!.message).toContain(line.replace(/^> /, '').trim().slice(0, 12));
  });

  it('counts dated lines that are not headers as unparsed, but not supervisord noise', () => {
    const text = `${header}\n2019/08/01 10:00:00.100000 DEBUG nope\n2017-06-17 22:20:18,229 DEBG 'walinuxagent' stdout output:\n`;
    const { events, stats } = parseText(waagentLogParser, text);
    expect(stats.unparsed).toBe(1);
    expect(events).toHaveLength(1);
    expect(events[0]!.message).not.toContain('DEBG');
  });
});

describe('waagent.log samples (lnav-style)', () => {
  it.each(waagentLogParser.samples.map((s) => [s.line, s.expect] as const))('%s', (line, want) => {
    expect(one(line)).toMatchObject(want);
  });
  it('has a sample for every era', () => {
    const formats = new Set(waagentLogParser.samples.map((s) => one(s.line).format));
    expect([...formats].sort()).toEqual(['2.0', '2.1-2.2.26', '2.2.27-2.2.45', '2.2.46', '2.2.47+']);
  });
});

describe('--tz', () => {
  const plus2: TimeZoneContext = { explicit: true, toUtc: (y, mo, d, h, mi, s, ms) => Date.UTC(y, mo - 1, d, h, mi, s, ms) - 2 * 3_600_000 };
  it('moves local (legacy and 2.0) times and marks them tz', () => {
    const legacy = one('2019/08/01 10:00:00.250000 INFO ExtHandler x', plus2);
    expect(legacy.time).toBe(utc(2019, 8, 1, 8, 0, 0, 250));
    expect(legacy.timeSource).toBe('tz');
    expect(legacy.timeText).toBe('2019/08/01 10:00:00.250000');
    const v20 = one('2015/01/01 00:30:00 ERROR:x', plus2);
    expect(v20.time).toBe(utc(2014, 12, 31, 22, 30, 0));
    expect(v20.timeSource).toBe('tz');
  });
  it('leaves UTC (Z) times alone', () => {
    const iso = one('2024-05-01T10:00:00.000000Z INFO ExtHandler ExtHandler x', plus2);
    expect(iso.time).toBe(utc(2024, 5, 1, 10, 0, 0));
    expect(iso.timeSource).toBe('utc');
  });
  it('takes local times as UTC without --tz', () => {
    const legacy = one('2019/08/01 10:00:00.250000 INFO ExtHandler x');
    expect(legacy.time).toBe(utc(2019, 8, 1, 10, 0, 0, 250));
    expect(legacy.timeSource).toBe('assumed-utc');
  });
});

describe('sniff', () => {
  const sniff = waagentLogParser.sniff!;
  it.each([
    [['', '2024-05-01T10:00:00.000000Z INFO ExtHandler ExtHandler x']],
    [['2017/01/02 03:04:05.678901 ERROR something']],
    [['2016/02/11 08:13:41 Windows Azure Linux Agent Version: WALinuxAgent-2.0.16']],
    [['> 2020-10-28T23:20:32.999347Z INFO Daemon Daemon Running default provisioning handler']],
    [['Apr 13 14:55:05 vm waagent[7155]: 2019/04/13 14:55:05.325941 INFO ExtHandler x']],
    [['random banner', '2018/09/21 00:01:14.649882 INFO Daemon Azure Linux Agent Version:2.2.31']],
  ])('accepts %j', (lines) => expect(sniff(lines)).toBe(true));
  it.each([
    [['2016/02/11 08:13:41 some other tool line without level']],
    [['2024-05-01T10:00:00Z INFO collector results.txt line without fraction']],
    [['Jun 10 14:00:02 vm1 systemd[1]: Started Azure Linux Agent.']],
    [['{"json": true}', '']],
    [[]],
  ])('rejects %j', (lines) => expect(sniff(lines)).toBe(false));
});

describe('globs', () => {
  const options = { basename: false, dot: true, nocase: true };
  const asOne = micromatch.matcher(`{${waagentLogParser.globs.join(',')}}`, options);
  // Both ways a router may use the list: as an array, or joined into one brace pattern.
  const match = (path: string): boolean => {
    const a = micromatch.isMatch(path, waagentLogParser.globs, options);
    expect(asOne(path)).toBe(a);
    return a;
  };
  it.each([
    'waagent.log',
    'var/log/waagent.log',
    'var/log/waagent.log.1',
    'var/log/waagent.log.2.gz',
    'bundle/var/log/waagent.log-2024-05-01-1714521600.gz',
    'truncated_var_log_waagent.log',
    'logs/truncated_var_log_waagent.log',
    'logs/WAAgent.LOG',
  ])('matches %s', (path) => expect(match(path)).toBe(true));
  it.each(['var/log/syslog', 'var/lib/waagent/waagent_status.json', 'var/log/azure/waagent-ext.txt'])('does not match %s', (path) => expect(match(path)).toBe(false));
});

describe('extension prefix split', () => {
  it.each([
    ['[Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9120.0]', { name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', version: '1.0.9120.0' }],
    ['[Microsoft.Azure.Extensions.Edp.GATestExtGo-1.0.0-beta]', { name: 'Microsoft.Azure.Extensions.Edp.GATestExtGo', version: '1.0.0-beta' }],
    ['[Publisher.Some-Name-2.1]', { name: 'Publisher.Some-Name', version: '2.1' }],
  ])('%s', (prefix, want) => expect(splitExtension(prefix)).toEqual(want));
});

describe('time fields (src/time/fields.ts, used by the waagent parser)', () => {
  it.each([
    [1970, 1, 1, 0, 0, 0],
    [2000, 2, 29, 23, 59, 59],
    [2016, 12, 31, 12, 0, 0],
    [2024, 3, 1, 0, 0, 1],
    [2100, 3, 1, 5, 6, 7],
  ])('utcFromFields(%i-%i-%i %i:%i:%i) = Date.UTC', (y, mo, d, h, mi, s) => {
    expect(utcFromFields(y, mo, d, h, mi, s, 123)).toBe(Date.UTC(y, mo - 1, d, h, mi, s, 123));
  });
  it('SecondClock reads both separators, caches per second and rejects bad fields', () => {
    const clock = new SecondClock(UTC_SECONDS);
    expect(clock.at('2024-05-01T10:00:00.1Z')).toBe(Date.UTC(2024, 4, 1, 10, 0, 0));
    expect(clock.at('2024/05/01 10:00:00.999999')).toBe(Date.UTC(2024, 4, 1, 10, 0, 0));
    expect(clock.at('2024-05-01T10:00:01')).toBe(Date.UTC(2024, 4, 1, 10, 0, 1));
    expect(clock.at('2024-13-01T10:00:00')).toBeNaN();
    expect(clock.at('2024-05-01T1x:00:00')).toBeNaN();
    expect(clock.at('2024-05-01')).toBeNaN();
  });
});

describe('waagent 2.0 lines whose level is glued to the message, in a file not named waagent.log', () => {
  const lines = [
    '2017/04/05 15:19:20 DoDhcpWork: Setting socket.timeout=10, entering recv',
    '2017/04/05 15:19:30 ERROR:timed out',
    '2017/04/05 15:19:30 WARNING:Unable to add broadcast route',
  ];

  it('are recognised by their lines', () => {
    expect(waagentLogParser.sniff!(lines)).toBe(true);
  });

  it('but a plain `YYYY/MM/DD HH:MM:SS ERROR: msg` log (a space after the colon) is not', () => {
    expect(waagentLogParser.sniff!(['2024/01/02 10:00:00 starting', '2024/01/02 10:00:01 ERROR: cannot open config'])).toBe(false);
    expect(waagentLogParser.sniff!(['2017/04/05 15:19:30 ERROR:timed out'])).toBe(false);
  });

  it('are read with their levels', () => {
    const { events } = parseText(waagentLogParser, lines.join('\n') + '\n', { path: 'paste/agent-2017.txt' });
    expect(events.map((e) => [e.level, e.message])).toEqual([
      ['info', 'DoDhcpWork: Setting socket.timeout=10, entering recv'],
      ['error', 'timed out'],
      ['warning', 'Unable to add broadcast route'],
    ]);
  });
});

describe('waagent.log: extension prefixes in bounded memory', () => {
  it('100,000 distinct extension prefixes remember at most the bound; the newest still name their extension once', () => {
    const facts: Fact[] = [];
    const events: LogEvent[] = [];
    const parser = new WaagentLineParser({ path: 'var/log/waagent.log', tz: ASSUME_UTC, emit: (e) => events.push(e), fact: (f) => facts.push(f), problem: () => {} });
    const line = (i: number, version: string) => `2024-03-01T10:00:00.${String(i).padStart(6, '0')}Z INFO ExtHandler [Contoso.Ext-1.0.${version}] Target handler state: enabled`;
    for (let i = 0; i < 100_000; i++) parser.line(line(i, String(i)), i + 1);
    expect(parser.knownPrefixes).toBeLessThanOrEqual(MAX_EXTENSION_PREFIXES);
    // A recent prefix again: its event names it, and no second fact.
    parser.line(line(100_000, '99998'), 100_001);
    parser.end();
    expect(events.at(-1)!.extension).toEqual({ name: 'Contoso.Ext', version: '1.0.99998' });
    const named = facts.filter((f) => f.kind === 'extension');
    expect(named).toHaveLength(100_000);
    expect(named.at(-1)).toMatchObject({ value: 'Contoso.Ext', role: '1.0.99999' });
  });
});
