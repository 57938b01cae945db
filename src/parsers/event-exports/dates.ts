// Dates as Windows exports write them: ISO 8601 (wevtutil text, PowerShell 7 JSON), `\/Date(ms)\/` (PowerShell 5.1
// JSON), and the exporting machine's short date and long time with no zone (Event Viewer CSV, PowerShell CSV):
//   en-US `10/7/2016 06:38:24 PM`     M/d/yyyy h:mm:ss tt
//   en-GB, fr, es, it, pt `07/10/2016 18:38:24`   dd/MM/yyyy
//   en-IN, nl `19-07-2026 09:58:57`    dd-MM-yyyy
//   de, ru, pl, tr, fi `19.07.2026 09:58:57` (fi also `9.58.57`)
//   sv, ISO `2026-07-19 09:58:57`; ja, zh `2026/07/19 9:58:57`; ko `2026. 7. 19. 오전 9:58:57`
// Day-first and month-first slash dates are told apart per file (`DateOrder`): a day above 12 settles it; else the
// order that keeps the file monotonic (Event Viewer writes newest first) wins; else AM/PM means en-US, none day-first.
import type { TimeSource } from '../../model.js';
import type { TimeZoneContext } from '../types.js';
import type { TimeValue } from './common.js';

export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/** A date-time as written, before the day/month order is known. */
export interface Stamp {
  text: string;
  /** The three date numbers in written order. */
  a: number;
  b: number;
  c: number;
  yearFirst: boolean;
  sep: string;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** `am` / `pm` when a 12-hour clock marker is present. */
  half?: 'am' | 'pm';
  /** Offset from UTC in minutes when the text states a zone (`Z`, `+02:00`). */
  offset?: number;
}

const AM = new Set(['am', 'a.m.', 'a. m.', 'a.m', 'vorm.', '午前', '上午', '오전', 'ص', 'π.μ.', 'de.', 'ap.']);
const PM = new Set(['pm', 'p.m.', 'p. m.', 'p.m', 'nachm.', '午後', '下午', '오후', 'م', 'μ.μ.', 'du.', 'ip.']);

const DATE_RE = /^(\d{1,4})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{1,4})\.?(?:(?:T|\s+)(.*))?$/;
// Read on trimmed text: `(.*)$` takes what `(.*?)\s*$` took, without retrying `\s*$` inside every run of blanks.
const TIME_RE = /^(?:(\S+?)\s*)??(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[.,](\d{1,9}))?\s*(.*)$/;
const ZONE_RE = /(?:^|\s)(Z|UTC|GMT|([+-])(\d{2}):?(\d{2}))$/i;

/**
 * Reads the numbers and clock of a date-time; undefined when it is not one. The last text's answer is kept (frozen:
 * stamps are values, shared): rows of an export often repeat their second, and a flood of rows repeats one.
 */
export function scanStamp(text: string): Stamp | undefined {
  if (text !== lastScanned) {
    lastScanned = text;
    const stamp = readStamp(text);
    lastStamp = stamp && Object.freeze(stamp);
  }
  return lastStamp;
}
let lastScanned: string | undefined;
let lastStamp: Stamp | undefined;

