// How a source's times were placed in UTC, summed up from its events' time sources (`SourceSummary.clock`).
// Core module: no Node imports.
import type { SourceClock, TimeSource } from '../model.js';
import { isoTime } from '../model.js';
import { timeSourceParts, type YearFrom } from './time-source.js';

type Local = NonNullable<SourceClock['local']>;

/** The least trustworthy wins: one line taken as UTC makes the source's notice say so. */
const LOCAL_RANK: Record<Local, number> = { tz: 1, 'inferred-offset': 2, 'assumed-utc': 3 };
const YEAR_RANK: Record<YearFrom, number> = { bundle: 1, mtime: 2, now: 3 };

export class ClockTally {
  private last: TimeSource = 'utc';
  /** The last time source carried an inferred year. */
  private yearless = false;
  private local: Local | undefined;
  private year: YearFrom | undefined;
  private min = Infinity;
  private max = -Infinity;

  /** Once per event: a file keeps one time source for long runs, so this is mostly one comparison. */
  add(source: TimeSource, time: number | null): void {
    if (source !== this.last) this.change(source);
    if (this.yearless && time !== null) {
      if (time < this.min) this.min = time;
      if (time > this.max) this.max = time;
    }
  }

  private change(source: TimeSource): void {
    this.last = source;
    const { zone, year } = timeSourceParts(source);
    if (zone === 'assumed-utc' || zone === 'tz' || zone === 'inferred-offset') {
      if (this.local === undefined || LOCAL_RANK[zone] > LOCAL_RANK[this.local]) this.local = zone;
    }
    this.yearless = year !== undefined;
    if (year !== undefined && (this.year === undefined || YEAR_RANK[year] > YEAR_RANK[this.year])) this.year = year;
  }

  /** Undefined when every time was UTC as written, with its year. */
  clock(): SourceClock | undefined {
    if (this.local === undefined && this.year === undefined) return undefined;
    const from = isoTime(this.min);
    const to = isoTime(this.max);
    return {
      ...(this.local !== undefined ? { local: this.local } : {}),
      ...(this.year !== undefined ? { year: this.year } : {}),
      ...(from !== undefined && to !== undefined ? { yearless: { from, to } } : {}),
    };
  }
}
