// Timestamped-line headers of the Windows agent and extension logs, read into a time, a thread, a level and the rest.
// Formats (windows.md §1; the others from the .NET/log4net/Serilog conventions Windows components write):
//   [00000004] 2024-04-17T07:19:26.812Z [INFO]  msg           WaAppAgent/AppAgentRuntime, current era (UTC)
//   [00000006] [11/14/2019 05:52:13.44] [INFO]  msg           older era (local time)
//   [1748+00000001] [05/13/2020 12:15:46.64] [INFO] msg        extension handler logs (pid+tid)
//   2024-04-17T07:19:26.812Z msg / 2024-04-17T07:19:26.8123456+02:00 msg / 2024-04-17T07:19:26 msg (local)
//   2024-04-17 07:19:26,812 ERROR msg / 2024/04/17 07:19:26 msg (local)
//   4/17/2024 7:19:26 AM msg / [4/17/2024 7:19:26 PM] [Error] msg (local, .NET en-US)
// A time without a zone is local: converted with `--tz`, else taken as UTC (`assumed-utc`).
import type { Level, TimeSource } from '../../model.js';
import type { TimeZoneContext } from '../types.js';

export interface Header {
  time: number;
  timeText: string;
  timeSource: TimeSource;
  /** `[tid]` or `[pid+tid]` before the time. */
  thread?: string;
  /** Level written on the line (`[ERROR]`, `ERROR`, `[Err]`...); undefined when the line names none. */
  level?: Level;
  /** The text after the header. */
  message: string;
  format: string;
}

const LEVEL_WORDS: Record<string, Level> = {
  info: 'info',
  information: 'info',
  informational: 'info',
  inf: 'info',
  notice: 'info',
  warn: 'warning',
  warning: 'warning',
  wrn: 'warning',
  error: 'error',
  err: 'error',
  fatal: 'error',
  ftl: 'error',
  critical: 'error',
  crit: 'error',
  crt: 'error',
  severe: 'error',
  trace: 'verbose',
  verbose: 'verbose',
  vrb: 'verbose',
  debug: 'verbose',
  dbg: 'verbose',
};

/** Single letters count as a level only inside brackets: `[E]`, `[W]`. */
const LEVEL_LETTERS: Record<string, Level> = { i: 'info', w: 'warning', e: 'error', f: 'error', d: 'verbose', v: 'verbose', t: 'verbose' };

export function levelWord(word: string, bracketed: boolean): Level | undefined {
  const w = word.toLowerCase();
  return LEVEL_WORDS[w] ?? (bracketed ? LEVEL_LETTERS[w] : undefined);
}

const RE_TID = /^\[([0-9A-Fa-f]{1,16}(?:\+[0-9A-Fa-f]{1,16})?)\]\s*/;
const RE_ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(?:\s?(Z|[+-]\d\d:?\d\d)(?![\d:]))?/;
const RE_YMD_SLASH = /^(\d{4})\/(\d\d)\/(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?/;
const RE_US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T,]\s?(\d{1,2}):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(?:\s?([AaPp])\.?[Mm]\.?(?![A-Za-z]))?/;
/** A leading level before the time: `[INFO] 2024-...` or `ERROR 2024-...`. */
const RE_LEAD_LEVEL = /^(?:\[(\w{1,13})\]|([A-Za-z]{3,13}):?)\s+(?=[\d[])/;
const RE_LEVEL_AFTER = /^(?:\[\s*(\w{1,13})\s*\]|<(\w{1,13})>|(\w{3,13})(?::|\s+-)?(?=\s|$))/;

/** Something that starts like a timestamp (used to count lines that looked dated but could not be read). */
export const RE_LOOKS_DATED = /^(?:\[[0-9A-Fa-f+]{1,33}\]\s*)?\[?(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})[ T,]\s?\d{1,2}:/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (mo === 2 && leap ? 29 : (DAYS[mo - 1] ?? 31));
}

export function fractionMs(digits: string | undefined): number {
  if (!digits) return 0;
  return Number((digits + '00').slice(0, 3));
}

interface Stamp {
  time: number;
  timeSource: TimeSource;
  length: number;
  format: string;
}

