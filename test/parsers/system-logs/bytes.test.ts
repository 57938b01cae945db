// The syslog parser's byte path (keyword checks on an all-ASCII line's bytes, `routine` marks) against its string
// path: the same events on every fixture, and on lines made to hit each branch.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../../src/parsers/run.js';
import { journalTextParser, syslogParser } from '../../../src/parsers/system-logs/index.js';
import { interestFilter, quietCheck } from '../../../src/event-routing.js';
import { detectors } from '../../../src/detectors/index.js';
import type { LogEvent } from '../../../src/model.js';

const mtime = new Date(Date.UTC(2024, 2, 10));
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/system-logs/${name}`, import.meta.url), 'utf8');
const quiet = quietCheck(detectors)!;
const withoutMark = (events: LogEvent[]) => events.map(({ routine: _, ...e }) => e);

const LINES = [
  'Mar  5 09:00:01 vm-1 systemd[1]: Started Session 4 of user azureuser.',
  'Mar  5 09:00:02 vm-1 kernel: [  12.345678] Out of memory: Killed process 4242 (python3) total-vm:1024kB',
  'Mar  5 09:00:03 vm-1 sshd[812]: error: kex_exchange_identification: Connection closed by remote host',
  'Mar  5 09:00:04 vm-1 NetworkManager[700]: <warn>  [1709630122.4812] dhcp4 (eth0): request timed out',
  'Mar  5 09:00:05 vm-1 systemd-shutdown[1]: Syncing filesystems and block devices.',
  'Mar  5 09:00:06 vm-1 dhclient[900]: No DHCPOFFERS received.',
  'Mar  5 09:00:07 vm-1 kernel: [  99.000001] EXT4-fs (sda1): Remounting filesystem read-only',
  'Mar  5 09:00:08 vm-1 cron[77]: (root) CMD (run-parts /etc/cron.hourly) — non-ASCII line',
  'Mar  5 09:00:09 vm-1 rsyslogd: [origin software="rsyslogd"] rsyslogd was HUPed',
  'Mar  5 09:00:10 vm-1 python3[1234]: 2024-03-05T09:00:10.000000Z INFO ExtHandler ExtHandler routed to the agent parser',
  'Mar  5 09:00:11 vm-1 systemd[1]: Started Daily apt download activities.',
];

describe.each([
  ['syslog', syslogParser, ['syslog', 'messages', 'kern.log', 'auth.log']],
  ['journal text', journalTextParser, ['journalctl.log']],
] as const)('%s parser: line bytes', (_, parser, files) => {
  it.each(files)('%s: the same events with the bytes, and marks only what the engine would skip', (file) => {
    const text = fixture(file);
    const reference = parseText(parser, text, { path: `var/log/${file}`, mtime }).events;
    expect(parseText(parser, text, { path: `var/log/${file}`, mtime, bytes: true }).events).toEqual(reference);
    const marked = parseText(parser, text, { path: `var/log/${file}`, mtime, bytes: true, quiet }).events;
    expect(withoutMark(marked)).toEqual(reference);
    const wanted = interestFilter(detectors);
    for (const e of marked) if (e.routine) expect(wanted({ ...e, routine: undefined } as unknown as LogEvent)).toBe(false);
  });
});

describe('syslog parser: each branch of the byte path', () => {
  const text = LINES.join('\n') + '\n  continuation of the last record\n';
  const reference = parseText(syslogParser, text, { mtime }).events;
  const marked = parseText(syslogParser, text, { mtime, bytes: true, quiet }).events;

  it('gives the string path its events', () => {
    expect(withoutMark(marked)).toEqual(reference);
  });

  it('marks routine only plain info lines of its own, all ASCII, with no continuation', () => {
    const routine = marked.filter((e) => e.routine).map((e) => e.line);
    expect(routine).toEqual([1, 9]);
    expect(marked.find((e) => e.line === 11)?.routine).toBeUndefined(); // continued
    expect(marked.find((e) => e.line === 8)?.routine).toBeUndefined(); // not ASCII: the string path reads it
  });
});
