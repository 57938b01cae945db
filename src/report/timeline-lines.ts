// One event a line for `logscan timeline`: JSONL ready for a Timesketch import, or CSV.
import type { LogEvent } from '../model.js';
import { redact } from './redact.js';
import { timeSourceParts, type YearFrom } from '../time/time-source.js';

/** The CSV columns; `record` came last so that readers of the earlier header keep their column positions. */
export const TIMELINE_CSV_HEADER = 'datetime,timestamp_desc,message,source,path,line,level,time_source,record';

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

/** Where the event is: a 1-based line in a text file, or the record number in a binary event log (EVTX). */
function place(event: LogEvent): { line?: number; record?: number } {
  return { ...(event.line > 0 ? { line: event.line } : {}), ...(event.record !== undefined ? { record: event.record } : {}) };
}

function fields(event: LogEvent): Record<string, string | number | undefined> {
  const { line, record } = place(event);
  return {
    datetime: new Date(event.time!).toISOString(),
    timestamp_desc: describe(event),
    message: redact(event.message),
    source: event.source,
    path: event.path,
    line,
    level: event.level,
    time_source: event.timeSource,
    record,
  };
}

/** One JSON object a line; `line` and `record` only where the event has one. */
export function timelineJsonl(event: LogEvent): string {
  return JSON.stringify(fields(event));
}

function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV row in the header's order; an empty cell where the event has no line or no record. */
export function timelineCsv(event: LogEvent): string {
  return Object.values(fields(event)).map(csvCell).join(',');
}
