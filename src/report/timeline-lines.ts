// One event a line for `logscan timeline`: JSONL ready for a Timesketch import, or CSV.
// A timeline is millions of lines, so a line is built as one template string: the parts that stay the same from one
// event to the next of a file (source, path, level, time source and its description) are rendered once and reused,
// and the time is formatted from a cached day. The output is the same as `JSON.stringify` of the fields object
// would give (the tests compare them).
import type { LogEvent, TimeSource } from '../model.js';
import { csvCell } from './output-escape.js';
import { Redactor } from './redact.js';
import { timeSourceParts, type YearFrom } from '../time/time-source.js';

/** The CSV columns; `record` came last so that readers of the earlier header keep their column positions. */
export const TIMELINE_CSV_HEADER = 'datetime,timestamp_desc,message,source,path,line,level,time_source,record';

export type TimelineFormat = 'jsonl' | 'csv';

function describe(timeSource: TimeSource, localOffset: string | undefined): string {
  const { zone, year } = timeSourceParts(timeSource);
  const yearNote = year === undefined ? '' : `; no year written: ${YEAR_FROM[year]}`;
  switch (zone) {
    case 'utc':
      return `Log entry time (UTC${yearNote})`;
    case 'tz':
      return `Log entry time (local time converted with --tz${yearNote})`;
    case 'inferred-offset':
      return `Log entry time (local time converted with the offset ${localOffset ?? ''} read from the file's UTC stamps)`;
    default:
      return `Log entry time (local time taken as UTC${yearNote})`;
  }
}

const YEAR_FROM: Record<YearFrom, string> = {
  mtime: "year of the file's modification time",
  bundle: "year shown by the bundle's dated logs",
  now: "current year",
};

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: from there on `toISOString` writes a six-digit year with a sign. */
const YEAR_10000 = 253_402_300_800_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * `new Date(ms).toISOString()`, without a Date per line: the day's `YYYY-MM-DDT` is kept while lines stay in it
 * (a log's lines mostly do). Times outside 1970-9999 or with a fraction of a millisecond take `toISOString` itself.
 */
class IsoTimes {
  private dayStart = NaN;
  private dayText = '';

  format(ms: number): string {
    if (!(ms >= 0 && ms < YEAR_10000) || ms % 1 !== 0) return new Date(ms).toISOString();
    let inDay = ms - this.dayStart;
    if (!(inDay >= 0 && inDay < DAY_MS)) {
      this.dayStart = ms - (ms % DAY_MS);
      this.dayText = new Date(this.dayStart).toISOString().slice(0, 11);
      inDay = ms - this.dayStart;
    }
    const seconds = Math.floor(inDay / 1000);
    const minutes = Math.floor(seconds / 60);
    return `${this.dayText}${TWO_DIGITS[Math.floor(minutes / 60)]}:${TWO_DIGITS[minutes % 60]}:${TWO_DIGITS[seconds % 60]}.${THREE_DIGITS[inDay % 1000]}Z`;
  }
}

/** What events of one file share, as raw values (to recognise the next event) and rendered. */
interface Context {
  source: string;
  path: string;
  level: string | undefined;
  timeSource: TimeSource | undefined;
  localOffset: string | undefined;
  /** Rendered: the `timestamp_desc` value, and what follows the message up to `line` / after `line`. */
  desc: string;
  afterMessage: string;
  afterLine: string;
}

/**
 * The lines of one timeline: its format, and the redactor of everything it writes (one token per distinct secret
 * across all its lines). One per output: a second output gets its own numbering.
 */
export class TimelineLines {
  private readonly iso = new IsoTimes();
  private rawPath: string | undefined;
  private redactedPath = '';
  private context: Context | undefined;

  constructor(
    readonly format: TimelineFormat,
    readonly redactor: Redactor = new Redactor(),
  ) {}

  /** The event's line: JSON with `line` and `record` only where the event has one, or a CSV row in the header's order. */
  line(event: LogEvent): string {
    // Every field that carries bundle text (message, source, path) goes through the redactor, path first: its
    // tokens are numbered in the order they are met. A path redacts the same each time (no file is followed for it).
    if (event.path !== this.rawPath) {
      this.redactedPath = this.redactor.text(event.path);
      this.rawPath = event.path;
    }
    const path = this.redactedPath;
    const message = this.redactor.text(event.message, path);
    // The source too, every time: the redactor follows a private key logged line by line in the file, through it.
    const source = this.redactor.text(event.source, path);
    const context = this.contextOf(event, source, path);
    const datetime = this.iso.format(event.time!);
    const line = event.line > 0 ? event.line : undefined;
    if (this.format === 'jsonl') {
      return `{"datetime":"${datetime}","timestamp_desc":${context.desc},"message":${JSON.stringify(message)}${context.afterMessage}${
        line === undefined ? '' : `,"line":${jsonNumber(line)}`
      }${context.afterLine}${event.record === undefined ? '' : `,"record":${jsonNumber(event.record)}`}}`;
    }
    return `${csvCell(datetime)},${context.desc},${csvCell(message)}${context.afterMessage}${line === undefined ? '' : csvCell(line)}${context.afterLine}${csvCell(event.record)}`;
  }

  private contextOf(event: LogEvent, source: string, path: string): Context {
    const c = this.context;
    const localOffset = event.timeSource === 'inferred-offset' ? event.fields?.localOffset : undefined;
    if (c !== undefined && c.source === source && c.path === path && c.level === event.level && c.timeSource === event.timeSource && c.localOffset === localOffset) {
      return c;
    }
    const desc = describe(event.timeSource, localOffset);
    const level: string | undefined = event.level;
    const timeSource: string | undefined = event.timeSource;
    const context: Context =
      this.format === 'jsonl'
        ? {
            source,
            path,
            level,
            timeSource: event.timeSource,
            localOffset,
            desc: JSON.stringify(desc),
            afterMessage: `,"source":${JSON.stringify(source)},"path":${JSON.stringify(path)}`,
            afterLine: `${level === undefined ? '' : `,"level":${JSON.stringify(level)}`}${timeSource === undefined ? '' : `,"time_source":${JSON.stringify(timeSource)}`}`,
          }
        : {
            source,
            path,
            level,
            timeSource: event.timeSource,
            localOffset,
            desc: csvCell(desc),
            afterMessage: `,${csvCell(source)},${csvCell(path)},`,
            afterLine: `,${csvCell(level)},${csvCell(timeSource)},`,
          };
    this.context = context;
    return context;
  }
}

/** A number as `JSON.stringify` writes it (`null` for NaN and the infinities). */
function jsonNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/** One event's JSON line on its own (a timeline of many lines uses one `TimelineLines`, for one token numbering). */
export function timelineJsonl(event: LogEvent, redactor: Redactor = new Redactor()): string {
  return new TimelineLines('jsonl', redactor).line(event);
}

/**
 * One event's CSV row on its own. A cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, carriage
 * return first) starts with `'` (output-escape.ts).
 */
export function timelineCsv(event: LogEvent, redactor: Redactor = new Redactor()): string {
  return new TimelineLines('csv', redactor).line(event);
}
