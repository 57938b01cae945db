// The timeline's lines are built as template strings for speed; they must read exactly as the fields object did
// through JSON.stringify and csvCell, for every shape of event, and redact with one numbering per timeline.
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/model.js';
import { csvCell } from '../../src/report/output-escape.js';
import { Redactor } from '../../src/report/redact.js';
import { TimelineLines, timelineJsonl } from '../../src/report/timeline-lines.js';

const base: LogEvent = {
  time: Date.UTC(2024, 4, 2, 6, 0, 1, 120),
  timeText: '2024-05-02T06:00:01.120345Z',
  timeSource: 'utc',
  level: 'info',
  source: 'waagent-log',
  path: 'var/log/waagent.log',
  line: 12,
  message: 'ExtHandler ExtHandler Fetched a new incarnation',
};

/** The fields as the timeline always wrote them, rendered the slow, obvious way. */
function expectedFields(e: LogEvent, redactor: Redactor, desc: string): Record<string, string | number | undefined> {
  const path = redactor.text(e.path);
  const message = redactor.text(e.message, path);
  const source = redactor.text(e.source, path);
  return {
    datetime: new Date(e.time!).toISOString(),
    timestamp_desc: desc,
    message,
    source,
    path,
    line: e.line > 0 ? e.line : undefined,
    level: e.level,
    time_source: e.timeSource,
    record: e.record,
  };
}

const SAS = 'https://a.blob.core.windows.net/c/f?sv=2021&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg%3D';

const events: [LogEvent, string][] = [
  [base, 'Log entry time (UTC)'],
  [{ ...base, time: base.time! + 1, line: 13, message: 'same file, next line' }, 'Log entry time (UTC)'],
  [{ ...base, time: Date.UTC(2024, 4, 3, 23, 59, 59, 999), message: 'the next day, "quoted", a\\backslash, a\ttab' }, 'Log entry time (UTC)'],
  [{ ...base, message: 'two\nlines\r\nand controls \x1b[31m \u2028 \ud800 lone surrogate, é 中文' }, 'Log entry time (UTC)'],
  [{ ...base, message: `download ${SAS}` }, 'Log entry time (UTC)'],
  [{ ...base, path: `var/log/${SAS}/x.log`, message: `again ${SAS}` }, 'Log entry time (UTC)'],
  [{ ...base, message: '=SUM(A1:A2)', level: 'error' }, 'Log entry time (UTC)'],
  [{ ...base, message: '-starts with a dash, and a comma' }, 'Log entry time (UTC)'],
  [{ ...base, timeSource: 'assumed-utc+year-mtime', source: 'syslog', path: 'var/log/syslog' }, "Log entry time (local time taken as UTC; no year written: year of the file's modification time)"],
  [{ ...base, timeSource: 'tz+year-bundle' }, "Log entry time (local time converted with --tz; no year written: year shown by the bundle's dated logs)"],
  [{ ...base, timeSource: 'inferred-offset', fields: { localOffset: '+02:00' } }, "Log entry time (local time converted with the offset +02:00 read from the file's UTC stamps)"],
  [{ ...base, timeSource: 'inferred-offset', fields: { localOffset: '-05:00' } }, "Log entry time (local time converted with the offset -05:00 read from the file's UTC stamps)"],
  [{ ...base, line: 0, record: 4711, source: 'evtx', path: 'Windows/System32/winevt/Logs/System.evtx' }, 'Log entry time (UTC)'],
  [{ ...base, line: Number.NaN }, 'Log entry time (UTC)'],
  [{ ...base, time: 0 }, 'Log entry time (UTC)'],
  [{ ...base, time: -1 }, 'Log entry time (UTC)'],
  [{ ...base, time: 1.5 }, 'Log entry time (UTC)'],
  [{ ...base, time: Date.UTC(12000, 0, 1) }, 'Log entry time (UTC)'],
  [{ ...base, time: Date.UTC(-50, 0, 1) }, 'Log entry time (UTC)'],
  [{ ...base, time: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }, 'Log entry time (UTC)'],
];

describe('timeline lines', () => {
  it('JSONL: each line is JSON.stringify of the fields, one token numbering across lines', () => {
    const lines = new TimelineLines('jsonl');
    const reference = new Redactor();
    for (const [e, desc] of events) expect(lines.line(e)).toBe(JSON.stringify(expectedFields(e, reference, desc)));
    expect(lines.line(events[5]![0])).toContain('«redacted:sas-1»');
  });

  it('CSV: each row is csvCell of the fields in the header order', () => {
    const lines = new TimelineLines('csv');
    const reference = new Redactor();
    for (const [e, desc] of events) expect(lines.line(e)).toBe(Object.values(expectedFields(e, reference, desc)).map(csvCell).join(','));
  });

  it('a private key logged line by line is followed through the lines of its file', () => {
    const key = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEAvY3mQ5w2cz1xkJd7sQeP0aYbXq3L9nT8kRfG2hV5uWcD1eZ',
      'aZ9Yq2Lw0Kc4pHf7sQeP0aYbXq3L9nT8kRfG2hV5uWcD1eZMIIEowIBAAKCAQE',
      '-----END RSA PRIVATE KEY-----',
      'after the key',
    ];
    const lines = new TimelineLines('jsonl');
    const reference = new Redactor();
    for (const [i, message] of key.entries()) {
      const e = { ...base, line: i + 1, message, source: 'sixteencharslong' };
      expect(lines.line(e)).toBe(JSON.stringify(expectedFields(e, reference, 'Log entry time (UTC)')));
    }
  });

  it('a line on its own numbers its secrets from 1', () => {
    const e = { ...base, message: `download ${SAS}` };
    expect(timelineJsonl(e)).toContain('«redacted:sas-1»');
    expect(timelineJsonl(e)).toContain('«redacted:sas-1»');
  });
});