function readStamp(text: string): Stamp | undefined {
  const t = text.trim();
  const d = DATE_RE.exec(t);
  if (!d) return undefined;
  const aText = d[1]!;
  const cText = d[4]!;
  const yearFirst = aText.length === 4;
  if (!yearFirst && cText.length !== 4 && cText.length !== 2) return undefined;
  if (yearFirst && cText.length > 2) return undefined;
  const stamp: Stamp = { text: t, a: Number(aText), b: Number(d[3]), c: Number(cText), yearFirst, sep: d[2]!, hour: 0, minute: 0, second: 0, ms: 0 };
  const rest = d[5]?.trim() ?? '';
  if (rest === '') return stamp;
  const m = TIME_RE.exec(rest);
  if (!m) return undefined;
  const prefix = m[1]?.toLowerCase();
  stamp.hour = Number(m[2]);
  stamp.minute = Number(m[3]);
  stamp.second = m[4] !== undefined ? Number(m[4]) : 0;
  stamp.ms = m[5] !== undefined ? Number(m[5].slice(0, 3).padEnd(3, '0')) : 0;
  if (prefix !== undefined) {
    if (AM.has(prefix)) stamp.half = 'am';
    else if (PM.has(prefix)) stamp.half = 'pm';
    else return undefined;
  }
  // What follows the clock: an AM/PM marker and/or a zone.
  let suffix = m[6]!;
  const zone = ZONE_RE.exec(suffix);
  if (zone) {
    stamp.offset = zone[2] ? (zone[2] === '-' ? -1 : 1) * (Number(zone[3]) * 60 + Number(zone[4])) : 0;
    suffix = suffix.slice(0, zone.index).trim();
  }
  if (suffix !== '') {
    const marker = suffix.toLowerCase();
    if (stamp.half === undefined && AM.has(marker)) stamp.half = 'am';
    else if (stamp.half === undefined && PM.has(marker)) stamp.half = 'pm';
    else return undefined;
  }
  if (stamp.minute > 59 || stamp.second > 60) return undefined;
  if (stamp.half ? stamp.hour < 1 || stamp.hour > 12 : stamp.hour > 23) return undefined;
  return stamp;
}

/** The order a stamp proves on its own (year first, a day above 12, dots), or undefined when it could be either. */
export function evidence(s: Stamp): DateOrder | undefined {
  if (s.yearFirst) return 'ymd';
  if (s.a > 12 && s.b <= 12) return 'dmy';
  if (s.b > 12 && s.a <= 12) return 'mdy';
  if (s.sep === '.') return 'dmy'; // no locale writes month.day.year
  return undefined;
}

/** Year, month, day under an order; undefined when that order makes no valid date. */
export function ymd(s: Stamp, order: DateOrder): [number, number, number] | undefined {
  let y: number;
  let mo: number;
  let d: number;
  if (s.yearFirst) [y, mo, d] = [s.a, s.b, s.c];
  else if (order === 'mdy') [mo, d, y] = [s.a, s.b, s.c];
  else [d, mo, y] = [s.a, s.b, s.c];
  if (y < 100) y += y < 70 ? 2000 : 1900;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1601 || y > 9999) return undefined;
  return [y, mo, d];
}

function hour24(s: Stamp): number {
  if (!s.half) return s.hour;
  return (s.hour % 12) + (s.half === 'pm' ? 12 : 0);
}

/** Epoch ms of a stamp under an order: UTC when it states a zone, else through `--tz`. */
export function stampTime(s: Stamp, order: DateOrder, tz: TimeZoneContext): TimeValue | undefined {
  const date = ymd(s, order) ?? (order !== 'ymd' ? ymd(s, order === 'dmy' ? 'mdy' : 'dmy') : undefined);
  if (!date) return undefined;
  const [y, mo, d] = date;
  const h = hour24(s);
  if (s.offset !== undefined) {
    const time = Date.UTC(y, mo - 1, d, h, s.minute, s.second, s.ms) - s.offset * 60_000;
    return { time, timeText: s.text, timeSource: 'utc' };
  }
  const time = tz.toUtc(y, mo, d, h, s.minute, s.second, s.ms);
  const timeSource: TimeSource = tz.explicit ? 'tz' : 'assumed-utc';
  return { time, timeText: s.text, timeSource };
}

/** A naive sort key (no zone) for the monotonic-order test. */
function naive(s: Stamp, order: DateOrder): number | undefined {
  const date = ymd(s, order);
  return date ? Date.UTC(date[0], date[1] - 1, date[2], hour24(s), s.minute, s.second, s.ms) : undefined;
}

/** Out-of-order steps under `order` (the fewer of ascending and descending), invalid dates counting heavily. */
function disorder(stamps: Stamp[], order: DateOrder): number {
  let up = 0;
  let down = 0;
  let invalid = 0;
  let last: number | undefined;
  for (const s of stamps) {
    const t = naive(s, order);
    if (t === undefined) {
      invalid++;
      continue;
    }
    if (last !== undefined) {
      if (t < last) up++;
      else if (t > last) down++;
    }
    last = t;
  }
  return invalid * 1000 + Math.min(up, down);
}

