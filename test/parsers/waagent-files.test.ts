import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/parsers/run.js';
import type { TimeZoneContext } from '../../src/parsers/types.js';
import { waagentLogParser } from '../../src/parsers/waagent/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/waagent/${name}`, import.meta.url), 'utf8');
const parse = (name: string, tz?: TimeZoneContext) => parseText(waagentLogParser, fixture(name), { path: `var/log/${name}`, ...(tz ? { tz } : {}) });
const plus2: TimeZoneContext = { explicit: true, toUtc: (y, mo, d, h, mi, s, ms) => Date.UTC(y, mo - 1, d, h, mi, s, ms) - 2 * 3_600_000 };
const facts = (name: string) => parse(name).facts.map((f) => [f.kind, f.role, f.value, f.line]);

describe('several eras in one file', () => {
  it('reads the old daemon, the prefixed ExtHandler and the UTC lines after the update', () => {
    const { events, stats } = parse('mixed-local-to-utc.log');
    expect(events.map((e) => e.format)).toEqual([
      '2.1-2.2.26',
      '2.1-2.2.26',
      '2.1-2.2.26',
      '2.2.27-2.2.45',
      '2.2.27-2.2.45',
      '2.2.27-2.2.45',
      '2.1-2.2.26',
      '2.2.47+',
      '2.2.47+',
      '2.1-2.2.26',
      '2.2.47+',
    ]);
    expect(stats).toEqual({ unparsed: 0, formats: ['2.1-2.2.26', '2.2.27-2.2.45', '2.2.47+'] });
    expect(events[8]).toMatchObject({ thread: 'ExtHandler', prefix: '[Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9164.0]', timeSource: 'utc' });
  });

  it('with --tz the local lines line up with the UTC ones', () => {
    const { events } = parse('mixed-local-to-utc.log', plus2);
    const times = events.map((e) => e.time!);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(events[6]).toMatchObject({ time: Date.UTC(2020, 5, 10, 12, 5, 9), timeSource: 'tz' });
    expect(events[7]).toMatchObject({ time: Date.UTC(2020, 5, 10, 12, 5, 10), timeSource: 'utc' });
  });

  it('without --tz the local lines jump ahead (assumed UTC)', () => {
    const { events } = parse('mixed-local-to-utc.log');
    expect(events[6]!.time! - events[7]!.time!).toBe(2 * 3_600_000 - 1000);
    expect(events[6]!.timeSource).toBe('assumed-utc');
  });
});

describe('2.2.46 vs 2.2.47+ single-token lines', () => {
  it('reads a file of single tokens as 2.2.46 (token = prefix)', () => {
    const { events, stats } = parse('era-2.2.46.log');
    expect(stats.formats).toEqual(['2.2.46']);
    expect(events.every((e) => e.thread === undefined)).toBe(true);
    expect(events.map((e) => e.prefix)).toEqual(['Daemon', 'Daemon', 'ExtHandler', '[Microsoft.Azure.Security.Monitoring.AzureSecurityLinuxAgent-2.14.4]', 'ExtHandler']);
  });

  it('reads single tokens as the thread once the file showed thread + prefix', () => {
    const { events, stats } = parse('era-2.2.47plus.log');
    expect(stats).toEqual({ unparsed: 0, formats: ['2.2.47+'] });
    expect(events[5]).toMatchObject({ thread: 'ExtHandler', message: 'Fetched a new incarnation for the WireServer goal state [incarnation 3]' });
    expect(events[5]!.prefix).toBeUndefined();
    expect(events[6]).toMatchObject({ thread: 'ExtHandler', prefix: 'ExtHandler', message: '' });
    expect(events[11]).toMatchObject({ thread: 'Thread-12', prefix: 'LogCollector' });
  });
});

describe('syslog / journal wrapping', () => {
  const { events, stats } = parse('syslog-wrapped.log');

  it('parses the inner waagent line with its own time', () => {
    expect(events[0]).toMatchObject({ format: '2.2.27-2.2.45', prefix: 'Daemon', time: Date.UTC(2020, 5, 10, 14, 0, 0), timeText: '2020/06/10 14:00:00.000001', message: 'Azure Linux Agent Version:2.2.45' });
    expect(events[0]!.raw).toMatch(/^Jun 10 14:00:00 vm1 waagent\[812\]: /);
  });

  it('joins journal lines of the same record (same process and second)', () => {
    expect(events[1]).toMatchObject({ level: 'warning', line: 2, endLine: 5 });
    expect(events[1]!.message.split('\n')).toHaveLength(4);
    expect(events[1]!.message).toContain('\nOSError: [Errno 28] No space left on device');
  });

  it('uses the syslog time (year of the previous event) for lines without a waagent time', () => {
    expect(events[2]).toMatchObject({ format: 'syslog', timeText: 'Jun 10 14:00:02', time: Date.UTC(2020, 5, 10, 14, 0, 2), timeSource: 'assumed-utc', level: 'info' });
    expect(events[2]!.message).toBe('walinuxagent.service: Main process exited, code=exited, status=1/FAILURE');
    expect(events[4]).toMatchObject({ format: 'syslog', level: 'error', message: 'something printed without the logger' });
    expect(events).toHaveLength(5);
    expect(stats).toEqual({ unparsed: 0, formats: ['syslog', '2.2.27-2.2.45'] });
  });

  it('takes the current UTC year when nothing came before, and converts with --tz', () => {
    const { events } = parseText(waagentLogParser, 'Feb  3 04:05:06 host systemd[1]: Started Azure Linux Agent.\n', { tz: plus2 });
    expect(events[0]).toMatchObject({ time: Date.UTC(new Date().getUTCFullYear(), 1, 3, 2, 5, 6), timeSource: 'tz', timeText: 'Feb  3 04:05:06' });
  });
});