/** Reads the time at the start of `s`: undefined when none is there, null when it is there but impossible. */
export function readTime(s: string, tz: TimeZoneContext): Stamp | null | undefined {
  const local = (y: number, mo: number, d: number, h: number, mi: number, sec: number, ms: number): { time: number; timeSource: TimeSource } => ({
    time: tz.toUtc(y, mo, d, h, mi, sec, ms),
    timeSource: tz.explicit ? 'tz' : 'assumed-utc',
  });
  let m = RE_ISO.exec(s);
  if (m) {
    const [y, mo, d, h, mi, sec] = [+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!];
    if (!validDate(y, mo, d, h, mi, sec)) return null;
    const ms = fractionMs(m[7]);
    const zone = m[8];
    if (zone === undefined) return { ...local(y, mo, d, h, mi, sec, ms), length: m[0].length, format: 'iso-local' };
    const wall = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
    if (zone === 'Z') return { time: wall, timeSource: 'utc', length: m[0].length, format: 'iso-utc' };
    const z = /^([+-])(\d\d):?(\d\d)$/.exec(zone)!;
    const offset = (Number(z[2]) * 60 + Number(z[3])) * (z[1] === '-' ? -1 : 1);
    if (Math.abs(offset) > 14 * 60) return null;
    return { time: wall - offset * 60_000, timeSource: 'utc', length: m[0].length, format: 'iso-offset' };
  }
  m = RE_YMD_SLASH.exec(s);
  if (m) {
    const [y, mo, d, h, mi, sec] = [+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!];
    if (!validDate(y, mo, d, h, mi, sec)) return null;
    return { ...local(y, mo, d, h, mi, sec, fractionMs(m[7])), length: m[0].length, format: 'ymd-local' };
  }
  m = RE_US.exec(s);
  if (m) {
    let mo = +m[1]!;
    let d = +m[2]!;
    let format = 'mdy-local';
    if (mo > 12 && d <= 12) {
      [mo, d] = [d, mo];
      format = 'dmy-local';
    }
    let h = +m[4]!;
    const ampm = m[8]?.toLowerCase();
    if (ampm) {
      if (h < 1 || h > 12) return null;
      if (ampm === 'a' && h === 12) h = 0;
      else if (ampm === 'p' && h !== 12) h += 12;
      format += '-ampm';
    }
    const [y, mi, sec] = [+m[3]!, +m[5]!, +m[6]!];
    if (!validDate(y, mo, d, h, mi, sec)) return null;
    return { ...local(y, mo, d, h, mi, sec, fractionMs(m[7])), length: m[0].length, format };
  }
  return undefined;
}

/**
 * Reads a line's header: optional `[tid]`, optional leading level, the time (optionally in brackets), optional
 * level after it. undefined: no header (a continuation line); null: a header whose time cannot be real.
 */
export function readHeader(text: string, tz: TimeZoneContext): Header | null | undefined {
  let i = 0;
  let thread: string | undefined;
  const tid = RE_TID.exec(text);
  if (tid) {
    thread = tid[1];
    i = tid[0].length;
  }
  let level: Level | undefined;
  let rest = text.slice(i);
  const lead = RE_LEAD_LEVEL.exec(rest);
  if (lead) {
    const lv = levelWord(lead[1] ?? lead[2]!, lead[1] !== undefined);
    if (lv) {
      level = lv;
      rest = rest.slice(lead[0].length);
    }
  }
  let bracket = false;
  if (rest.charCodeAt(0) === 91 /* [ */) {
    bracket = true;
    rest = rest.slice(1);
  }
  const c = rest.charCodeAt(0);
  if (!(c >= 48 && c <= 57)) return undefined;
  const stamp = readTime(rest, tz);
  if (stamp === undefined) return undefined;
  if (stamp === null) return null;
  const timeText = rest.slice(0, stamp.length);
  rest = rest.slice(stamp.length);
  if (bracket) {
    const close = /^\s*\]/.exec(rest);
    if (!close) return undefined;
    rest = rest.slice(close[0].length);
  }
  // Separators some writers put after the time: `2024-... | INFO | msg`, `2024-...,Event,...`, `2024-... - msg`.
  rest = rest.replace(/^\s*(?:[|,;]\s*|-\s+)?/, '');
  if (level === undefined) {
    const after = RE_LEVEL_AFTER.exec(rest);
    if (after) {
      const word = after[1] ?? after[2] ?? after[3]!;
      const bare = after[3] !== undefined;
      const lv = levelWord(word, !bare);
      // A bare word is a level only when written as one: `ERROR msg`, `Error: msg`, `Info - msg`. A capitalised word
      // opening a sentence (`Error reading file`) gives the level but stays in the message.
      if (lv && (!bare || word === word.toUpperCase() || after[0] !== word)) {
        level = lv;
        rest = rest.slice(after[0].length).replace(/^\s*(?:[|,;:]\s*|-\s+)?/, '');
      } else if (lv && /^[A-Z][a-z]+$/.test(word)) {
        level = lv;
      }
    }
  }
  const header: Header = { time: stamp.time, timeText, timeSource: stamp.timeSource, message: rest.trimEnd(), format: (thread ? 'tid-' : '') + (bracket ? 'bracketed-' : '') + stamp.format };
  if (thread !== undefined) header.thread = thread;
  if (level !== undefined) header.level = level;
  return header;
}

const RE_NOT_ERROR = /\b(?:no errors?|0 errors?|errors?\s*[:=]\s*0\b|without errors?|error ?code\s*[:=]?\s*0\b|exit ?code\s*[:=]?\s*0\b|succeeded|successfully)\b/i;
const RE_ERROR_WORD = /\b(?:error|errors|exception|failed|failure|fatal|critical)\b/i;
const RE_WARNING_WORD = /\b(?:warn|warning|timed out|timeout|retrying|unable to|cannot|could not|denied)\b/i;

/** A level for a line that names none, from its words. */
export function inferLevel(message: string): Level {
  if (RE_ERROR_WORD.test(message)) return RE_NOT_ERROR.test(message) ? 'info' : 'error';
  if (RE_WARNING_WORD.test(message)) return 'warning';
  return 'info';
}
