// One event a line for `logscan timeline`: JSONL ready for a Timesketch import, or CSV.
import type { LogEvent } from '../model.js';
import { csvCell } from './output-escape.js';
import { Redactor } from './redact.js';
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

/**
 * The redactor of the timeline lines written by this process: one token per distinct secret across all of them. A
 * caller may pass its own (one per output).
 */
export const timelineRedactor = new Redactor();

/** Every field that carries bundle text (message, source, path) goes through the redactor. */
function redacted(event: LogEvent, redactor: Redactor): { message: string; source: string; path: string } {
  const path = redactor.text(event.path);
  return { message: redactor.text(event.message, path), source: redactor.text(event.source, path), path };
}

function fields(event: LogEvent, redactor: Redactor): Record<string, string | number | undefined> {
  const { line, record } = place(event);
  const text = redacted(event, redactor);
  return {
    datetime: new Date(event.time!).toISOString(),
    timestamp_desc: describe(event),
    message: text.message,
    source: text.source,
    path: text.path,
    line,
    level: event.level,
    time_source: event.timeSource,
    record,
  };
}

/** One JSON object a line; `line` and `record` only where the event has one. */
export function timelineJsonl(event: LogEvent, redactor: Redactor = timelineRedactor): string {
  return JSON.stringify(fields(event, redactor));
}

/**
 * One CSV row in the header's order; an empty cell where the event has no line or no record. A cell that a spreadsheet
 * would read as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) starts with `'` (output-escape.ts).
 */
export function timelineCsv(event: LogEvent, redactor: Redactor = timelineRedactor): string {
  return Object.values(fields(event, redactor)).map(csvCell).join(',');
}
