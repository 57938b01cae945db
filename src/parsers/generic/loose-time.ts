// The timestamp shapes of header.ts that a fixed-position read does not cover, read by regex (only for lines whose
// first characters already look like a date): year-first with one-digit fields or a 12-hour clock, day and month
// first (order left to the file), seconds or milliseconds since the epoch.
import type { TimeZoneContext } from '../types.js';
import type { Stamp } from '../event-exports/dates.js';
import { fractionMs } from '../../time/fields.js';
import { digitsEnd } from '../extension-logs/stamp.js';
import { isDigit } from '../../text/chars.js';

/** A time found at `i`: `end` is the index after it; `stamp` (time NaN) when the file must decide day and month. */
export interface LooseTime {
  time: number;
  utc: boolean;
  end: number;
  format: string;
  stamp?: Stamp;
}

/** Year-first dates the fixed-position path does not take: one-digit fields, a 12-hour clock. */
const RE_YMD = /(\d{4})([-/.])(\d{1,2})\2(\d{1,2})[ T]\s?(\d{1,2}):(\d\d)(?::(\d\d))?(?:[.,](\d{1,9}))?(?:\s?([AaPp])\.?[Mm]\.?(?![A-Za-z]))?(?:\s?(Z|[+-]\d\d:?\d\d|UTC)(?![\d:]))?/y;
/** Day and month first, the year last (2 or 4 digits); the order is for the file to decide. */
const RE_DMY_MDY = /(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d\d)(?:[ T,]\s?)(\d{1,2})[:.](\d\d)(?:[:.](\d\d))?(?:[.,](\d{1,9}))?(?:\s?([AaPp])\.?[Mm]\.?(?![A-Za-z]))?(?:\s?(Z|[+-]\d\d:?\d\d|UTC)(?![\d:]))?/y;
/** 2000-01-01 .. 2100-01-01 in epoch seconds: a bare number at the start of a line is a time only in this range. */
const EPOCH_MIN = 946_684_800;
const EPOCH_MAX = 4_102_444_800;

const msOf = (digits: string | undefined): number => (digits !== undefined ? Number(digits.slice(0, 3).padEnd(3, '0')) : 0);

/** `2025-02-21 9:48:48 AM`, `2024/1/5 7:00:00`; null when the fields are impossible, undefined when no match. */
export function readYearFirst(s: string, i: number, tz: TimeZoneContext): LooseTime | null | undefined {
  RE_YMD.lastIndex = i;
  const m = RE_YMD.exec(s);
  if (!m) return undefined;
  let h = +m[5]!;
  const half = m[9]?.toLowerCase();
  if (half !== undefined) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (half === 'p' ? 12 : 0);
  }
  const [y, mo, d, mi, sec] = [+m[1]!, +m[3]!, +m[4]!, +m[6]!, m[7] !== undefined ? +m[7] : 0];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return null;
  const ms = msOf(m[8]);
  const zone = m[10];
  const time = zone === undefined ? tz.toUtc(y, mo, d, h, mi, sec, ms) : Date.UTC(y, mo - 1, d, h, mi, sec, ms) - zoneMinutes(zone) * 60_000;
  if (!Number.isFinite(time)) return null;
  return { time, utc: zone !== undefined, end: i + m[0].length, format: m[2] === '/' ? 'slash' : m[0].includes('T') ? 'iso' : 'iso-space' };
}

/** Seconds (10 digits, optional fraction) or milliseconds (13 digits) since the epoch, followed by a separator. */
export function readEpoch(s: string, i: number): LooseTime | undefined {
  const end = digitsEnd(s, i, 14);
  const n = end - i;
  if (n !== 10 && n !== 13) return undefined;
  let endAll = end;
  let ms = 0;
  let seconds = Number(s.slice(i, end));
  if (n === 13) {
    ms = seconds % 1000;
    seconds = Math.floor(seconds / 1000);
  } else if (s.charCodeAt(end) === 46 && isDigit(s.charCodeAt(end + 1))) {
    endAll = digitsEnd(s, end + 1, 9);
    ms = fractionMs(s, end + 1, endAll);
  }
  const next = s.charCodeAt(endAll);
  if (seconds < EPOCH_MIN || seconds > EPOCH_MAX || !(next === 32 || next === 9 || next === 93 || next === 44 || next === 124)) return undefined;
  return { time: seconds * 1000 + ms, utc: true, end: endAll, format: 'epoch' };
}

/** `11/14/2019 05:52:13.44`, `14.11.2019 5:52:13`, `11/14/19 5:52 PM`: a `Stamp` whose order the file decides. */
export function readDayMonth(s: string, i: number): LooseTime | null | undefined {
  RE_DMY_MDY.lastIndex = i;
  const m = RE_DMY_MDY.exec(s);
  if (!m) return undefined;
  const a = +m[1]!;
  const b = +m[3]!;
  const hour = +m[5]!;
  const minute = +m[6]!;
  const second = m[7] !== undefined ? +m[7] : 0;
  const half = m[9] === undefined ? undefined : m[9].toLowerCase() === 'a' ? 'am' : 'pm';
  if (a < 1 || b < 1 || a > 31 || b > 31 || (a > 12 && b > 12) || minute > 59 || second > 60) return null;
  if (half ? hour < 1 || hour > 12 : hour > 23) return null;
  const stamp: Stamp = { text: m[0], a, b, c: +m[4]!, yearFirst: false, sep: m[2]!, hour, minute, second, ms: msOf(m[8]) };
  if (half) stamp.half = half;
  if (m[10] !== undefined) stamp.offset = zoneMinutes(m[10]);
  const format = m[2] === '.' ? 'dotted' : m[2] === '/' ? 'local-slash' : 'local-dash';
  return { time: Number.NaN, utc: stamp.offset !== undefined, end: i + m[0].length, format, stamp };
}

/** `Z`, `UTC`, `+02:00`, `-0530` -> minutes east of UTC. */
function zoneMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'UTC') return 0;
  const sign = zone.charCodeAt(0) === 45 ? -1 : 1;
  const digits = zone.replace(/[^0-9]/g, '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}
