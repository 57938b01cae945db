// Kernel ring buffer dumps (`/var/log/dmesg*`, `dmesg*.txt`, sosreport `sos_commands/kernel/dmesg`):
//   `[  123.456789] msg`                 seconds since boot: no wall time (time null, `fields.uptime`)
//   `[Tue Jan 14 22:16:48 2024] msg`      `dmesg -T`: local time (tz rules)
//   `2024-01-14T22:16:48,123456+00:00 msg` `dmesg --time-format iso`: explicit offset
// optionally behind `<6>` (`dmesg -r`, the priority) or `kern  :info  : ` (`dmesg -x`), which then give the level.
// After the time, `kernel: ` is dropped and `proc[pid]: ` / `host proc[pid]: ` (journalctl -o short-monotonic)
// fill `fields.proc`/`fields.pid`/`fields.host`. Indented lines continue the previous record.
// Events: source `dmesg`, `format` = `uptime` | `ctime` | `iso`, `fields.kind` and details (classify.ts).
import type { Level, TimeSource } from '../../model.js';
import type { ParseContext } from '../types.js';
import { monthAt } from '../../time/calendar.js';
import { localSource } from '../../time/zone.js';
import { EntryLineParser } from '../entry-parser.js';
import { MAX_MESSAGE_CHARS, isBlank } from '../multiline.js';
import { headerEvent } from './line-event.js';
import { classify, guessLevel, maxLevel } from './classify.js';
import { IsoZonedReader } from './clock.js';
import { stripNuls } from './nuls.js';
import { isDigit, paddedTwoDigitsAt } from '../../text/chars.js';

export const DMESG_SOURCE = 'dmesg';

const RE_FACILITY = /^([a-z0-9]+) *:([a-z]+) *: /;
const RE_TASK = /^(?:(\S+) )?([A-Za-z_][\w@.:/-]*)\[(\d+)\]: /;
const PRIORITY_NAMES: Record<string, number> = { emerg: 0, alert: 1, crit: 2, err: 3, warn: 4, notice: 5, info: 6, debug: 7 };

/** Syslog priority (0-7) -> level: 0-3 error, 4 warning, else info. */
export function priorityLevel(p: number): Level {
  return p <= 3 ? 'error' : p === 4 ? 'warning' : 'info';
}

export class DmesgLineParser extends EntryLineParser {
  private readonly iso = new IsoZonedReader();
  private readonly localSource: TimeSource;
  private ctimeKey = '';
  private ctimeBase = Number.NaN;

  constructor(ctx: ParseContext) {
    super(ctx);
    this.localSource = localSource(ctx.tz);
  }

