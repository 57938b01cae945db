import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/parsers/run.js';
import { MAX_CONTINUATION_LINES, MAX_MESSAGE_CHARS, waagentLogParser } from '../../src/parsers/waagent/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/waagent/${name}`, import.meta.url), 'utf8');
const parse = (text: string) => parseText(waagentLogParser, text, { path: 'var/log/waagent.log' });

describe('multi-line entries (2.1+)', () => {
  const { events, stats } = parse(fixture('era-2.1-2.2.26.log'));

  it('joins a traceback logged as its own WARNING entry, without the trailing blank line', () => {
    const tb = events.find((e) => e.message.startsWith('Traceback'))!;
    expect(tb).toMatchObject({ level: 'warning', line: 7, endLine: 12 });
    expect(tb.message.split('\n')).toHaveLength(6);
    expect(tb.message.endsWith("AttributeError: 'NoneType' object has no attribute 'get'")).toBe(true);
  });

  it('joins an HTTP error body', () => {
    const body = events.find((e) => e.message.startsWith('Could not fetch'))!;
    expect(body).toMatchObject({ line: 14, endLine: 18 });
    expect(body.message).toContain('"errorCode": "ServerBusy"');
    expect(body.message.endsWith('}]')).toBe(true);
  });

  it('keeps every header as its own event and counts nothing as unparsed', () => {
    expect(events.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 14, 19]);
    expect(stats).toEqual({ unparsed: 0, formats: ['2.1-2.2.26'] });
  });
});

describe('Event with [stdout]/[stderr] and Inner error', () => {
  const { events } = parse(fixture('era-2.2.27-2.2.45.log'));

  it('splits an Event whose message spans continuation lines, duration on the last one', () => {
    const ev = events.find((e) => e.fields?.op === 'Enable')!;
    expect(ev).toMatchObject({ level: 'error', prefix: 'ExtHandler', line: 8, endLine: 15 });
    expect(ev.fields!.duration).toBe('300123');
    expect(ev.fields!.name).toBe('Microsoft.Azure.Extensions.CustomScript');
    expect(ev.fields!.message).toContain('[stdout]\nWriting a placeholder status file\n\n[stderr]\n');
    expect(ev.fields!.message!.endsWith('failed to download the script: 403 Forbidden\n')).toBe(true);
  });

  it('joins an Inner error line', () => {
    const ev = events.find((e) => e.message.startsWith('[ProtocolError]'))!;
    expect(ev).toMatchObject({ level: 'warning', line: 16, endLine: 17 });
    expect(ev.message).toBe('[ProtocolError] Failed to get goal state\nInner error: [HttpError] HTTP GET failed, [Errno 110] Connection timed out');
  });

  it('reads a bracket prefix with no space after it', () => {
    const ev = events.find((e) => e.line === 7)!;
    expect(ev).toMatchObject({ prefix: '[Microsoft.OSTCExtensions.LinuxDiagnostic-2.3.9029]', message: 'Update settings file: 0.settings', format: '2.2.27-2.2.45' });
  });
});

describe('2.0: every line carries its own timestamp and ERROR: prefix', () => {
  const { events } = parse(fixture('era-2.0.log'));

  it('groups a traceback by same time + prefix', () => {
    const ev = events.find((e) => e.line === 5)!;
    expect(ev).toMatchObject({ level: 'error', endLine: 10, format: '2.0' });
    expect(ev.message).toBe(
      'Failed to read the provisioning media\nTraceback (most recent call last):\n  File "/usr/sbin/waagent", line 4120, in Provision\n    self.CopyOvf()\nIOError: [Errno 5] Input/output error',
    );
  });

  it('starts a new entry for a same-time line that is not traceback text', () => {
    const ev = events.find((e) => e.line === 11)!;
    expect(ev).toMatchObject({ level: 'error', message: 'Provisioning failed, retrying in 5 seconds' });
    expect(ev.endLine).toBeUndefined();
  });

  it('keeps info lines with the same second apart', () => {
    expect(events.filter((e) => e.time === Date.UTC(2016, 1, 11, 8, 13, 41))).toHaveLength(3);
    expect(events).toHaveLength(8);
  });
});