/** Queue limit while the order is open; then it is guessed from what was seen. */
const MAX_PENDING = 2000;

/**
 * Decides the day/month order of one file's dates and hands each item on with its time, in file order. Items wait
 * while every date seen could be read both ways.
 */
export class DateOrderResolver<T> {
  order: DateOrder | undefined;
  /** True when the order was guessed (no date proved it). */
  guessed = false;
  private yearFirst = false;
  private pending: { stamp: Stamp | undefined; item: T }[] = [];

  constructor(
    private readonly tz: TimeZoneContext,
    private readonly out: (item: T, time: TimeValue | undefined) => void,
    /** Items held at most while the order is open (a text log's entries can be large: it holds fewer). */
    private readonly maxPending = MAX_PENDING,
  ) {}

  push(stamp: Stamp | undefined, item: T): void {
    if (stamp?.yearFirst) this.yearFirst = true;
    if (this.order === undefined && stamp !== undefined && !stamp.yearFirst) {
      const proof = evidence(stamp);
      if (proof !== undefined) this.decide(proof, false);
    }
    if (this.order !== undefined || (this.pending.length === 0 && (stamp === undefined || stamp.yearFirst))) {
      this.out(item, stamp ? stampTime(stamp, stamp.yearFirst ? 'ymd' : this.order!, this.tz) : undefined);
      return;
    }
    this.pending.push({ stamp, item });
    if (this.pending.length >= this.maxPending) this.guess();
  }

  /** Flushes what waits, guessing the order if nothing proved it. */
  end(): void {
    if (this.pending.length > 0) this.guess();
  }

  /** `dates:d/m/y`, `dates:m/d/y?` (guessed), … for the source summary; undefined when no local date was read. */
  label(): string | undefined {
    if (this.order === undefined) return this.yearFirst ? 'dates:y/m/d' : undefined;
    const text = this.order === 'dmy' ? 'd/m/y' : this.order === 'mdy' ? 'm/d/y' : 'y/m/d';
    return `dates:${text}${this.guessed ? '?' : ''}`;
  }

  private guess(): void {
    const stamps = this.pending.flatMap((p) => (p.stamp && !p.stamp.yearFirst ? [p.stamp] : []));
    if (stamps.length === 0) {
      this.decide('dmy', true);
      return;
    }
    const dmy = disorder(stamps, 'dmy');
    const mdy = disorder(stamps, 'mdy');
    let order: DateOrder;
    if (dmy !== mdy) order = dmy < mdy ? 'dmy' : 'mdy';
    else order = stamps.some((s) => s.half !== undefined) && stamps[0]!.sep === '/' ? 'mdy' : 'dmy';
    this.decide(order, true);
  }

  private decide(order: DateOrder, guessed: boolean): void {
    this.order = order;
    this.guessed = guessed;
    const waiting = this.pending;
    this.pending = [];
    for (const p of waiting) this.out(p.item, p.stamp ? stampTime(p.stamp, p.stamp.yearFirst ? 'ymd' : order, this.tz) : undefined);
  }
}

const MS_DATE = /^\/Date\((-?\d+)(?:([+-])(\d{2})(\d{2}))?\)\/$/;

/** `\/Date(1595374458918)\/` (ms since the epoch, UTC; an offset suffix only says the writer's zone). */
export function msDate(text: string): TimeValue | undefined {
  const m = MS_DATE.exec(text.trim());
  if (!m) return undefined;
  const time = Number(m[1]);
  return Number.isFinite(time) ? { time, timeText: text, timeSource: 'utc' } : undefined;
}

/**
 * A date-time that needs no per-file order: `\/Date()\/`, ISO 8601 (with a zone -> UTC, without -> `--tz`), or a
 * local date whose own digits settle the order (else day-first for dots and dashes, AM/PM slash dates month-first).
 */
export function singleTime(text: string, tz: TimeZoneContext): TimeValue | undefined {
  const ms = msDate(text);
  if (ms) return ms;
  const s = scanStamp(text);
  if (!s) return undefined;
  const order = evidence(s) ?? (s.sep === '/' && s.half !== undefined ? 'mdy' : 'dmy');
  return stampTime(s, order, tz);
}