describe('RFC 3339 syslog wrapper (rsyslog high precision, journalctl -o short-iso)', () => {
  it('parses the inner line, or uses the wrapper time with its offset', () => {
    const text = [
      '2024-05-01T12:00:00.250000+02:00 vm1 python3[901]: 2024-05-01T10:00:00.123456Z INFO ExtHandler ExtHandler Wire server endpoint:168.63.129.16',
      '2024-05-01T12:00:00.250100+02:00 vm1 python3[901]:   continued line of the same record',
      '2024-05-01T12:00:01.000000+02:00 vm1 systemd[1]: walinuxagent.service: Consumed 3.2s CPU time.',
    ].join('\n');
    const { events, stats } = parseText(waagentLogParser, text);
    expect(events[0]).toMatchObject({ format: '2.2.47+', time: Date.UTC(2024, 4, 1, 10, 0, 0, 123), endLine: 2 });
    expect(events[0]!.message).toBe('Wire server endpoint:168.63.129.16\n  continued line of the same record');
    expect(events[1]).toMatchObject({ format: 'syslog', time: Date.UTC(2024, 4, 1, 10, 0, 1), timeSource: 'utc', timeText: '2024-05-01T12:00:01.000000+02:00' });
    expect(stats.unparsed).toBe(0);
  });
});

describe('facts', () => {
  it('2.0 daemon version and distro', () => {
    expect(facts('era-2.0.log')).toEqual([
      ['agent-version', 'daemon', '2.0.16', 1],
      ['os', undefined, 'ubuntu', 2],
      ['extension', '1.4.0.0', 'Microsoft.OSTCExtensions.VMAccessForLinux', 4],
    ]);
  });

  it('2.x daemon banner, goal-state agent, extensions once per file', () => {
    expect(facts('era-2.2.27-2.2.45.log')).toEqual([
      ['agent-version', 'daemon', '2.2.40', 1],
      ['os', undefined, 'ubuntu 18.04', 2],
      ['python', undefined, '3.6.8', 3],
      ['agent-version', 'goal-state', '2.2.44', 5],
      ['extension', '2.1.1', 'Microsoft.Azure.Extensions.CustomScript', 6],
      ['extension', '2.3.9029', 'Microsoft.OSTCExtensions.LinuxDiagnostic', 7],
    ]);
  });

  it('current agent: L13, Distro banner, heartbeat with AutoUpdate: 0 (repeated heartbeats reported once)', () => {
    expect(facts('era-2.2.47plus.log')).toEqual([
      ['agent-version', 'daemon', '2.9.1.1', 1],
      ['os', undefined, 'ubuntu 22.04', 2],
      ['python', undefined, '3.10.12', 3],
      ['agent-version', 'goal-state', '2.10.0.8', 4],
      ['os', undefined, 'ubuntu-22.04', 5],
      ['extension', '1.29.4', 'Microsoft.Azure.Monitor.AzureMonitorLinuxAgent', 8],
      ['auto-update', undefined, 'disabled', 13],
    ]);
  });

  it('a goal-state version change is reported again; facts carry path, time and text', () => {
    const all = parse('mixed-local-to-utc.log').facts;
    expect(all.filter((f) => f.kind === 'agent-version').map((f) => [f.role, f.value])).toEqual([
      ['daemon', '2.2.20'],
      ['goal-state', '2.2.45'],
      ['goal-state', '2.2.53'],
    ]);
    const gs = all.find((f) => f.value === '2.2.53')!;
    expect(gs).toMatchObject({ path: 'var/log/mixed-local-to-utc.log', line: 8, time: Date.UTC(2020, 5, 10, 12, 5, 10) });
    expect(gs.text).toContain('is running as the goal state agent');
    expect(all.find((f) => f.kind === 'auto-update')).toBeUndefined();
  });

  it.each([
    ['2016/07/13 17:08:29.429758 INFO WALinuxAgent-2.2.6 running as process 52863', ['agent-version', 'goal-state', '2.2.6']],
    ['2016/07/13 17:08:29.429758 INFO Azure Linux Agent Version:2.1.5.rc6', ['agent-version', 'daemon', '2.1.5.rc6']],
    ['2016/02/11 08:13:41 Windows Azure Linux Agent Version: WALinuxAgent-2.0.13', ['agent-version', 'daemon', '2.0.13']],
    ['2024-01-01T00:00:00.000000Z INFO ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-2.12.0.2 is running as the goal state agent [DEBUG HeartbeatCounter: 7;HeartbeatId: a;UpdateGSErrors: 0;AutoUpdate: 1;UpdateMode: RSM;]', ['agent-version', 'goal-state', '2.12.0.2']],
    ['2019/01/01 00:00:00.000000 INFO ExtHandler Distro info: ubuntu 16.04, osutil class being used: UbuntuOSUtil, agent service name: walinuxagent', ['os', undefined, 'ubuntu 16.04']],
  ])('%s', (line, want) => {
    const got = parseText(waagentLogParser, line).facts;
    expect(got[0] && [got[0].kind, got[0].role, got[0].value]).toEqual(want);
  });

  it('AutoUpdate: 1 means enabled', () => {
    const line = '2024-01-01T00:00:00.000000Z INFO ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-2.12.0.2 is running as the goal state agent [DEBUG HeartbeatCounter: 7;HeartbeatId: a;UpdateGSErrors: 0;AutoUpdate: 1;UpdateMode: RSM;]';
    expect(parseText(waagentLogParser, line).facts.find((f) => f.kind === 'auto-update')?.value).toBe('enabled');
  });
});
