// The year of lines written without one: from the file when it says (journal banner), else the member's mtime or
// today, moved by whole years on a second pass (`yearShift`); the time source says which.
import { describe, expect, it } from 'vitest';
import { cloudInitParser, journalTextParser, syslogParser } from '../../../src/parsers/system-logs/index.js';
import { genericExtensionLogParser } from '../../../src/parsers/extension-logs/generic.js';
import { fixedZone, parse, utc } from './helpers.js';

const SYSLOG = [
  'May 14 22:16:40 vm1 systemd[1]: Started Daily apt upgrade and clean activities.',
  'May 14 22:19:52 vm1 kernel: [ 1243.271530] INFO: task xfsaild/sda2:512 blocked for more than 120 seconds.',
].join('\n');

/** A copy made a year after the lines were written. */
const COPIED = new Date('2025-06-01T09:00:00Z');

describe('syslog: the year of RFC 3164 lines', () => {
  it.each([
    ['the member mtime', { mtime: COPIED }, 2025, 'assumed-utc+year-mtime'],
    ['no mtime: today', {}, undefined, 'assumed-utc+year-now'],
    ['the mtime moved back a year (second pass)', { mtime: COPIED, yearShift: -1 }, 2024, 'assumed-utc+year-bundle'],
    ['--tz keeps its zone part', { mtime: COPIED, tz: fixedZone(2) }, 2025, 'tz+year-mtime'],
  ] as const)('%s', (_, options, year, timeSource) => {
    const { events } = parse(syslogParser, SYSLOG, options);
    expect(events).toHaveLength(2);
    for (const e of events) expect(e.timeSource).toBe(timeSource);
    const hung = events[1]!;
    expect(hung.fields).toMatchObject({ kind: 'hung-task' });
    if (year !== undefined) expect(hung.time).toBe(utc(year, 5, 14, 22, 19, 52) - ('tz' in options ? 2 * 3_600_000 : 0));
  });

  it('a shift moves the first year; New Year still steps it', () => {
    const text = 'Dec 31 23:59:58 vm1 CRON[1]: tick\nJan  1 00:00:03 vm1 CRON[1]: tock\n';
    const { events } = parse(syslogParser, text, { mtime: new Date('2026-01-02T00:00:00Z'), yearShift: -2 });
    expect(events.map((e) => [e.time, e.timeSource])).toEqual([
      [utc(2023, 12, 31, 23, 59, 58), 'assumed-utc+year-bundle'],
      [utc(2024, 1, 1, 0, 0, 3), 'assumed-utc+year-bundle'],
    ]);
  });

  it('the agent lines inside keep their own dates', () => {
    const text = 'May 14 22:16:40 vm1 waagent[1204]: 2024-05-14T22:16:40.102341Z INFO ExtHandler ExtHandler Wire server endpoint:168.63.129.16\n';
    const { events } = parse(syslogParser, text, { mtime: COPIED });
    expect(events[0]).toMatchObject({ source: 'waagent-log', time: utc(2024, 5, 14, 22, 16, 40, 102), timeSource: 'utc' });
  });
});

describe('journalctl text: the banner states the year', () => {
  const journal = (banner: string) => `${banner}\nMay 14 22:16:40 vm1 systemd[1]: Started Session 5 of user azureuser.\n`;

  it('a local banner: the year is the file\'s, not the mtime\'s or the shift\'s', () => {
    const { events } = parse(journalTextParser, journal('-- Logs begin at Tue 2024-05-14 08:00:01 CEST, end at Tue 2024-05-14 23:00:00 CEST. --'), { mtime: COPIED, yearShift: -3 });
    expect(events[0]).toMatchObject({ time: utc(2024, 5, 14, 22, 16, 40), timeSource: 'assumed-utc' });
  });

  it('a UTC banner: UTC times of the stated year', () => {
    const { events } = parse(journalTextParser, journal('-- Logs begin at Tue 2024-05-14 08:00:01 UTC, end at Tue 2024-05-14 23:00:00 UTC. --'), { mtime: COPIED });
    expect(events[0]).toMatchObject({ time: utc(2024, 5, 14, 22, 16, 40), timeSource: 'utc' });
  });
});

describe('cloud-init.log written through rsyslog', () => {
  it('takes the year like syslog', () => {
    const text = 'May 14 22:16:48 vm1 [CLOUDINIT] util.py[DEBUG]: Cloud-init v. 23.4 running \'init-local\'\n';
    expect(parse(cloudInitParser, text, { mtime: COPIED }).events[0]).toMatchObject({ time: utc(2025, 5, 14, 22, 16, 48), timeSource: 'assumed-utc+year-mtime' });
    expect(parse(cloudInitParser, text, { mtime: COPIED, yearShift: -1 }).events[0]).toMatchObject({ time: utc(2024, 5, 14, 22, 16, 48), timeSource: 'assumed-utc+year-bundle' });
  });
});

describe('generic extension logs: syslog-shaped lines', () => {
  const path = 'var/log/azure/Microsoft.Azure.Extensions.Example/handler.log';

  it('the first takes the year basis; the next follow it; a dated line makes the year the file\'s', () => {
    const text = ['May 14 22:16:48 handler starting', 'May 14 22:16:49 ERROR could not reach the endpoint', '2024-05-14T22:17:00Z INFO retrying', 'May 14 22:17:05 done'].join('\n');
    const { events } = parse(genericExtensionLogParser, text, { path, mtime: COPIED });
    expect(events.map((e) => [e.time, e.timeSource])).toEqual([
      [utc(2025, 5, 14, 22, 16, 48), 'assumed-utc+year-mtime'],
      [utc(2025, 5, 14, 22, 16, 49), 'assumed-utc+year-mtime'],
      [utc(2024, 5, 14, 22, 17, 0), 'utc'],
      [utc(2024, 5, 14, 22, 17, 5), 'assumed-utc'],
    ]);
  });

  it('moved by a shift; today without an mtime', () => {
    const text = 'May 14 22:16:48 handler starting\n';
    expect(parse(genericExtensionLogParser, text, { path, mtime: COPIED, yearShift: -1 }).events[0]).toMatchObject({ time: utc(2024, 5, 14, 22, 16, 48), timeSource: 'assumed-utc+year-bundle' });
    expect(parse(genericExtensionLogParser, text, { path }).events[0]!.timeSource).toBe('assumed-utc+year-now');
  });
});
