import { describe, expect, it } from 'vitest';
import { powerShellJsonParser } from '../../../src/parsers/event-exports/index.js';
import { parseText } from '../../../src/parsers/run.js';
import { fixedZone, readFixture, utc } from './helpers.js';

describe('PowerShell Get-WinEvent | ConvertTo-Json', () => {
  it('reads the Windows PowerShell 5.1 shape: \\/Date(ms)\\/, two spaces after the colon, degraded or deep Properties', async () => {
    const r = await readFixture('powershell-5.1.json');
    expect(r.parser).toBe('event-json');
    expect(r.stats).toEqual({ unparsed: 0, formats: ['powershell-5.1-json'] });
    const [scm, memory] = r.events;
    expect(scm).toMatchObject({
      source: 'event-json',
      line: 2,
      endLine: 39,
      record: 88150,
      time: utc(2024, 6, 11, 3, 10, 0),
      timeText: '/Date(1718075400000)/',
      timeSource: 'utc',
      level: 'error',
      format: 'powershell-5.1-json',
      message: "The 'Windows Azure Guest Agent' service terminated unexpectedly.  It has done this 3 time(s).",
    });
    expect(scm!.fields).toEqual({
      provider: 'Service Control Manager',
      eventId: '7034',
      qualifiers: '49152',
      version: '0',
      levelValue: '2',
      task: '0',
      opcode: '0',
      recordId: '88150',
      providerGuid: '555908d1-a6d7-4695-8e1e-26931d2012f4',
      channel: 'System',
      containerLog: 'System',
      processId: '688',
      threadId: '4120',
      computer: 'vmbackup01',
      levelName: 'Error',
      opcodeName: 'Info',
      keywords: '0x8080000000000000',
      keywordNames: 'Classic',
    });
    expect(scm!.raw!.startsWith('{\n        "Id":  7034,')).toBe(true);
    expect(scm!.raw!.endsWith('}')).toBe(true);
    // -Depth 3: Properties kept as [{"Value": …}] -> data.<index>; Message null -> the summary; UserId SID object
    expect(memory).toMatchObject({ line: 40, record: 88151, level: 'warning' });
    expect(memory!.fields).toMatchObject({ userId: 'S-1-5-18', activityId: '6a1c2c11-8d3c-4b61-9a52-0b6e2f4d1a10', keywords: '0x8000000020000000', 'data.0': '8589934592', 'data.1': 'sqlservr.exe', 'data.2': 'a {brace} and a "quote" in data' });
    expect(memory!.message).toBe('Microsoft-Windows-Resource-Exhaustion-Detector 2004: 8589934592; sqlservr.exe; a {brace} and a "quote" in data');
  });

  it('reads the PowerShell 7 shape: ISO TimeCreated with the local offset (UTC), and without one (--tz)', async () => {
    const r = await readFixture('powershell-7.json');
    expect(r.stats).toEqual({ unparsed: 0, formats: ['powershell-7-json'] });
    expect(r.events.map((e) => [e.line, e.endLine, e.record, e.time, e.timeSource])).toEqual([
      [2, 39, 30020, utc(2024, 6, 11, 3, 10, 11, 123), 'utc'],
      [40, 49, 88160, utc(2024, 6, 11, 3, 0, 0, 500), 'assumed-utc'],
    ]);
    expect(r.events[0]!.message).toBe('Volume Shadow Copy Service error: Unexpected error calling routine CoCreateInstance.  hr = 0x80040154, Class not registered\n\nOperation:\n   Instantiating VSS server');
    expect(r.events[0]!.fields).toMatchObject({ keywords: '0x80000000000000', 'data.0': 'CoCreateInstance', 'data.1': '0x80040154, Class not registered', keywordNames: 'Classic' });
    const tz = await readFixture('powershell-7.json', { tz: fixedZone(2) });
    expect(tz.events.map((e) => [e.time, e.timeSource])).toEqual([
      [utc(2024, 6, 11, 3, 10, 11, 123), 'utc'],
      [utc(2024, 6, 11, 1, 0, 0, 500), 'tz'],
    ]);
  });

  it('reads -Compress output (several objects on one line) and a lone object', async () => {
    const c = await readFixture('powershell-compressed.json');
    expect(c.parser).toBe('event-json');
    expect(c.events.map((e) => [e.line, e.record, e.message])).toEqual([
      [1, 88170, 'The Event log service was started.'],
      [1, 88171, 'The Event log service was stopped.'],
    ]);
    expect(c.events[1]!.raw).toBe('{"Id":6006,"Level":4,"RecordId":88171,"ProviderName":"EventLog","LogName":"System","TimeCreated":"\\/Date(1718078460000)\\/","LevelDisplayName":"Information","Message":"The Event log service was stopped."}');
    const s = await readFixture('powershell-single.json');
    expect(s.parser).toBe('event-json');
    expect(s.events.map((e) => [e.line, e.endLine, e.record, e.level])).toEqual([[1, 10, 88180, 'error']]);
  });

  it('keeps the good objects of a damaged export and counts the rest', async () => {
    const r = await readFixture('powershell-damaged.json');
    expect(r.events.map((e) => [e.line, e.record])).toEqual([[2, 88190]]);
    // the object that is not JSON, the object that is not an event, the garbage line, the object cut at the end
    expect(r.stats?.unparsed).toBe(4);
    expect(r.problems).toEqual(['line 10: a JSON object that cannot be parsed', 'line 20: JSON object cut off at the end of the file']);
  });

  it('accepts Select-Object subsets, level names without numbers, and /Date(ms+zzzz)/', () => {
    const { events, stats } = parseText(
      powerShellJsonParser,
      '[{"TimeCreated":"/Date(1718078400000+0200)/","Id":1074,"LevelDisplayName":"Warnung","ProviderName":"User32","Message":"x"}]\n',
    );
    expect(stats.unparsed).toBe(0);
    expect(events[0]).toMatchObject({ time: utc(2024, 6, 11, 4, 0, 0), timeSource: 'utc', level: 'warning', message: 'x' });
  });

  it('is not fooled by braces and quotes inside strings, and never throws on noise', () => {
    const text = ['[', '  {', '    "Id": 1, "ProviderName": "p", "Message": "} { ] [ \\" \\\\",', '    "TimeCreated": "2024-06-11T03:00:00Z"', '  },', '  }}} ]]] ,,, "loose"', ']', ''].join('\n');
    const { events, stats } = parseText(powerShellJsonParser, text);
    expect(events.map((e) => e.message)).toEqual(['} { ] [ " \\']);
    expect(stats.unparsed).toBe(1);
    expect(() => parseText(powerShellJsonParser, '\u0000{{{{"\n\u0001]]]\n{"a":\n')).not.toThrow();
  });
});
