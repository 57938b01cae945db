// One event a line for `logscan timeline`: JSONL ready for a Timesketch import, or CSV.
import type { LogEvent } from '../model.js';
import { redact } from './redact.js';

export const TIMELINE_CSV_HEADER = 'datetime,timestamp_desc,message,source,path,line,level,time_source';

function describe(event: LogEvent): string {
  return event.timeSource === 'utc' ? 'Log entry time (UTC)' : event.timeSource === 'tz' ? 'Log entry time (local time converted with --tz)' : 'Log entry time (local time taken as UTC)';
}

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
