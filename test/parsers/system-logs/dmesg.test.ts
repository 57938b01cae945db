import { describe, expect, it } from 'vitest';
import { dmesgParser } from '../../../src/parsers/system-logs/index.js';
import { fixedZone, fixture, kinds, parse, utc } from './helpers.js';

describe('dmesg', () => {
  it('reads uptime lines: no wall time, fields.uptime kept', () => {
    const { events, stats } = parse(dmesgParser, fixture('dmesg'), { path: 'var/log/dmesg' });
    expect(stats).toEqual({ unparsed: 0, formats: ['uptime'] });
    expect(events).toHaveLength(11);
    for (const e of events) expect(e).toMatchObject({ source: 'dmesg', time: null, timeSource: 'none', format: 'uptime' });
    expect(events[0]).toMatchObject({ timeText: '0.000000', fields: { uptime: '0.000000', kind: 'boot', kernel: '5.15.0-1052-azure' } });
    expect(events[5]).toMatchObject({ message: 'Detected virtualization microsoft.', fields: { proc: 'systemd', pid: '1', uptime: '5.678901' } });
    expect(events[7]).toMatchObject({ level: 'info', message: '      Not tainted 5.15.0-1052-azure #60-Ubuntu' });
    expect(kinds(events)).toEqual(['boot', 'hung-task', 'fs-error', 'oom-kill']);
    expect(events[6]).toMatchObject({ level: 'error', fields: { task: 'jbd2/sda1-8', taskPid: '312', seconds: '120' } });
    expect(events[9]).toMatchObject({ level: 'error', fields: { device: 'sdb' } });
    expect(events[10]).toMatchObject({ level: 'error', fields: { stage: 'killed', victim: 'mysqld', victimPid: '1717' } });
  });

  it('reads dmesg -T as local time', () => {
    const plain = parse(dmesgParser, fixture('dmesg-T.txt'));
    expect(plain.stats).toEqual({ unparsed: 0, formats: ['ctime'] });
    expect(plain.events.map((e) => [e.time, e.timeSource])).toEqual([
      [utc(2024, 1, 14, 22, 16, 40), 'assumed-utc'],
      [utc(2024, 1, 14, 22, 16, 41), 'assumed-utc'],
      [utc(2024, 1, 14, 23, 59, 59), 'assumed-utc'],
      [utc(2024, 1, 15, 0, 0, 1), 'assumed-utc'],
      [utc(2024, 2, 1, 8, 0, 0), 'assumed-utc'],
    ]);
    expect(plain.events[4]).toMatchObject({ timeText: 'Thu Feb  1 08:00:00 2024', level: 'error', fields: { kind: 'fs-error', fs: 'ext4', device: 'sdb1' } });
    expect(kinds(plain.events)).toEqual(['boot', 'shutdown', 'shutdown', 'fs-error']);
    const tz = parse(dmesgParser, fixture('dmesg-T.txt'), { tz: fixedZone(-5) });
    expect(tz.events[0]).toMatchObject({ time: utc(2024, 1, 15, 3, 16, 40), timeSource: 'tz' });
  });

  it('takes the level from -r / -x prefixes, reads --time-format iso and journalctl -o short-monotonic', () => {
    const text = [
      '<3>[   10.000001] hv_storvsc: something went wrong',
      '<14>[   10.000002] plain info from user facility',
      'kern  :warn  : [   11.000000] hv_balloon: Max. dynamic memory size: 4096 MB',
      'kern  :info  : [   11.500000] Out of memory: Killed process 9 (x) total-vm:1kB',
      '2024-01-14T22:16:48,123456+01:00 hv_vmbus: registering driver hid_hyperv',
      '[    5.123456] vm1 systemd[1]: Started Journal Service.',
      '[    5.223456] vm1 kernel: EXT4-fs (sda1): re-mounted. Opts: discard',
      '[    5.323456] kernel: audit: type=1400 audit(1705270608.123:2): apparmor="STATUS"',
      '',
    ].join('\n');
    const { events, stats } = parse(dmesgParser, text);
    expect(stats).toEqual({ unparsed: 0, formats: ['uptime', 'iso'] });
    expect(events.map((e) => e.level)).toEqual(['error', 'info', 'warning', 'error', 'info', 'info', 'info', 'info']);
    expect(events[4]).toMatchObject({ format: 'iso', time: utc(2024, 1, 14, 21, 16, 48, 123), timeSource: 'utc', message: 'hv_vmbus: registering driver hid_hyperv' });
    expect(events[5]).toMatchObject({ message: 'Started Journal Service.', fields: { host: 'vm1', proc: 'systemd', pid: '1' } });
    expect(events[6]).toMatchObject({ message: 'EXT4-fs (sda1): re-mounted. Opts: discard', fields: { host: 'vm1', proc: 'kernel' } });
    expect(events[7]).toMatchObject({ message: 'audit: type=1400 audit(1705270608.123:2): apparmor="STATUS"', fields: { proc: 'kernel' } });
  });

  it('joins indented continuation lines and counts unreadable stamps', () => {
    const { events, stats } = parse(dmesgParser, '[    1.000000] first\n  second part\n[  x.y] bad\n[Sun Jan 44 22:16:40 2024] bad date\n');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ message: 'first\n  second part', endLine: 2 });
    expect(stats.unparsed).toBe(2);
  });
});
