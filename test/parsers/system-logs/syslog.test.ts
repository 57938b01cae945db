import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogEvent } from '../../../src/model.js';
import { syslogParser } from '../../../src/parsers/system-logs/index.js';
import { waagentLogParser } from '../../../src/parsers/waagent/index.js';
import { byLine, fixedZone, fixture, kinds, parse, utc } from './helpers.js';

const at = (events: LogEvent[], line: number): LogEvent => {
  const found = events.find((e) => e.line === line);
  expect(found, `event at line ${line}`).toBeDefined();
  return found!;
};

describe('syslog (Ubuntu, RFC 3164) across the new year', () => {
  const mtime = new Date('2024-01-01T04:00:00Z');
  const { events, stats, facts } = parse(syslogParser, fixture('syslog'), { path: 'var/log/syslog.1', mtime });
  const sorted = byLine(events);

  it('reads every line', () => {
    expect(stats).toEqual({ unparsed: 0, formats: ['rfc3164', 'waagent:syslog', 'waagent:2.2.47+'] });
    // 29 lines; the agent's traceback (lines 12-15) is one entry.
    expect(events).toHaveLength(26);
  });

  it('emits in file order (the agent entry is let go once the clock moves on)', () => {
    expect(events.map((e) => e.line)).toEqual(sorted.map((e) => e.line));
  });

  it('takes the year from the mtime and steps it at the Dec -> Jan rollover', () => {
    expect(at(events, 1)).toMatchObject({ time: utc(2023, 12, 31, 23, 58, 1), timeText: 'Dec 31 23:58:01', timeSource: 'assumed-utc+year-mtime', format: 'rfc3164' });
    expect(at(events, 3)).toMatchObject({ time: utc(2024, 1, 1, 0, 0, 1), timeText: 'Jan  1 00:00:01' });
    const times = sorted.map((e) => e.time!);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('sets host, proc, pid and drops the kernel uptime prefix into fields.uptime', () => {
    expect(at(events, 1)).toMatchObject({ source: 'syslog', path: 'var/log/syslog.1', message: '(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)', fields: { host: 'vm1', proc: 'CRON', pid: '20211' } });
    expect(at(events, 3).fields).toEqual({ host: 'vm1', proc: 'rsyslogd' });
    expect(at(events, 18)).toMatchObject({ message: '      Not tainted 5.15.0-1052-azure #60-Ubuntu', fields: { proc: 'kernel', uptime: '89992.551301' } });
    expect(at(events, 22).fields).toMatchObject({ proc: 'Hyper-V VSS' });
    expect(at(events, 24)).toMatchObject({ message: '-- MARK --', fields: { host: 'vm1' } });
    expect(at(events, 24).fields!.proc).toBeUndefined();
    expect(at(events, 1).raw).toBe(fixture('syslog').split('\n')[0]);
  });

  it('hands the agent lines to the waagent parser', () => {
    const agent = sorted.filter((e) => e.source === 'waagent-log');
    expect(agent.map((e) => [e.line, e.endLine, e.level, e.format])).toEqual([
      [2, undefined, 'info', '2.2.47+'],
      [7, undefined, 'info', '2.2.47+'],
      [12, 15, 'warning', '2.2.47+'],
    ]);
    expect(agent[0]).toMatchObject({ time: utc(2023, 12, 31, 23, 59, 17, 512), timeSource: 'utc', thread: 'ExtHandler', prefix: 'ExtHandler', path: 'var/log/syslog.1' });
    expect(agent[1]).toMatchObject({ thread: 'CollectLogsHandler', message: 'Log Collector exited with code -9' });
    expect(agent[2]!.message).toContain('\nTraceback (most recent call last):');
    expect(agent[2]!.message.endsWith('OSError: [Errno 28] No space left on device')).toBe(true);
    expect(agent[2]!.raw).toBe(fixture('syslog').split('\n')[11]);
    expect(facts.map((f) => [f.kind, f.value])).toContainEqual(['agent-version', '2.10.0.8']);
  });

  it('marks the kernel and system messages', () => {
    expect(kinds(sorted)).toEqual(['oom-kill', 'oom-kill', 'oom-kill', 'dhcp', 'dhcp', 'disk-full', 'hung-task', 'fs-error', 'fs-error', 'fsfreeze', 'fsfreeze', 'shutdown', 'shutdown', 'shutdown']);
    expect(at(events, 4)).toMatchObject({ level: 'error', fields: { kind: 'oom-kill', stage: 'invoked', invoker: 'python3', uptime: '86400.123456' } });
    expect(at(events, 5)).toMatchObject({
      level: 'error',
      fields: { kind: 'oom-kill', stage: 'constraint', victim: 'python3', victimPid: '30412', constraint: 'CONSTRAINT_MEMCG', cgroup: '/azure.slice/azure-walinuxagent.slice/azure-walinuxagent-logcollector.slice' },
    });
    expect(at(events, 6)).toMatchObject({ level: 'error', fields: { kind: 'oom-kill', stage: 'killed', victim: 'python3', victimPid: '30412', memcg: 'true' } });
    expect(at(events, 10)).toMatchObject({ level: 'warning', fields: { kind: 'dhcp' } });
    expect(at(events, 11)).toMatchObject({ level: 'warning', fields: { kind: 'dhcp' } });
    expect(at(events, 9).fields!.kind).toBeUndefined(); // a DHCPREQUEST is routine
    expect(at(events, 16)).toMatchObject({ level: 'error', fields: { kind: 'disk-full', proc: 'rsyslogd' } });
    expect(at(events, 17)).toMatchObject({ level: 'error', fields: { kind: 'hung-task', task: 'jbd2/sda1-8', taskPid: '312', seconds: '120' } });
    expect(at(events, 20)).toMatchObject({ level: 'error', fields: { kind: 'fs-error', fs: 'ext4', device: 'sda1' } });
    expect(at(events, 21)).toMatchObject({ level: 'error', fields: { kind: 'fs-error', fs: 'ext4', device: 'sda1' } });
    expect(at(events, 22)).toMatchObject({ level: 'info', fields: { kind: 'fsfreeze', op: 'freeze' } });
    expect(at(events, 23)).toMatchObject({ level: 'info', fields: { kind: 'fsfreeze', op: 'thaw' } });
    expect(at(events, 25).fields).toMatchObject({ kind: 'shutdown', action: 'host-request' });
    expect(at(events, 26).fields).toMatchObject({ kind: 'shutdown', action: 'poweroff' });
    expect(at(events, 27).fields!.kind).toBeUndefined();
    expect(at(events, 29)).toMatchObject({ level: 'info', fields: { kind: 'shutdown', action: 'shutdown', proc: 'systemd' } });
  });

  it('guesses levels conservatively', () => {
    expect(sorted.filter((e) => e.source === 'syslog' && e.fields?.kind === undefined).map((e) => e.level)).toEqual(Array(9).fill('info'));
  });
});

describe('syslog with --tz', () => {
  it('converts the local syslog times and leaves the agent UTC times alone', () => {
    const { events } = parse(syslogParser, fixture('syslog'), { mtime: new Date('2024-01-01T04:00:00Z'), tz: fixedZone(2) });
    expect(at(events, 1)).toMatchObject({ time: utc(2023, 12, 31, 21, 58, 1), timeSource: 'tz+year-mtime' });
    expect(at(events, 29)).toMatchObject({ time: utc(2024, 1, 1, 1, 0, 5), timeSource: 'tz+year-mtime' });
    expect(at(events, 2)).toMatchObject({ source: 'waagent-log', time: utc(2023, 12, 31, 23, 59, 17, 512), timeSource: 'utc' });
  });
});

describe('messages (RHEL, rsyslog RFC 3339 high precision)', () => {
  it('reads the explicit offsets as UTC and the agent 2.2.45 local lines with the zone', () => {
    const plain = parse(syslogParser, fixture('messages'), { path: 'var/log/messages' });
    expect(plain.stats).toEqual({ unparsed: 0, formats: ['rfc3339', 'waagent:syslog', 'waagent:2.2.27-2.2.45'] });
    expect(at(plain.events, 1)).toMatchObject({ time: utc(2024, 3, 5, 9, 15, 22, 481), timeText: '2024-03-05T10:15:22.481203+01:00', timeSource: 'utc', format: 'rfc3339', level: 'info' });
    // Without --tz the agent's local times are taken as UTC (an hour off the wrapper).
    expect(at(plain.events, 4)).toMatchObject({ source: 'waagent-log', format: '2.2.27-2.2.45', time: utc(2024, 3, 5, 10, 20, 0), timeSource: 'assumed-utc', prefix: 'Daemon' });
    const tz = parse(syslogParser, fixture('messages'), { path: 'var/log/messages', tz: fixedZone(1) });
    expect(at(tz.events, 4)).toMatchObject({ time: utc(2024, 3, 5, 9, 20, 0), timeSource: 'tz' });
    expect(at(tz.events, 5)).toMatchObject({ level: 'error', fields: { name: 'WALinuxAgent', op: 'UnhandledError' } });
    expect(at(tz.events, 1).time).toBe(at(plain.events, 1).time);
  });

  it('marks NetworkManager DHCP timeouts, cgroup v1 OOM kills and XFS / block I/O errors', () => {
    const { events } = parse(syslogParser, fixture('messages'));
    expect(at(events, 1).fields!.kind).toBeUndefined(); // "(timeout in 45 seconds)" is not a failure
    expect(at(events, 2)).toMatchObject({ level: 'warning', fields: { kind: 'dhcp', proc: 'NetworkManager', pid: '1021' } });
    expect(at(events, 3)).toMatchObject({ level: 'info' }); // NetworkManager's own <info> column wins over the word "failed"
    expect(at(events, 6)).toMatchObject({ level: 'warning', fields: { proc: 'systemd' } });
    expect(at(events, 7).fields).toMatchObject({ kind: 'oom-kill', stage: 'invoked', invoker: 'python3' });
    expect(at(events, 8).fields).toMatchObject({ kind: 'oom-kill', stage: 'limit', cgroup: '/system.slice/waagent.service', taskCgroup: '/system.slice/waagent.service' });
    expect(at(events, 9).fields).toMatchObject({ kind: 'oom-kill', stage: 'killed', victim: 'python3', victimPid: '1300', memcg: 'true' });
    expect(at(events, 10)).toMatchObject({ level: 'error', fields: { kind: 'fs-error', fs: 'xfs', device: 'sdc1' } });
    expect(at(events, 11)).toMatchObject({ level: 'warning' });
    expect(at(events, 11).fields!.kind).toBeUndefined();
    expect(at(events, 12)).toMatchObject({ level: 'error', fields: { kind: 'fs-error', device: 'sdc' } });
    expect(at(events, 13)).toMatchObject({ level: 'error', fields: { kind: 'fs-error', device: 'sdc1' } });
    expect(at(events, 14)).toMatchObject({ level: 'error', fields: { kind: 'fs-error', fs: 'xfs' } });
    expect(at(events, 15).fields!.kind).toBeUndefined();
  });
});

describe('kern.log and auth.log', () => {
  it('kern.log: uptime prefix, boot line, hung task with a colon in its name, OOM without uptime', () => {
    const { events, stats } = parse(syslogParser, fixture('kern.log'), { path: 'var/log/kern.log', mtime: new Date('2024-01-15T00:00:00Z') });
    expect(stats.unparsed).toBe(0);
    expect(at(events, 1)).toMatchObject({ time: utc(2024, 1, 14, 22, 16, 40), level: 'info', fields: { proc: 'kernel', uptime: '0.000000', kind: 'boot', kernel: '5.15.0-1052-azure' } });
    expect(at(events, 1).message.startsWith('Linux version ')).toBe(true);
    expect(at(events, 2).level).toBe('info'); // `panic=-1` on the command line is no error
    expect(at(events, 5).fields).toMatchObject({ kind: 'hung-task', task: 'kworker/u4:2', taskPid: '3345', seconds: '241' });
    expect(at(events, 6)).toMatchObject({ level: 'error', fields: { kind: 'oom-kill', stage: 'killed', victim: 'java', victimPid: '2211' } });
    expect(at(events, 6).fields!.uptime).toBeUndefined();
  });

  it('auth.log: fsfreeze commands run through sudo', () => {
    const { events } = parse(syslogParser, fixture('auth.log'), { path: 'var/log/auth.log', mtime: new Date('2024-01-01T04:00:00Z') });
    expect(events.map((e) => [e.fields?.proc, e.fields?.kind, e.fields?.op, e.level])).toEqual([
      ['sudo', 'fsfreeze', 'freeze', 'info'],
      ['sudo', undefined, undefined, 'info'],
      ['sudo', 'fsfreeze', 'thaw', 'info'],
      ['sshd', undefined, undefined, 'warning'],
      ['sshd', undefined, undefined, 'info'],
    ]);
  });
});

describe('year inference', () => {
  afterEach(() => vi.useRealTimers());
  const years = (text: string, mtime?: Date): number[] => parse(syslogParser, text, mtime ? { mtime } : {}).events.map((e) => new Date(e.time!).getUTCFullYear());

  it('uses the mtime year, or the year before for lines after the mtime', () => {
    expect(years('Mar  1 10:00:00 vm1 a[1]: x\n', new Date('2022-06-01T00:00:00Z'))).toEqual([2022]);
    expect(years('Dec 30 10:00:00 vm1 a[1]: x\n', new Date('2022-01-02T00:00:00Z'))).toEqual([2021]);
    // Within two days after the mtime (local times ahead of UTC): same year.
    expect(years('Jan  3 10:00:00 vm1 a[1]: x\n', new Date('2022-01-02T00:00:00Z'))).toEqual([2022]);
  });

  it('uses the current year without an mtime (the year before for a date still ahead)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-05T12:00:00Z'));
    expect(years('Jan  5 10:00:00 vm1 a[1]: x\n')).toEqual([2026]);
    expect(years('Dec 31 10:00:00 vm1 a[1]: x\nJan  1 00:00:01 vm1 a[1]: y\n')).toEqual([2025, 2026]);
  });

  it('steps forward on Dec -> Jan and back on a jump of more than six months', () => {
    const text = ['Nov 30 10:00:00 vm1 a[1]: 1', 'Dec 31 23:59:59 vm1 a[1]: 2', 'Jan  1 00:00:00 vm1 a[1]: 3', 'Dec 31 23:59:58 vm1 a[1]: 4', 'Jan  1 00:00:02 vm1 a[1]: 5', 'Jun  1 00:00:00 vm1 a[1]: 6'].join('\n');
    expect(years(text, new Date('2024-07-01T00:00:00Z'))).toEqual([2023, 2023, 2024, 2023, 2024, 2024]);
  });
});

