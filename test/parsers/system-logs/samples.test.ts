import { describe, expect, it } from 'vitest';
import { router } from '../../../src/parsers/index.js';
import { cloudInitParser, dmesgParser, journalJsonParser, journalTextParser, syslogParser, systemLogParsers } from '../../../src/parsers/system-logs/index.js';
import type { Parser } from '../../../src/parsers/types.js';
import { parse } from './helpers.js';

const all: Parser[] = [syslogParser, journalTextParser, journalJsonParser, dmesgParser, cloudInitParser];

describe('system-log parser samples (lnav-style)', () => {
  it('exports every parser once, with distinct ids', () => {
    expect(systemLogParsers).toHaveLength(all.length);
    expect(new Set(systemLogParsers.map((p) => p.id)).size).toBe(all.length);
    for (const p of all) expect(systemLogParsers).toContain(p);
  });

  for (const parser of all) {
    describe(parser.id, () => {
      it('has samples', () => expect(parser.samples.length).toBeGreaterThan(1));
      it.each(parser.samples.map((s) => [s.line, s.expect] as const))('%s', (line, want) => {
        const { events, stats } = parse(parser, `${line}\n`);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ line: 1, ...want });
        expect(stats.unparsed).toBe(0);
      });
    });
  }
});

describe('globs', () => {
  const owner = (path: string): string | undefined => router(systemLogParsers).byPath(path)?.id;
  it.each([
    ['var/log/syslog', 'syslog'],
    ['var/log/syslog.1', 'syslog'],
    ['var/log/syslog.2.gz', 'syslog'],
    ['device_0/var/log/messages-20240107', 'syslog'],
    ['var/log/kern.log', 'syslog'],
    ['var/log/auth.log.1', 'syslog'],
    ['var/log/secure', 'syslog'],
    ['truncated_var_log_syslog.1', 'syslog'],
    ['truncated_var_log_messages', 'syslog'],
    ['bundle/syslog', 'syslog'],
    ['syslog.3', 'syslog'],
    ['var/log/dmesg', 'dmesg'],
    ['var/log/dmesg.0', 'dmesg'],
    ['dmesg-T.txt', 'dmesg'],
    ['sos/sos_commands/kernel/dmesg', 'dmesg'],
    ['journal.txt', 'journal'],
    ['logs/journalctl-b.log', 'journal'],
    ['sosreport-vm1/sos_commands/logs/journalctl_--no-pager_--catalog_--boot', 'journal'],
    ['journal.json', 'journal-json'],
    ['x/journalctl-o-json.json', 'journal-json'],
    ['var/log/cloud-init.log', 'cloud-init-log'],
    ['var/log/cloud-init.log.1', 'cloud-init-log'],
  ])('%s -> %s', (path, id) => expect(owner(path)).toBe(id));

  it.each(['var/log/waagent.log', 'var/log/cloud-init-output.log', 'etc/syslog.conf', 'etc/rsyslog.conf', 'var/log/azure/x/extension.log'])('%s is not a system log', (path) =>
    expect(owner(path)).toBeUndefined(),
  );

  it('does not take waagent.log away from the waagent parser', () => {
    expect(router().byPath('var/log/waagent.log')?.id).toBe('waagent-log');
  });
});

describe('sniffing', () => {
  const sniffed = (text: string): string | undefined => router(systemLogParsers).bySniff(text.split('\n').filter((l) => l.trim() !== ''))?.id;
  it('recognises each format from its first lines', () => {
    expect(sniffed('Jan 14 22:16:48 vm1 systemd[1]: Started x.\nJan 14 22:16:49 vm1 kernel: [  1.0] y\n')).toBe('syslog');
    expect(sniffed('2024-01-14T22:16:48.123456+00:00 vm1 systemd[1]: a\n2024-01-14T22:16:48.223456+00:00 vm1 sshd[2]: b\n')).toBe('syslog');
    expect(sniffed('-- Logs begin at Sat 2023-12-30 08:12:01 UTC, end at Mon 2024-01-01 00:31:20 UTC. --\nJan 01 00:00:01 vm1 systemd[1]: x\n')).toBe('journal');
    expect(sniffed('{"__CURSOR":"s=1","__REALTIME_TIMESTAMP":"1705270608123456","MESSAGE":"x"}\n')).toBe('journal-json');
    expect(sniffed('{\n\t"__CURSOR" : "s=1",\n\t"__REALTIME_TIMESTAMP" : "1705270608123456",\n\t"MESSAGE" : "x"\n}\n')).toBe('journal-json');
    expect(sniffed('[    0.000000] Linux version 5.15\n[    0.000000] Command line: ro\n')).toBe('dmesg');
    expect(sniffed('[Sun Jan 14 22:16:40 2024] Linux version 5.15\n[Sun Jan 14 22:16:41 2024] x\n')).toBe('dmesg');
    expect(sniffed("2024-01-14 22:16:48,796 - util.py[DEBUG]: Cloud-init v. 23.3.3 running 'init-local'\n")).toBe('cloud-init-log');
  });

  it('leaves other text alone', () => {
    expect(sniffed('hello world\nthis is not a log\n')).toBeUndefined();
    expect(sniffed('2024-01-14T22:16:48.123456Z INFO ExtHandler ExtHandler x\n2024-01-14T22:16:49.123456Z INFO ExtHandler ExtHandler y\n')).toBeUndefined();
    expect(sniffed('{"a": 1}\n')).toBeUndefined();
  });
});
