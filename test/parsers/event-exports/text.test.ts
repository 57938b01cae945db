import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../src/model.js';
import { wevtutilTextParser } from '../../../src/parsers/event-exports/index.js';
import { parseText } from '../../../src/parsers/run.js';
import { fixedZone, readFixture, utc } from './helpers.js';

const strip = (events: LogEvent[]): Omit<LogEvent, 'path'>[] => events.map(({ path: _path, ...rest }) => rest);

describe('wevtutil qe /f:text', () => {
  it('reads each Event[n] block: fields, multi-line description with blank lines, local dates', async () => {
    const r = await readFixture('wevtutil-text.en-US.txt');
    expect(r.parser).toBe('event-text');
    expect(r.stats).toEqual({ unparsed: 0, formats: ['wevtutil-text', 'dates:y/m/d'] });
    expect(r.events.map((e) => [e.line, e.endLine, e.level, e.time, e.timeSource])).toEqual([
      [1, 20, 'error', utc(2024, 6, 11, 5, 2, 1, 987), 'assumed-utc'],
      [22, 37, 'info', utc(2024, 6, 11, 5, 3, 0), 'assumed-utc'],
      [39, 52, 'info', utc(2024, 6, 11, 5, 4, 0), 'assumed-utc'],
    ]);
    const [vss, clock, scm] = r.events;
    expect(vss).toMatchObject({
      source: 'event-text',
      timeText: '2024-06-11T05:02:01.987',
      format: 'wevtutil-text',
      fields: { provider: 'VSS', eventId: '12297', channel: 'Application', computer: 'vmbackup01', levelName: 'Error', keywordNames: 'Classic', index: '0' },
    });
    expect(vss!.message).toBe(
      'Volume Shadow Copy Service error: The I/O writes cannot be flushed during the shadow copy creation period on volume C:\\. The volume index in the shadow copy set is 0. Error details: Open[0x00000000], Flush[0x80042313], Release[0x00000000], OnRun[0x00000000].\n\nOperation:\n   Executing Asynchronous Operation\n\nContext:\n   Current State: DoSnapshotSet',
    );
    // N/A values are left out
    expect(Object.keys(vss!.fields!)).not.toContain('taskName');
    expect(Object.keys(vss!.fields!)).not.toContain('userId');
    expect(vss!.raw!.split('\n')[0]).toBe('Event[0]:');
    expect(vss!.raw!.split('\n')).toHaveLength(20);
    expect(clock!.fields).toMatchObject({ userId: 'S-1-5-18', userName: 'NT AUTHORITY\\SYSTEM', opcodeName: 'Info', keywordNames: 'Time' });
    // Description N/A: the summary
    expect(scm!.message).toBe('Service Control Manager 7036');
  });

  it('converts local dates with --tz and marks them', async () => {
    const r = await readFixture('wevtutil-text.en-US.txt', { tz: fixedZone(2) });
    expect(r.events.map((e) => [e.time, e.timeSource])).toEqual([
      [utc(2024, 6, 11, 3, 2, 1, 987), 'tz'],
      [utc(2024, 6, 11, 3, 3, 0), 'tz'],
      [utc(2024, 6, 11, 3, 4, 0), 'tz'],
    ]);
  });

  it('takes dates with a zone as UTC whatever --tz says', async () => {
    const r = await readFixture('wevtutil-text.ru-RU-labels.txt', { tz: fixedZone(3) });
    expect(r.events.map((e) => [e.time, e.timeSource, e.timeText])).toEqual([
      [utc(2024, 6, 11, 2, 11, 0, 500), 'utc', '2024-06-11T02:11:00.5000000Z'],
      [utc(2024, 6, 11, 2, 12, 0), 'utc', '2024-06-11T02:12:00.0000000Z'],
    ]);
  });

  it('reads localised labels by their place in the block, and localised values', async () => {
    const r = await readFixture('wevtutil-text.ru-RU-labels.txt');
    expect(r.stats?.unparsed).toBe(0);
    const [scm, vss] = r.events;
    expect(scm).toMatchObject({
      line: 1,
      endLine: 14,
      level: 'error',
      message: 'Служба "Windows Azure Guest Agent" неожиданно завершена. Это произошло (раз): 3.',
      fields: { channel: 'System', provider: 'Service Control Manager', eventId: '7034', levelName: 'Ошибка', opcodeName: 'Сведения', keywordNames: 'Классический', computer: 'vmbackup01' },
    });
    expect(Object.keys(scm!.fields!)).not.toContain('taskName'); // Н/Д
    // the (unknown) 12th label is the description, so an indented message line is still the message
    expect(vss).toMatchObject({ line: 16, level: 'info', message: 'Служба теневого копирования томов завершает работу по истечении времени простоя.', fields: { eventId: '8224', levelName: 'Сведения' } });
  });

  it('reads the UTF-16LE (BOM) output of wevtutil /uni:true the same way', async () => {
    const a = await readFixture('wevtutil-text.ru-RU-labels.txt');
    const b = await readFixture('wevtutil-text.ru-RU-labels.utf16.txt');
    expect(b.parser).toBe('event-text');
    expect(strip(b.events)).toEqual(strip(a.events));
  });

  it('ends the field block at the first unindented line when the description label is unknown', () => {
    const { events, stats } = parseText(wevtutilTextParser, ['Event[0]:', '  Log Name: System', '  Source: EventLog', '  Event ID: 6005', '  Level: Information', '  Beschreibung:', 'Der Ereignisprotokolldienst wurde gestartet.', ''].join('\n'));
    expect(stats.unparsed).toBe(0);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ message: 'Der Ereignisprotokolldienst wurde gestartet.', time: null, timeSource: 'none', fields: { provider: 'EventLog', eventId: '6005' } });
    expect(Object.keys(events[0]!.fields!)).not.toContain('description');
  });

  it('counts text outside records and empty records, and never throws', () => {
    const text = ['garbage before the first record', 'Event[0]:', 'Event[1]:', '  Log Name: System', '  Source: EventLog', '  Date: not a date', '  Event ID: 6006', '  Description:', 'Stopped.', '\u0000\u0001\u0002', ''].join('\n');
    const { events, stats } = parseText(wevtutilTextParser, text);
    expect(stats.unparsed).toBe(2);
    expect(stats.formats).toContain('dates:unrecognised');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ line: 3, time: null, message: 'Stopped.\n\u0000\u0001\u0002' });
  });
});

describe('wevtutil text in bounded memory', () => {
  it('a record with 100,000 extra label lines keeps its own fields and description', () => {
    const extra = Array.from({ length: 100_000 }, (_, i) => `  Extra${i}: value ${i}`);
    const text = ['Event[0]:', '  Log Name: Application', '  Source: VSS', '  Date: 2024-06-11T05:02:01.987', '  Event ID: 12297', '  Level: Error', ...extra, '  Computer: vmbackup01', '  Description:', 'The shadow copy failed.', ''].join('\n');
    const r = parseText(wevtutilTextParser, text, { path: 'events.txt' });
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ level: 'error', time: utc(2024, 6, 11, 5, 2, 1, 987), message: 'The shadow copy failed.' });
    expect(r.events[0]!.fields).toMatchObject({ provider: 'VSS', eventId: '12297', channel: 'Application', levelName: 'Error' });
    expect(r.events[0]!.endLine).toBe(100_009);
  });
});
