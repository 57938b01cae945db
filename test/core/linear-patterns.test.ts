// Hang guards (the tests' time-out), not timings: patterns that retried `\s+$` or `\s*$` at every blank of a long run
// took seconds on 40K blanks and hours on a megabyte line (found by the fuzzer, seed 71). Each is read in linear
// time now, with the results the patterns gave.
import { describe, expect, it } from 'vitest';
import { messageOf } from '../../src/parsers/event-exports/common.js';
import { messageFacts } from '../../src/parsers/waagent/facts.js';
import { Redactor } from '../../src/report/redact.js';
import { parseText } from '../../src/parsers/run.js';
import { extensionLogParsers } from '../../src/parsers/extension-logs/index.js';

const blanks = ' '.repeat(300_000);

describe('patterns over long runs of blanks', () => {
  it("an event export's rendered message: trimmed, its inner blanks kept", () => {
    expect(messageOf(`  a${blanks}b \r\n`, {})).toBe(messageOf(`a${blanks}b`, {}));
    expect(messageOf(`  a${blanks}b \r\n`, {}).startsWith(`a${blanks.slice(0, 1000)}`)).toBe(true);
    expect(messageOf(`\t\n${blanks}`, { provider: 'P', eventId: '1' })).toBe(messageOf(undefined, { provider: 'P', eventId: '1' }));
  });

  it("waagent 2.0's distribution line: the rest of the line, only when blanks alone follow it", () => {
    expect(messageFacts(`Linux Distribution Detected      : centos${blanks}`)).toEqual([{ kind: 'os', value: 'centos' }]);
    expect(messageFacts(`Linux Distribution Detected: red hat${blanks}7.9  `)).toEqual([{ kind: 'os', value: `red hat${blanks}7.9` }]);
    expect(messageFacts(`Linux Distribution Detected: a\n${blanks}b`)).toEqual([]);
  });

  it('a private key logged line by line: a run of blanks is no body line, the key’s lines are', () => {
    const r = new Redactor();
    r.text('-----BEGIN RSA PRIVATE KEY-----', 'var/log/syslog');
    // a key body line goes into the key's token; a line of blanks and text ends it
    expect(r.text('  MIIEpAIBAAKCAQEAx2m4c1rTRh5aBcdefGHIjklMNOpq  ', 'var/log/syslog')).toMatch(/^«redacted:private-key-1»$/);
    expect(r.text(`${blanks}x`, 'var/log/syslog')).toBe(`${blanks}x`);
  });

  it('a VMSnapshot shell.log date line with a long run of blanks in its stamp: the stamp without its dash', () => {
    const parser = extensionLogParsers.find((p) => p.id === 'vmsnapshot-shell')!;
    const { events } = parseText(parser as never, `Mon Jan${blanks}5 10:00:00 UTC 2024 - freeze started\n`, { path: 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/shell.log' });
    expect(events.map((e) => [e.timeText, e.message])).toEqual([[`Mon Jan${blanks}5 10:00:00 UTC 2024`, 'freeze started']]);
  });
});