  line(text: string, lineNo: number): void {
    let s = text;
    if (s.charCodeAt(0) === 0) s = stripNuls(s);
    let p = 0;
    let priority = -1;
    let c = s.charCodeAt(0);
    if (c === 60 /* < */) {
      const close = s.indexOf('>');
      if (close > 1 && close < 6) {
        const n = Number(s.slice(1, close));
        if (Number.isInteger(n) && n >= 0) {
          priority = n & 7;
          p = close + 1;
          c = s.charCodeAt(p);
        }
      }
    } else if (c >= 97 && c <= 122) {
      const m = RE_FACILITY.exec(s);
      const pri = m !== null ? PRIORITY_NAMES[m[2]!] : undefined;
      if (m !== null && pri !== undefined) {
        priority = pri;
        p = m[0].length;
        c = s.charCodeAt(p);
      }
    }
    let time: number | null = null;
    let timeSource: TimeSource = 'none';
    let timeText = '';
    let uptime: string | undefined;
    let format: string;
    let msgStart: number;
    if (c === 91 /* [ */) {
      const close = s.indexOf(']', p + 1);
      if (close < 0) return this.other(s, lineNo);
      let q = p + 1;
      while (s.charCodeAt(q) === 32) q++;
      const first = s.charCodeAt(q);
      if (isDigit(first)) {
        const start = q;
        while (isDigit(s.charCodeAt(q))) q++;
        if (s.charCodeAt(q) === 46) {
          q++;
          while (isDigit(s.charCodeAt(q))) q++;
        }
        if (q !== close) return this.other(s, lineNo);
        uptime = s.slice(start, close);
        timeText = uptime;
        format = 'uptime';
      } else {
        const t = this.ctime(s, q, close);
        if (t !== t) return this.other(s, lineNo);
        time = t;
        timeSource = this.localSource;
        timeText = s.slice(q, close);
        format = 'ctime';
      }
      msgStart = s.charCodeAt(close + 1) === 32 ? close + 2 : close + 1;
    } else if (isDigit(c) && p === 0 && this.iso.read(s) && (this.iso.out.end === s.length || s.charCodeAt(this.iso.out.end) === 32)) {
      time = this.iso.out.time;
      timeSource = 'utc';
      timeText = s.slice(0, this.iso.out.end);
      format = 'iso';
      msgStart = Math.min(this.iso.out.end + 1, s.length);
    } else {
      return this.other(s, lineNo);
    }

    const fields: Record<string, string> = {};
    if (uptime !== undefined) fields.uptime = uptime;
    let proc: string | undefined;
    if (s.startsWith('kernel: ', msgStart)) {
      msgStart += 8;
      proc = 'kernel';
      fields.proc = proc;
    } else {
      // `proc[pid]: ` / `host proc[pid]: ` / `host kernel: ` (journalctl -o short-monotonic); a kernel subsystem
      // prefix (`ata1: `, `EXT4-fs (sda1): `) has no `[pid]`.
      const m = RE_TASK.exec(s.slice(msgStart, msgStart + 200));
      if (m !== null) {
        if (m[1] !== undefined) fields.host = m[1];
        proc = m[2]!;
        fields.proc = proc;
        fields.pid = m[3]!;
        msgStart += m[0].length;
      } else {
        const sp = s.indexOf(' ', msgStart);
        if (sp > msgStart && s.startsWith(' kernel: ', sp)) {
          fields.host = s.slice(msgStart, sp);
          msgStart = sp + 9;
          proc = 'kernel';
          fields.proc = proc;
        }
      }
    }
    const message = s.slice(msgStart, msgStart + MAX_MESSAGE_CHARS);
    const kindLevel = classify(message, proc, fields);
    const level = priority >= 0 ? maxLevel(priorityLevel(priority), kindLevel) : kindLevel === 'error' ? 'error' : maxLevel(guessLevel(message), kindLevel);
    this.noteFormat(format);
    this.pending.begin(headerEvent(DMESG_SOURCE, this.ctx.path, { time, timeText, timeSource, level, line: lineNo, message, fields, format, text }));
  }

  /** `Tue Jan 14 22:16:48 2024` at `s[q..close)` (day blank-padded), local time; NaN when it is not one. */
  private ctime(s: string, q: number, close: number): number {
    if (close - q !== 24 || s.charCodeAt(q + 3) !== 32 || s.charCodeAt(q + 7) !== 32 || s.charCodeAt(q + 10) !== 32 || s.charCodeAt(q + 13) !== 58 || s.charCodeAt(q + 16) !== 58 || s.charCodeAt(q + 19) !== 32) return Number.NaN;
    const key = s.slice(q + 4, close);
    if (key === this.ctimeKey) return this.ctimeBase;
    const mo = monthAt(s, q + 4);
    const d = paddedTwoDigitsAt(s, q + 8);
    const h = paddedTwoDigitsAt(s, q + 11);
    const mi = paddedTwoDigitsAt(s, q + 14);
    const sec = paddedTwoDigitsAt(s, q + 17);
    const y = Number(s.slice(q + 20, close));
    if (mo === 0 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60 || !(y >= 1970 && y <= 9999)) return Number.NaN;
    this.ctimeKey = key;
    this.ctimeBase = this.ctx.tz.toUtc(y, mo, d, h, mi, sec, 0);
    return this.ctimeBase;
  }

  private other(s: string, lineNo: number): void {
    if (isBlank(s)) return;
    const c0 = s.charCodeAt(0);
    if ((c0 === 32 || c0 === 9) && this.pending.add(s, lineNo)) return;
    this.unparsed++;
  }
}