describe('lines before the first header (timestamps stripped)', () => {
  const { events, stats } = parse(fixture('stripped-timestamps.log'));

  it('emits them with no time, level from the prefix, traceback grouped', () => {
    expect(events[0]).toMatchObject({ time: null, timeSource: 'none', timeText: '', level: 'error', line: 1, endLine: 5, format: 'no-timestamp' });
    expect(events[0]!.message.split('\n')).toEqual([
      'Unexpected error in handler Traceback (most recent call last):',
      '  File "/usr/sbin/waagent", line 5201, in Run',
      '    self.ReportStatus()',
      'OSError: [Errno 28] No space left on device',
    ]);
    expect(events[1]).toMatchObject({ time: null, level: 'error', message: 'Giving up after 3 attempts', line: 6 });
    expect(events[2]).toMatchObject({ time: null, level: 'warning', message: 'Something else went wrong' });
    expect(events[3]).toMatchObject({ time: null, level: 'info', message: 'Plain line without any prefix' });
    expect(events[4]).toMatchObject({ format: '2.0', message: 'Retrieved GoalState from Azure Fabric.', timeSource: 'assumed-utc' });
    expect(stats.formats).toEqual(['no-timestamp', '2.0']);
  });
});

describe('paste artefacts: > quotes, ** bold, blank lines, supervisord', () => {
  const { events, stats } = parse(fixture('pasted-artifacts.log'));

  it('strips the quote marker and bold, drops supervisord lines and stray blank lines', () => {
    expect(events.map((e) => e.line)).toEqual([1, 2, 3, 6, 9]);
    expect(events[0]).toMatchObject({ message: 'Wire server endpoint:168.63.129.16', raw: '> 2022/03/01 08:00:00.000000 INFO ExtHandler Wire server endpoint:168.63.129.16' });
    expect(events[2]!.fields).toEqual({ name: 'WALinuxAgent', op: 'ExtensionProcessing', message: 'Exception processing extension handlers: timed out', duration: '0' });
    expect(events[2]!.endLine).toBeUndefined();
    expect(events[3]!.fields).toEqual({ name: 'WALinuxAgent', op: 'HeartBeat', message: '', duration: '0' });
    expect(events[3]!.message).not.toContain('exited:');
    expect(stats.unparsed).toBe(0);
  });
});

describe('size limits', () => {
  const header = '2024-05-01T10:00:00.000000Z WARNING ExtHandler ExtHandler Big traceback follows';

  it(`keeps at most ${MAX_CONTINUATION_LINES} continuation lines and counts the rest`, () => {
    const lines = Array.from({ length: 250 }, (_, i) => `  frame ${i}`);
    const { events } = parse(`${header}\n${lines.join('\n')}\n2024-05-01T10:00:01.000000Z INFO ExtHandler ExtHandler next\n`);
    expect(events).toHaveLength(2);
    expect(events[0]!.message.split('\n')).toHaveLength(1 + MAX_CONTINUATION_LINES);
    expect(events[0]!.fields).toEqual({ omittedLines: '50' });
    expect(events[0]!.endLine).toBe(251);
  });

  it(`keeps at most ${MAX_MESSAGE_CHARS / 1024} KiB of message`, () => {
    const lines = Array.from({ length: 100 }, () => 'x'.repeat(1000));
    const { events } = parse(`${header}\n${lines.join('\n')}\n`);
    expect(events[0]!.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(Number(events[0]!.fields!.omittedLines)).toBeGreaterThan(30);
  });

  it('handles a 1 MiB line (the line splitter cap) without trouble', () => {
    const huge = `2024-05-01T10:00:00.000000Z ERROR ExtHandler ExtHandler Event: name=WALinuxAgent, op=Enable, message=${'A'.repeat(1 << 20)}, duration=0`;
    const started = performance.now();
    const { events, facts } = parse(`${huge}\n2024-05-01T10:00:01.000000Z INFO ExtHandler ExtHandler after\n`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(events).toHaveLength(2);
    expect(events[0]!.message.length).toBe(MAX_MESSAGE_CHARS);
    expect(events[0]!.raw!.length).toBe(MAX_MESSAGE_CHARS);
    expect(Number(events[0]!.fields!.omittedChars)).toBeGreaterThan(900_000);
    expect(events[0]!.fields!.name).toBe('WALinuxAgent');
    expect(events[1]!.message).toBe('after');
    expect(facts).toEqual([]);
  });
});
