// The byte-level reader of the usual 2.2.47+ header must agree with the reference string reader (formats.ts)
// on every line it accepts, and leave every other line to it untouched.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/parsers/run.js';
import { waagentLogParser } from '../../src/parsers/waagent/index.js';
import { FastIsoHeader } from '../../src/parsers/waagent/fast-header.js';
import { FastLegacyHeader } from '../../src/parsers/waagent/fast-legacy-header.js';
import { HeaderReader } from '../../src/parsers/waagent/formats.js';
import { ASSUME_UTC } from '../../src/time/zone.js';
import { interestFilter, quietCheck } from '../../src/event-routing.js';
import { detectors } from '../../src/detectors/index.js';
import type { LogEvent } from '../../src/model.js';

const dir = new URL('../fixtures/waagent/', import.meta.url);

/** What the fast reader makes of one line, next to the reference reader's reading. */
function readBoth(line: string) {
  const bytes = new TextEncoder().encode(line);
  const fast = new HeaderReader(ASSUME_UTC);
  const before = { ...fast };
  const accepted = new FastIsoHeader().read(bytes, 0, bytes.length, line, fast);
  const reference = new HeaderReader(ASSUME_UTC);
  reference.read(line);
  return { accepted, fast: { ...fast }, before, reference: { ...reference } };
}

const fields = ({ era, time, utc, tsEnd, level, thread, prefix, msgStart, isoThreaded }: HeaderReader) => ({ era, time, utc, tsEnd, level, thread, prefix, msgStart, isoThreaded });

const ACCEPTED = [
  '2024-05-02T06:00:01.178802Z INFO ExtHandler ExtHandler Wire server endpoint:168.63.129.16',
  '2024-05-02T06:00:01.178802Z WARNING ExtHandler ExtHandler Fetch failed',
  '2024-05-02T06:00:01Z ERROR ExtHandler [Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0] Enable failed',
  '2024-05-02T06:00:01.1Z INFO MonitorHandler ExtHandler Stopped tracking cgroup',
  '2024-05-02T06:00:01.123456789Z INFO EnvHandler ExtHandler Set block dev timeout: sda with timeout: 300',
  '2024-05-02T06:00:01.000000Z INFO Daemon ExtHandler text',
  '2024-05-02T06:00:01.000000Z INFO Thread-3 Firewall rule added',
  '2024-05-02T06:00:01.000000Z INFO CollectLogsHandler LogCollector Starting',
  '2024-05-02T06:00:01.000000Z INFO ExtHandler ExtHandler',
  '2024-12-31T23:59:60.999Z INFO ExtHandler ExtHandler leap second',
  '2024-05-02T06:00:01.000000Z INFO ExtHandler [Name-1.0] héllo wörld ✓',
  // One name column: 2.2.46 (a prefix word, a bracket prefix) or a thread of 2.2.47+.
  '2024-05-02T06:00:01.000000Z INFO ExtHandler Wire server endpoint',
  '2024-05-02T06:00:01.000000Z INFO [Name-1.0] 2.2.46 bracket prefix',
  '2024-05-02T06:00:01.000000Z WARNING [Name-1.0]text right after',
  '2024-05-02T06:00:01.000000Z ERROR [Name-1.0]',
  '2024-05-02T06:00:01.000000Z INFO ExtHandler Firewall2 rule',
  '2024-05-02T06:00:01.000000Z INFO Daemon Azure Linux Agent Version: 2.2.46',
  '2024-05-02T06:00:01.000000Z INFO EnvHandler Set block dev timeout',
  '2024-05-02T06:00:01.000000Z INFO MonitorHandler ',
];

const LEFT_TO_REFERENCE = [
  '2024-05-02T06:00:01.000000Z INFO Daemon Daemon Azure Linux Agent Version: 2.10.0.8',
  '2024-05-02T06:00:01.000000Z INFO Daemon Daemon is already running',
  '2024-05-02T06:00:01.000000Z VERBOSE ExtHandler ExtHandler verbose',
  '2024-05-02T06:00:01.000000Z INFO',
  '2024-05-02T06:00:01.000000Z INFO ExtHandler [Name-1.0]text right after',
  '2024-05-02T06:00:01.000000Z INFO ExtHandler [Nàme-1.0] non-ASCII prefix',
  '2024-05-02T06:00:01.000000Z INFO ExtHandler [Enable] not a prefix',
  '2024-05-02T06:00:01.000000Z INFO extHandler ExtHandler lower-case thread',
  '2024-13-02T06:00:01.000000Z INFO ExtHandler ExtHandler month 13',
  '2024-05-02T24:00:01.000000Z INFO ExtHandler ExtHandler hour 24',
  '2024-05-0xT06:00:01.000000Z INFO ExtHandler ExtHandler not a digit',
  '2024-05-02T06:00:01.Z INFO ExtHandler ExtHandler empty fraction',
  '2024-05-02T06:00:01.00000000000Z INFO ExtHandler ExtHandler fraction of 11 digits',
  '2024-05-02 06:00:01.000000Z INFO ExtHandler ExtHandler blank for T',
  '2024/05/02 06:00:01.000000 INFO ExtHandler ExtHandler legacy',
  '2024-05-02T06:00:01.000000Z INFO  ExtHandler ExtHandler two blanks',
  '2024-05-02T06:00:01.000000Z INFO [Nàme-1.0] non-ASCII bracket prefix',
  '2024-05-02T06:00:01.000000Z INFO [Enable] not a prefix',
  '2024-05-02T06:00:01.000000Z INFO ExtHandler:colon',
  '2024-05-02T06:00:01.000000Z INFO Updater some text',
  '2024-05-02T06:00:01.000000Z INFO Thread-7 some text',
];