describe('RFC 3164 variants', () => {
  it('reads short-precise fractions, day padding and tags without pid', () => {
    const { events } = parse(syslogParser, 'Jan 04 02:03:04.5 vm1 kernel: hi\nJan  4 02:03:05 vm1 rsyslogd: [origin software="rsyslogd"] start\n', { mtime: new Date('2024-02-01T00:00:00Z') });
    expect(events[0]).toMatchObject({ time: utc(2024, 1, 4, 2, 3, 4, 500), timeText: 'Jan 04 02:03:04.5', format: 'rfc3164-precise', message: 'hi', fields: { proc: 'kernel' } });
    expect(events[1]).toMatchObject({ time: utc(2024, 1, 4, 2, 3, 5), fields: { host: 'vm1', proc: 'rsyslogd' } });
  });

  it('keeps a line with only time and host', () => {
    const { events, stats } = parse(syslogParser, 'Jan  4 02:03:05 vm1\n', { mtime: new Date('2024-02-01T00:00:00Z') });
    expect(stats.unparsed).toBe(0);
    expect(events[0]).toMatchObject({ message: '', fields: { host: 'vm1' } });
  });
});

describe('a waagent line in both waagent.log and syslog', () => {
  it('comes out the same from both files (the duplicate is acceptable)', () => {
    const inner = '2024-01-14T22:16:48.123456Z ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] timed out';
    const direct = parse(waagentLogParser, `${inner}\n`, { path: 'var/log/waagent.log' }).events;
    const wrapped = parse(syslogParser, `Jan 14 22:16:48 vm1 python3[887]: ${inner}\n`, { path: 'var/log/syslog' }).events;
    expect(wrapped).toHaveLength(1);
    const pick = (e: LogEvent) => ({ time: e.time, timeText: e.timeText, timeSource: e.timeSource, level: e.level, source: e.source, thread: e.thread, prefix: e.prefix, message: e.message, format: e.format });
    expect(pick(wrapped[0]!)).toEqual(pick(direct[0]!));
    expect(wrapped[0]).toMatchObject({ path: 'var/log/syslog', line: 1 });
  });

  it('routes python lines only when they are the agent (a header, or a pid seen with one)', () => {
    const text = [
      'Jan 14 22:16:48 vm1 python3[500]: some other script says hello',
      'Jan 14 22:16:49 vm1 python3.8[887]: 2024/01/14 22:16:49.000001 INFO Daemon Azure Linux Agent Version:2.2.45',
      'Jan 14 22:16:50 vm1 python3.8[887]: ERROR:printed without the logger',
      'Jan 14 22:16:51 vm1 WALinuxAgent[9]: plain text from the agent',
      'Jan 14 22:16:52 vm1 python3[500]: ERROR: still another script',
      'Jan 14 22:16:53 vm1 python3[501]: 2024-01-14 22:16:53,123 INFO another script using the logging module',
    ].join('\n');
    const { events } = parse(syslogParser, text, { mtime: new Date('2024-02-01T00:00:00Z') });
    expect(byLine(events).map((e) => [e.line, e.source])).toEqual([
      [1, 'syslog'],
      [2, 'waagent-log'],
      [3, 'waagent-log'],
      [4, 'waagent-log'],
      [5, 'syslog'],
      [6, 'syslog'],
    ]);
  });
});
