// Windows events as CSV (../shared/docs/evtx.md §4 d, e):
//   Event Viewer "Save All Events As… CSV": a header of 5 names and data rows of 6 fields, the 6th (the message,
//     unnamed) quoted and spanning lines (CRLF, blank lines, tabs; `""` escapes):
//       Level,Date and Time,Source,Event ID,Task Category           (Security log: `Keywords` first, Audit Success/
//       Information,10/7/2016 06:38:24 PM,Microsoft-Windows-…,4658,File System,"message…"      Audit Failure)
//     Header names and level values are localised; dates are the exporting machine's short date and long time with
//     no zone (dates.ts). Columns are taken by place, which no language changes.
//   PowerShell `Get-WinEvent | Export-Csv` / `ConvertTo-Csv`: an optional `#TYPE System.Diagnostics.Eventing.Reader.
//     EventLogRecord` line, a header of property names (`"Message","Id","Version",…`), every value quoted; columns
//     taken by name; TimeCreated in the current culture's format; collections written as their type names (the
//     event data is lost). `-UseCulture` uses `;` (the delimiter is read off the header).
// A small CSV state machine gathers each record over as many lines as its quoted fields span.
//
// Each row: source `event-csv`, `line` where the record starts, `endLine` where it ends, time local -> --tz
// (`tz` / `assumed-utc`; day/month order decided per file, reported as `dates:d/m/y` or `dates:m/d/y?` when guessed),
// level from the level name (Audit Success/Failure -> info), message = the 6th field / Message column, else the
// `Provider EventID` summary; raw = the record's lines.
//
// Modules: csv-records.ts (the CSV state machine), csv-header.ts (header rows, localised names), csv-rows.ts (a row
// -> event parts), csv-lines.ts (the line parser joining them), csv-sniff.ts (recognising the format).
import type { Parser } from '../types.js';
import { EVENT_CSV_SOURCE } from './common.js';
import { EventCsvLines } from './csv-lines.js';
import { sniffEventCsv } from './csv-sniff.js';

export { CsvRecords, pickDelimiter, type CsvRecord } from './csv-records.js';
export { sniffEventCsv } from './csv-sniff.js';

export const eventCsvParser: Parser = {
  id: EVENT_CSV_SOURCE,
  description: 'Windows events as CSV (Event Viewer "Save All Events As CSV", PowerShell Export-Csv / ConvertTo-Csv)',
  globs: [],
  sniff: sniffEventCsv,
  samples: [
    {
      line: [
        'Level,Date and Time,Source,Event ID,Task Category',
        'Error,3/5/2024 2:10:11 AM,VSS,8193,None,"Volume Shadow Copy Service error: Unexpected error calling routine CoCreateInstance.  hr = 0x80040154, Class not registered',
        '',
        'Operation:',
        '   Instantiating VSS server"',
      ].join('\r\n'),
      expect: {
        source: EVENT_CSV_SOURCE,
        line: 2,
        endLine: 5,
        level: 'error',
        time: Date.UTC(2024, 2, 5, 2, 10, 11),
        timeText: '3/5/2024 2:10:11 AM',
        timeSource: 'assumed-utc',
        format: 'eventviewer-csv',
        message: 'Volume Shadow Copy Service error: Unexpected error calling routine CoCreateInstance.  hr = 0x80040154, Class not registered\n\nOperation:\n   Instantiating VSS server',
        fields: { provider: 'VSS', eventId: '8193', levelName: 'Error', taskName: 'None' },
      },
    },
    {
      line: [
        '#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord',
        '"Message","Id","Version","Qualifiers","Level","Task","Opcode","Keywords","RecordId","ProviderName","LogName","MachineName","TimeCreated","LevelDisplayName"',
        '"The Windows Azure Guest Agent service terminated unexpectedly.","7034",,"49152","2","0","0","36028797018963968","90210","Service Control Manager","System","vm-sample","3/5/2024 2:11:00 AM","Error"',
      ].join('\r\n'),
      expect: {
        source: EVENT_CSV_SOURCE,
        line: 3,
        record: 90210,
        level: 'error',
        time: Date.UTC(2024, 2, 5, 2, 11, 0),
        format: 'powershell-csv',
        message: 'The Windows Azure Guest Agent service terminated unexpectedly.',
        fields: { provider: 'Service Control Manager', eventId: '7034', qualifiers: '49152', keywords: '0x80000000000000', channel: 'System', computer: 'vm-sample' },
      },
    },
  ],
  create: (ctx) => new EventCsvLines(ctx),
};
