// Times in state documents (ISO, .NET `\/Date(ms)\/`, ticks, epoch seconds) and of the goal-state history folder a
// file sits in. All UTC.
import type { TimeSource } from '../../model.js';
import { fractionMs, utcFromFields } from '../../time/fields.js';
import { str } from './values.js';

export interface DocTime {
  time: number | null;
  timeText: string;
  timeSource: TimeSource;
}

export const NO_TIME: DocTime = { time: null, timeText: '', timeSource: 'none' };

const RE_ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]00:?00)?$/;
const RE_MS_DATE = /^\\?\/?Date\((\d+)\)\\?\/?$/;

/** A `timestampUTC`-style time: ISO 8601 (`Z` or not: the field says UTC) or the .NET `\/Date(ms)\/`. */
export function utcTime(value: unknown): DocTime {
  const s = str(value)?.trim();
  if (!s) return NO_TIME;
  const m = RE_ISO.exec(s);
  if (m) {
    const frac = m[7] ? fractionMs(m[7], 0, m[7].length) : 0;
    const t = utcFromFields(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, frac);
    return Number.isFinite(t) && +m[2]! >= 1 && +m[2]! <= 12 ? { time: t, timeText: s, timeSource: 'utc' } : { time: null, timeText: s, timeSource: 'none' };
  }
  const d = RE_MS_DATE.exec(s);
  if (d) return { time: Number(d[1]), timeText: s, timeSource: 'utc' };
  return { time: null, timeText: s, timeSource: 'none' };
}

/** .NET ticks (100 ns since 0001-01-01 UTC) to epoch ms; null when not a plausible tick count. */
export function ticksToMs(value: unknown): number | null {
  const s = str(value);
  if (!s || !/^\d{15,19}$/.test(s)) return null;
  const ms = Number(BigInt(s) / 10000n - 62135596800000n);
  return ms > 0 ? ms : null;
}

/** Epoch seconds (as the agent's error.json writes them) to ms. */
export function secondsToMs(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number(str(value));
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : null;
}

const RE_HISTORY = /(?:^|\/)history\/(\d{4})-(\d\d)-(\d\d)T(\d\d)[-:](\d\d)[-:](\d\d)(?:\.(\d{1,6}))?(?:__([^/]+?)|_incarnation_(\d+))?(?:\.zip)?\//i;

/**
 * The goal-state history folder a file sits in (`history/2024-05-01T10-00-00__3.zip/`, legacy
 * `history/2018-04-06T08:21:37.142697_incarnation_1/`): when the agent archived it (UTC) and its tag
 * (incarnation or FastTrack eTag).
 */
export function historyOf(path: string): { time: number; tag?: string } | undefined {
  const m = RE_HISTORY.exec(path);
  if (!m) return undefined;
  const frac = m[7] ? fractionMs(m[7], 0, m[7].length) : 0;
  const time = utcFromFields(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, frac);
  const tag = m[8] ?? m[9];
  return { time, ...(tag ? { tag } : {}) };
}