describe('FastIsoHeader', () => {
  it.each(ACCEPTED)('reads %s as the reference reader does', (line) => {
    const { accepted, fast, reference } = readBoth(line);
    expect(accepted).toBe(true);
    expect(fields(fast as HeaderReader)).toEqual(fields(reference as HeaderReader));
  });

  it.each(LEFT_TO_REFERENCE)('leaves %s to the reference reader, untouched', (line) => {
    const { accepted, fast, before } = readBoth(line);
    expect(accepted).toBe(false);
    expect(fast).toEqual(before);
  });
});

describe('waagent parser: the same events with and without the line bytes', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.log'));

  it.each(files)('%s', (file) => {
    const text = readFileSync(new URL(file, dir), 'utf8');
    const withBytes = parseText(waagentLogParser, text, { path: file, bytes: true });
    expect(withBytes).toEqual(parseText(waagentLogParser, text, { path: file }));
    expect(withBytes.events.length).toBeGreaterThan(0);
  });

  it('the same for one-name lines before and after a line proves 2.2.47+ (the name is then the thread)', () => {
    const lines = [
      '2024-05-02T06:00:01.000000Z INFO ExtHandler before the proof: prefix of 2.2.46',
      '2024-05-02T06:00:02.000000Z INFO [Name-1.0] a bracket prefix',
      '2024-05-02T06:00:03.000000Z INFO EnvHandler a thread name proves 2.2.47+',
      '2024-05-02T06:00:04.000000Z INFO ExtHandler after the proof: thread',
      '2024-05-02T06:00:05.000000Z INFO Daemon after the proof: thread',
    ];
    const text = lines.join('\n') + '\n';
    const withBytes = parseText(waagentLogParser, text, { bytes: true });
    expect(withBytes).toEqual(parseText(waagentLogParser, text));
    expect(withBytes.events.map((e) => [e.format, e.thread, e.prefix])).toEqual([
      ['2.2.46', undefined, 'ExtHandler'],
      ['2.2.46', undefined, '[Name-1.0]'],
      ['2.2.47+', 'EnvHandler', undefined],
      ['2.2.47+', 'ExtHandler', undefined],
      ['2.2.47+', 'Daemon', undefined],
    ]);
  });

  it('the same across a file mixing every accepted and refused shape (era state included)', () => {
    const lines = [...LEFT_TO_REFERENCE, ...ACCEPTED, '  continuation line', '**2024-05-02T06:00:02.000000Z ERROR ExtHandler ExtHandler bold**', ...LEFT_TO_REFERENCE.slice(0, 5)];
    const text = lines.join('\n') + '\n';
    const withBytes = parseText(waagentLogParser, text, { bytes: true });
    expect(withBytes).toEqual(parseText(waagentLogParser, text));
    expect(withBytes.events.length).toBeGreaterThan(ACCEPTED.length);
  });
});

describe('routine info lines (the keyword check on bytes)', () => {
  const quiet = quietCheck(detectors)!;
  const lines = [
    '2024-05-02T06:00:01.000000Z INFO ExtHandler ExtHandler ProcessExtensionsGoalState completed [incarnation_12 1187 ms]',
    '2024-05-02T06:00:02.000000Z INFO ExtHandler ExtHandler Protocol endpoint not found: keyword of the network detector',
    '2024-05-02T06:00:03.000000Z WARNING ExtHandler ExtHandler a warning without keyword',
    '2024-05-02T06:00:04.000000Z INFO ExtHandler ExtHandler first line of a multi-line entry',
    'No space left on device',
    '2024-05-02T06:00:05.000000Z INFO ExtHandler ExtHandler Event: name=WALinuxAgent, op=HeartBeat, message=, duration=0',
    '2024-05-02T06:00:06.000000Z INFO MonitorHandler ExtHandler Stopped tracking cgroup',
  ];
  const { events } = parseText(waagentLogParser, lines.join('\n') + '\n', { bytes: true, quiet });

  it('marks plain info lines without a keyword, nothing else', () => {
    expect(events.map((e) => e.routine === true)).toEqual([true, false, false, false, false, true]);
  });

  it('leaves the events otherwise as they are without the check', () => {
    const without = parseText(waagentLogParser, lines.join('\n') + '\n', { bytes: true }).events;
    expect(events.map(({ routine: _, ...e }) => e)).toEqual(without);
  });

  it('is never set without the line bytes', () => {
    expect(parseText(waagentLogParser, lines.join('\n') + '\n', { quiet }).events.some((e) => e.routine)).toBe(false);
  });

  it('the engine skips a routine event only where the keyword check on its text fails too', () => {
    const wanted = interestFilter(detectors);
    for (const e of events) if (e.routine) expect(wanted({ ...e, routine: undefined } as unknown as LogEvent)).toBe(false);
  });
});

