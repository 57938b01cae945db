// One event a line for `logscan timeline`: JSONL ready for a Timesketch import, or CSV.
import type { LogEvent } from '../model.js';
import { redact } from './redact.js';
import { timeSourceParts, type YearFrom } from '../time/time-source.js';

export const TIMELINE_CSV_HEADER = 'datetime,timestamp_desc,message,source,path,line,level,time_source';

function describe(event: LogEvent): string {
  const { zone, year } = timeSourceParts(event.timeSource);
  const yearNote = year === undefined ? '' : `; no year written: ${YEAR_FROM[year]}`;
  switch (zone) {
    case 'utc':
      return `Log entry time (UTC${yearNote})`;
    case 'tz':
      return `Log entry time (local time converted with --tz${yearNote})`;
    case 'inferred-offset':
      return `Log entry time (local time converted with the offset ${event.fields?.localOffset ?? ''} read from the file's UTC stamps)`;
    default:
      return `Log entry time (local time taken as UTC${yearNote})`;
  }
}

const YEAR_FROM: Record<YearFrom, string> = {
  mtime: "year of the file's modification time",
  bundle: "year shown by the bundle's dated logs",
  now: "current year",
};

function fields(event: LogEvent): Record<string, string | number> {
  return {
    datetime: new Date(event.time!).toISOString(),
    timestamp_desc: describe(event),
    message: redact(event.message),
    source: event.source,
    path: event.path,
    line: event.line,
    level: event.level,
    time_source: event.timeSource,
  };
}

export function timelineJsonl(event: LogEvent): string {
  return JSON.stringify(fields(event));
}

function csvCell(value: string | number): string {
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function timelineCsv(event: LogEvent): string {
  return Object.values(fields(event)).map(csvCell).join(',');
}
