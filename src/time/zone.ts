// Local wall-clock times -> UTC, for logs that write local time without a zone (waagent <= 2.2.45, 2.0).
import type { TimeZoneContext } from '../parsers/types.js';
import type { SecondConverter } from './fields.js';

/** Local times are taken as UTC and marked `assumed-utc`: the default when `--tz` is not given. */
export const ASSUME_UTC: TimeZoneContext = {
  explicit: false,
  toUtc: (y, mo, d, h, mi, s, ms) => Date.UTC(y, mo - 1, d, h, mi, s, ms),
};

/** How a local time converted with `tz` is marked: `tz` when a zone was given, else `assumed-utc`. */
export function localSource(tz: TimeZoneContext): 'tz' | 'assumed-utc' {
  return tz.explicit ? 'tz' : 'assumed-utc';
}

/** `tz.toUtc` for whole seconds, for the clocks that convert once per distinct second. */
export function localSeconds(tz: TimeZoneContext): SecondConverter {
  return (y, mo, d, h, mi, s) => tz.toUtc(y, mo, d, h, mi, s, 0);
}

const OFFSET_RE = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/**
 * Builds the converter for `--tz`: `UTC`, a fixed offset (`+02:00`, `-0530`, `UTC+1`) or an IANA zone
 * (`Europe/Berlin`), which follows daylight saving. Throws a one-line error for an unknown zone.
 */
export function timeZone(spec: string | undefined): TimeZoneContext {
  if (spec === undefined || spec === '') return ASSUME_UTC;
  const trimmed = spec.trim();
  if (/^(utc|gmt|z)$/i.test(trimmed)) {
    return { explicit: true, toUtc: ASSUME_UTC.toUtc };
  }
  const fixed = OFFSET_RE.exec(trimmed);
  if (fixed) {
    const minutes = (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0)) * (fixed[1] === '-' ? -1 : 1);
    if (Math.abs(minutes) > 14 * 60) throw new Error(`--tz ${spec}: offset out of range`);
    const offsetMs = minutes * 60_000;
    return { explicit: true, toUtc: (y, mo, d, h, mi, s, ms) => Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMs };
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: trimmed,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new Error(`--tz ${spec}: unknown time zone (use an IANA name such as Europe/Berlin, or an offset such as +02:00)`);
  }
  const offsetCache = new Map<number, number>();
  // Offset of the zone at a UTC instant, cached per hour: logs hit the same hours again and again.
  const offsetAt = (utcMs: number): number => {
    const hour = Math.floor(utcMs / 3_600_000);
    const cached = offsetCache.get(hour);
    if (cached !== undefined) return cached;
    const parts = format.formatToParts(new Date(hour * 3_600_000));
    const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    const offset = asUtc - hour * 3_600_000;
    offsetCache.set(hour, offset);
    return offset;
  };
  return {
    explicit: true,
    toUtc: (y, mo, d, h, mi, s, ms) => {
      const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
      // Two passes settle the offset across a daylight-saving change.
      let utc = wall - offsetAt(wall);
      utc = wall - offsetAt(utc);
      return utc;
    },
  };
}
