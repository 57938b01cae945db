// Where a time came from, in two parts: its zone (`utc`, `assumed-utc`, `tz`, ...) and, for lines written without a
// year, where the year came from (`assumed-utc+year-mtime`). Core module: no Node imports.
import type { TimeSource } from '../model.js';

/** Where the year of a line written without one came from, when its file states none. */
export type YearFrom = 'mtime' | 'bundle' | 'now';

/** The zone part of a time source. */
export type ZoneSource = 'utc' | 'assumed-utc' | 'tz' | 'inferred-offset' | 'none';

/** `zone` with the year's origin appended (`assumed-utc+year-mtime`), or `zone` alone when the file states the year. */
export function withYear(zone: 'utc' | 'assumed-utc' | 'tz', year: YearFrom | undefined): TimeSource {
  return year === undefined ? zone : `${zone}+year-${year}`;
}

/** Splits a time source into its zone and the year's origin. */
export function timeSourceParts(source: TimeSource): { zone: ZoneSource; year?: YearFrom } {
  const plus = source.indexOf('+');
  if (plus < 0) return { zone: source as ZoneSource };
  return { zone: source.slice(0, plus) as ZoneSource, year: source.slice(plus + 6) as YearFrom };
}

/** Where the parsers take the year of year-less lines from, before anything in the file says. */
export interface YearBasis {
  /** Epoch ms whose year they take: the entry's mtime, else now. */
  reference: number;
  /** Whole years to add to what the reference gives (a second pass: the bundle's dated sources said so). */
  shift: number;
  from: YearFrom;
}

/** Member times before this are placeholders (tar's 0, zip's 1980 default), not when the file was written. */
const PLAUSIBLE_MTIME = Date.UTC(2000, 0, 1);

/** The year basis of an entry: its mtime (when plausible), else now; moved by `yearShift` when the bundle said so. */
export function yearBasis(ctx: { mtime?: Date; yearShift?: number }, now: number = Date.now()): YearBasis {
  const mtime = ctx.mtime?.getTime();
  const fromMtime = mtime !== undefined && mtime >= PLAUSIBLE_MTIME;
  const shift = ctx.yearShift ?? 0;
  return { reference: fromMtime ? mtime : now, shift, from: shift !== 0 ? 'bundle' : fromMtime ? 'mtime' : 'now' };
}
