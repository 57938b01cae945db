import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../src/model.js';
import { eventCsvParser } from '../../../src/parsers/event-exports/index.js';
import { CsvRecords, pickDelimiter } from '../../../src/parsers/event-exports/csv.js';
import { parseText } from '../../../src/parsers/run.js';
import { fixedZone, readFixture, utc } from './helpers.js';

const when = (events: LogEvent[]): (number | null)[] => events.map((e) => e.time);

describe('Event Viewer "Save All Events As CSV"', () => {
  it('reads 5-name headers with 6-field rows, multi-line quoted messages and "" escapes (en-US, M/D/YYYY AM/PM)', async () => {
    const r = await readFixture('eventviewer.en-US.csv');
    expect(r.parser).toBe('event-csv');
    expect(r.stats).toEqual({ unparsed: 0, formats: ['eventviewer-csv', 'dates:m/d/y?'] });
    expect(r.events.map((e) => [e.line, e.endLine, e.level, e.fields!.eventId, e.timeText])).toEqual([
      [2, undefined, 'error', '41', '6/11/2024 12:15:00 AM'],
      [3, undefined, 'error', '7031', '6/10/2024 11:59:30 PM'],
      [4, 15, 'warning', '8229', '6/10/2024 11:50:00 PM'],
      [16, undefined, 'info', '7036', '6/10/2024 11:45:00 PM'],
    ]);
    expect(when(r.events)).toEqual([utc(2024, 6, 11, 0, 15, 0), utc(2024, 6, 10, 23, 59, 30), utc(2024, 6, 10, 23, 50, 0), utc(2024, 6, 10, 23, 45, 0)]);
    expect(r.events.every((e) => e.source === 'event-csv' && e.timeSource === 'assumed-utc' && e.format === 'eventviewer-csv')).toBe(true);
    const vss = r.events[2]!;
    expect(vss.message.split('\n')).toHaveLength(12);
    expect(vss.message).toContain('the error is likely to reoccur.\n. Changes');
    expect(vss.message.endsWith('   Writer Name: "SqlServerWriter"\n   Writer Instance Name: "SQL Server 2019:SQLWriter"')).toBe(true);
    expect(vss.fields).toEqual({ provider: 'VSS', eventId: '8229', taskName: 'None', levelName: 'Warning' });
    expect(vss.raw!.split('\n')).toHaveLength(12);
    expect(vss.raw!.startsWith('Warning,6/10/2024 11:50:00 PM,VSS,8229,None,"A VSS writer')).toBe(true);
    // an empty 6th field: the summary
    expect(r.events[3]!.message).toBe('Service Control Manager 7036');
  });

  it('reads a localised header, level names and day-first dotted dates (de-DE, UTF-8 with BOM)', async () => {
    const r = await readFixture('eventviewer.de-DE.csv');
    expect(r.parser).toBe('event-csv');
    expect(r.stats).toEqual({ unparsed: 0, formats: ['eventviewer-csv', 'dates:d/m/y'] });
    expect(r.events.map((e) => [e.line, e.level, e.fields!.levelName, e.time])).toEqual([
      [2, 'error', 'Fehler', utc(2024, 6, 11, 2, 10, 11)],
      [6, 'warning', 'Warnung', utc(2024, 6, 11, 2, 5, 0)],
      [7, 'info', 'Informationen', utc(2024, 6, 10, 23, 0, 0)],
      [8, 'error', 'Kritisch', utc(2024, 6, 10, 22, 0, 0)],
    ]);
    expect(r.events[1]!.message).toBe('Die Schattenkopien von Volume "C:" wurden gelöscht, da der Schattenkopiespeicher nicht rechtzeitig vergrößert werden konnte.');
  });

  it('holds ambiguous day/month dates until a day above 12 settles the order (fr-FR, UTF-16LE with BOM)', async () => {
    const r = await readFixture('eventviewer.fr-FR.utf16.csv');
    expect(r.parser).toBe('event-csv');
    expect(r.stats).toEqual({ unparsed: 0, formats: ['eventviewer-csv', 'dates:d/m/y'] });
    expect(when(r.events)).toEqual([utc(2024, 6, 5, 10, 0, 0), utc(2024, 6, 4, 9, 0, 0), utc(2024, 5, 13, 8, 0, 0)]);
    expect(r.events.map((e) => [e.line, e.endLine, e.level])).toEqual([
      [2, 3, 'error'],
      [4, undefined, 'warning'],
      [5, undefined, 'info'],
    ]);
    expect(r.events[0]!.fields).toEqual({ provider: 'Service Control Manager', eventId: '7000', taskName: 'Aucun', levelName: 'Erreur' });
  });

  it('guesses the order from the file order when no date proves it (en-AU: day-first with am/pm)', async () => {
    const r = await readFixture('eventviewer.en-AU.csv');
    expect(r.stats?.formats).toEqual(['eventviewer-csv', 'dates:d/m/y?']);
    expect(when(r.events)).toEqual([utc(2024, 6, 2, 9, 0, 0), utc(2024, 6, 1, 23, 0, 0), utc(2024, 5, 12, 8, 0, 0)]);
  });

  it('reads the Security log export (Keywords first: Audit Success / Failure) with en-IN dates', () => {
    const text = [
      'Keywords,Date and Time,Source,Event ID,Task Category',
      'Audit Failure,21-06-2024 14:05:09,Microsoft-Windows-Security-Auditing,4625,Logon,"An account failed to log on.',
      '',
      'Failure Information:',
      '\tFailure Reason:\t\tUnknown user name or bad password."',
      'Audit Success,21-06-2024 14:05:01,Microsoft-Windows-Security-Auditing,4624,Logon,An account was successfully logged on.',
      '',
    ].join('\r\n');
    const { events, stats } = parseText(eventCsvParser, text);
    expect(stats).toEqual({ unparsed: 0, formats: ['eventviewer-csv', 'dates:d/m/y'] });
    expect(events.map((e) => [e.line, e.endLine, e.level, e.time, e.fields])).toEqual([
      [2, 5, 'info', utc(2024, 6, 21, 14, 5, 9), { provider: 'Microsoft-Windows-Security-Auditing', eventId: '4625', taskName: 'Logon', keywordNames: 'Audit Failure' }],
      [6, undefined, 'info', utc(2024, 6, 21, 14, 5, 1), { provider: 'Microsoft-Windows-Security-Auditing', eventId: '4624', taskName: 'Logon', keywordNames: 'Audit Success' }],
    ]);
    expect(events[0]!.message).toBe('An account failed to log on.\n\nFailure Information:\n\tFailure Reason:\t\tUnknown user name or bad password.');
  });

  it('converts the local dates with --tz and marks them', async () => {
    const r = await readFixture('eventviewer.de-DE.csv', { tz: fixedZone(2) });
    expect(r.events.map((e) => [e.time, e.timeSource])[0]).toEqual([utc(2024, 6, 11, 0, 10, 11), 'tz']);
    expect(r.events.every((e) => e.timeSource === 'tz')).toBe(true);
  });

  it('parses the common locale forms', () => {
    const cases: [string, number][] = [
      ['10/7/2016 06:38:24 PM', utc(2016, 10, 7, 18, 38, 24)], // en-US
      ['25/12/2023 18:00:00', utc(2023, 12, 25, 18, 0, 0)], // en-GB, fr
      ['19-07-2026 09:58:57', utc(2026, 7, 19, 9, 58, 57)], // en-IN
      ['19.07.2026 09:58:57', utc(2026, 7, 19, 9, 58, 57)], // de, ru
      ['19.7.2026 9.58.57', utc(2026, 7, 19, 9, 58, 57)], // fi
      ['2026-07-19 09:58:57', utc(2026, 7, 19, 9, 58, 57)], // sv, ISO
      ['2026/07/19 9:58:57', utc(2026, 7, 19, 9, 58, 57)], // ja, zh
      ['2026. 7. 19. 오후 9:58:57', utc(2026, 7, 19, 21, 58, 57)], // ko
      ['2026/7/19 下午 9:58:57', utc(2026, 7, 19, 21, 58, 57)], // zh-TW
      ['19/07/2026 9:58:57 p. m.', utc(2026, 7, 19, 21, 58, 57)], // es-MX
      ['7/19/2026 12:05:00 AM', utc(2026, 7, 19, 0, 5, 0)], // midnight
    ];
    for (const [date, want] of cases) {
      const { events } = parseText(eventCsvParser, `Level,Date and Time,Source,Event ID,Task Category\nInformation,${date},EventLog,6005,None,x\n`);
      expect([date, events[0]!.time]).toEqual([date, want]);
    }
  });

  it('reads a header-only export as no events', async () => {
    const r = await readFixture('eventviewer.header-only.csv');
    expect(r.parser).toBe('event-csv');
    expect(r.events).toEqual([]);
    expect(r.stats).toEqual({ unparsed: 0, formats: [] });
    expect(r.problems).toEqual([]);
  });

  it('keeps the good rows of a damaged export and counts the rest', async () => {
    const r = await readFixture('eventviewer-damaged.csv');
    expect(r.events.map((e) => [e.line, e.fields!.eventId, e.time])).toEqual([
      [2, '8193', utc(2024, 6, 11, 3, 0, 0)],
      [5, '6005', null],
    ]);
    // event id not a number, the junk line, the quote that never closes
    expect(r.stats?.unparsed).toBe(3);
    expect(r.stats?.formats).toContain('dates:unrecognised');
    expect(r.problems).toEqual(['the last CSV record is cut off (a quoted field never closes)']);
  });
});