describe('FastLegacyHeader (2.1-2.2.45 lines counted from bytes)', () => {
  const LEGACY = [
    '2024/05/02 06:00:01.178802 INFO Daemon Azure Linux Agent is running',
    '2024/05/02 06:00:01.178802 INFO ExtHandler Checking for agent family Prod updates',
    '2024/05/02 06:00:01.178802 WARNING ExtHandler Fetch failed',
    '2024/05/02 06:00:01.000001 ERROR [Microsoft.Azure.Extensions.CustomScript-2.1.9] Enable failed',
    '2024/05/02 06:00:01.000001 INFO Daemon is already running',
    '2024/05/02 06:00:01.000001 INFO Daemon ended with exception',
    '2024/05/02 06:00:01.000001 INFO DaemonX not a name',
    '2024/05/02 06:00:01.000001 INFO ExtHandler',
    '2024/05/02 06:00:01.000001 INFO',
    '2024/05/02 06:00:01.000001 ERROR:glued level',
    '2024/05/02 06:00:01.000001 ERROR: glued level and blank',
    '2024/05/02 06:00:01.000001 VERBOSE verbose',
    '2024/05/02 06:00:01.000001 INFO héllo wörld ✓',
    '2024/12/31 23:59:60.999999 INFO leap second',
  ];
  const REFUSED = [
    '2024/05/02 06:00:01 INFO 2.0 era (no fraction)',
    '2024/05/02 06:00:01.17880 INFO five digits',
    '2024/05/02 06:00:01.178802 INFOX glued word',
    '2024/13/02 06:00:01.178802 INFO month 13',
    '2024/05/02 06:00:01.178802 INFO [Nàme-1.0] non-ASCII prefix',
    '2024/05/02 06:00:01.178802 INFO [HEARTBEAT] a bracket but no prefix',
    '2024-05-02T06:00:01.178802Z INFO ExtHandler ExtHandler ISO',
  ];

  const both = (lines: string[]) => {
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const tz = ASSUME_UTC;
    const fast = new HeaderReader(tz);
    const reader = new FastLegacyHeader(tz);
    const reference = new HeaderReader(tz);
    let at = 0;
    return lines.map((line) => {
      const end = at + new TextEncoder().encode(line).length;
      const before = { ...fast };
      const accepted = reader.read(bytes, at, end, fast);
      const referenceAccepted = reference.read(line);
      const out = { line, accepted, fast: { ...fast }, before, referenceAccepted, reference: { ...reference } };
      at = end + 1;
      return out;
    });
  };

  it('reads every accepted line as the reference does, era state included, in one file', () => {
    for (const r of both([...LEGACY, ...LEGACY])) {
      expect(r.accepted, r.line).toBe(true);
      expect(fields(r.fast as HeaderReader), r.line).toEqual(fields(r.reference as HeaderReader));
      expect((r.fast as HeaderReader).legacyPrefixed, r.line).toBe((r.reference as HeaderReader).legacyPrefixed);
    }
  });

  it.each(REFUSED)('leaves %s to the reference reader, untouched', (line) => {
    const [r] = both([line]);
    expect(r!.accepted).toBe(false);
    expect(r!.fast).toEqual(r!.before);
  });

  it('knows a header when it sees one, 2.0 included, and nothing else', () => {
    const reader = new FastLegacyHeader(ASSUME_UTC);
    const starts = (line: string) => reader.starts(new TextEncoder().encode(`${line}\n`), 0);
    for (const line of LEGACY) expect(starts(line), line).toBe(new HeaderReader(ASSUME_UTC).read(line));
    expect(starts('2024/05/02 06:00:01 INFO 2.0 era')).toBe(true);
    expect(starts('2024/05/02 06:00:01.178802 INFOX glued')).toBe(false);
    expect(starts('2024/05/02 25:00:01.178802 INFO hour 25')).toBe(false);
    expect(reader.starts(new TextEncoder().encode('2024/05/02 06:00:01.178802 INFO no newline yet'), 0)).toBe(false);
  });
});