describe('PowerShell Export-Csv / ConvertTo-Csv', () => {
  it('reads the #TYPE line, the property header and multi-line Message values', async () => {
    const r = await readFixture('powershell-5.1-export.csv');
    expect(r.parser).toBe('event-csv');
    expect(r.stats).toEqual({ unparsed: 0, formats: ['powershell-csv', 'dates:m/d/y?'] });
    const [crash, scm] = r.events;
    expect(crash).toMatchObject({
      line: 3,
      endLine: 5,
      record: 30002,
      level: 'error',
      time: utc(2024, 6, 11, 3, 7, 0),
      timeText: '6/11/2024 3:07:00 AM',
      format: 'powershell-csv',
      message: 'Faulting application name: IaaSBcdrExtension.exe, version: 1.0.0.0, time stamp: 0x5f000000\nFaulting module name: ntdll.dll, version: 10.0.17763.5122, time stamp: 0x2b2a5c2d\nException code: 0xc0000005',
    });
    expect(crash!.fields).toEqual({
      provider: 'Application Error',
      eventId: '1000',
      qualifiers: '0',
      version: '0',
      levelValue: '2',
      task: '100',
      opcode: '0',
      keywords: '0x80000000000000',
      recordId: '30002',
      channel: 'Application',
      containerLog: 'Application',
      processId: '0',
      threadId: '0',
      computer: 'vmbackup01',
      levelName: 'Error',
      opcodeName: 'Info',
      taskName: 'Application Crashing Events',
    });
    expect(scm).toMatchObject({ line: 6, record: 88140, level: 'info', fields: { keywords: '0x8080000000000000', providerGuid: '555908d1-a6d7-4695-8e1e-26931d2012f4', qualifiers: '16384' } });
  });

  it('reads -UseCulture output (semicolons, local dates, localised level names)', async () => {
    const r = await readFixture('powershell-useculture.de-DE.csv');
    expect(r.parser).toBe('event-csv');
    expect(r.stats).toEqual({ unparsed: 0, formats: ['powershell-csv', 'dates:d/m/y'] });
    expect(r.events.map((e) => [e.line, e.level, e.time, e.fields!.provider])).toEqual([
      [2, 'error', utc(2024, 6, 11, 3, 7, 0), 'Application Error'],
      [3, 'info', utc(2024, 6, 11, 3, 8, 0), 'Service Control Manager'],
    ]);
    expect(r.events[1]!.message).toBe('Der Dienst "Windows Azure Guest Agent" befindet sich jetzt im Status "Wird ausgeführt".');
  });
});

describe('the CSV state machine', () => {
  it('joins quoted fields over lines and unescapes ""', () => {
    const reader = new CsvRecords();
    expect(reader.line('a,"b ""x"", c', 1)).toBeUndefined();
    expect(reader.pending).toBe(true);
    expect(reader.line('', 2)).toBeUndefined();
    expect(reader.line('d",,"e"', 3)).toEqual({ fields: ['a', 'b "x", c\n\nd', '', 'e'], line: 1, endLine: 3, raw: 'a,"b ""x"", c\n\nd",,"e"' });
    expect(reader.line('plain,"quoted"tail,x"y', 4)).toEqual({ fields: ['plain', 'quotedtail', 'x"y'], line: 4, endLine: 4, raw: 'plain,"quoted"tail,x"y' });
  });

  it('picks the delimiter from the header', () => {
    expect(pickDelimiter('"Message","Id","Level"')).toBe(',');
    expect(pickDelimiter('"Message";"Id";"Level, or not"')).toBe(';');
    expect(pickDelimiter('Level\tDate and Time\tSource')).toBe('\t');
  });
});
