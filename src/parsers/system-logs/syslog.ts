// The syslog family (`/var/log/syslog`, `messages`, `kern.log`, `auth.log`, `secure`, rotated and `truncated_`
// copies) and `journalctl` text output: one line per record,
//   `Jan 14 22:16:48 host proc[pid]: msg`                (RFC 3164, journalctl default; no year, local time)
//   `Jan 14 22:16:48.123456 host proc[pid]: msg`         (journalctl -o short-precise)
//   `2024-01-14T22:16:48.123456+00:00 host proc[pid]: msg` (rsyslog RFC 3339 / high precision)
//   `2024-01-14T22:16:48+0000 host proc[pid]: msg`       (journalctl -o short-iso[-precise])
//   `Sun 2024-01-14 22:16:48 UTC host proc[pid]: msg`    (journalctl -o short-full)
// plus journal comment lines (`-- Boot <id> --`, `-- Logs begin at ... --`) and indented continuation lines of
// multi-line journal records.
//
// Events: source = the parser id (`syslog` or `journal`), `fields.host`, `fields.proc`, `fields.pid` (when written),
// `fields.uptime` for kernel lines with a `[ 123.456789]` prefix (removed from the message), `fields.kind` and its
// details (classify.ts); `format` = `rfc3164` | `rfc3164-precise` | `rfc3339` | `short-full` | `journal-marker`.
// A journal banner in UTC (`-- Logs begin at ... UTC, ...`) makes the RFC 3164 times UTC (`timeSource` `utc`, no
// --tz conversion); its date gives the year. Without one, RFC 3164 lines say where their year came from
// (`assumed-utc+year-mtime`, see SyslogClock). The agent's lines are handed to the waagent parser (waagent-route.ts).
import type { LogEvent, TimeSource } from '../../model.js';
import type { ParseContext } from '../types.js';
import { fractionMs, utcFromFields } from '../../time/fields.js';
import { localSource } from '../../time/zone.js';
import { yearBasis } from '../../time/time-source.js';
import { EntryLineParser } from '../entry-parser.js';
import { MAX_MESSAGE_CHARS, cap, isBlank } from '../multiline.js';
import { headerEvent } from './line-event.js';
import { classifyAndGuess, plainBytes } from './classify.js';
import { IsoZonedReader, SyslogClock, looksIsoDated, looksSyslogDated } from './clock.js';
import { stripNuls } from './nuls.js';
import { WaagentRoute } from './waagent-route.js';
import { isDigit, twoDigitsAt } from '../../text/chars.js';
import { KERNEL, MAX_TAG, SYSTEMD_SHUTDOWN, type Columns, afterUptime, readColumns, rfc3164End, startsSyslogEntry } from './syslog-bytes.js';
import { afterBlankLines, isBlankBytes } from '../../text/blank-lines.js';
import { bytesAre } from '../../text/bytes.js';

/** True when the tag `cols` found in the line at `start` is `word`. */
function isProc(b: Uint8Array, start: number, cols: Columns, word: Uint8Array): boolean {
  return bytesAre(b, start + cols.procStart, start + cols.procEnd, word);
}

function isAscii(b: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (b[k]! >= 0x80) return false;
  return true;
}

/** Who took the last entry (continuation lines go there). */
const Owner = { None: 0, Self: 1, Agent: 2 } as const;

/** Parses the journal's `-- Boot <id> --`; the id, '' for `-- Reboot --`, or null when it is another comment. */
function bootMarker(s: string): string | null {
  if (s.startsWith('-- Boot ')) {
    const end = s.indexOf(' ', 8);
    return end < 0 ? s.slice(8) : s.slice(8, end);
  }
  return s.startsWith('-- Reboot --') ? '' : null;
}

const RE_BEGIN_DATE = /(\d{4})-(\d\d)-\d\d/;
const RE_BANNER_UTC = /^-- (?:Logs begin|Journal begins) at \w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d (?:UTC|GMT)\b/;

export class SyslogLineParser extends EntryLineParser {
  private readonly clock: SyslogClock;
  private readonly iso = new IsoZonedReader();
  /** For looking at the next line from `skim`, apart from `iso` (whose `out` the current line's reading holds). */
  private readonly peek = new IsoZonedReader();
  private readonly columns: Columns = { hostStart: 0, hostEnd: 0, procStart: 0, procEnd: 0, msgStart: 0 };
  private readonly agent: WaagentRoute;
  private owner: number = Owner.None;
  private fullEnd = 0;
  private fullSource: TimeSource = 'utc';
  private lastHost = '';
  private lastProc = '';
  /** A `-- Boot --` marker waiting for the time of the boot's first line. */
  private boot: LogEvent | null = null;

  constructor(
    ctx: ParseContext,
    private readonly source: string,
  ) {
    super(ctx);
    this.clock = new SyslogClock(ctx.tz, yearBasis(ctx));
    this.agent = new WaagentRoute(ctx);
  }

  line(text: string, lineNo: number, bytes?: Uint8Array, start = 0, end = 0): void {
    let s = text;
    let c0 = s.charCodeAt(0);
    if (c0 === 0) {
      s = stripNuls(s);
      c0 = s.charCodeAt(0);
    }
    let time = Number.NaN;
    let tsEnd = 0;
    let timeSource: TimeSource = 'utc';
    let format = '';
    if (c0 >= 65 && c0 <= 90) {
      time = s.charCodeAt(8) === 45 ? this.shortFull(s) : this.clock.at(s, 0);
      if (time === time && s.charCodeAt(8) === 45) {
        tsEnd = this.fullEnd;
        timeSource = this.fullSource;
        format = 'short-full';
      } else if (time === time) {
        tsEnd = 15;
        timeSource = this.clock.timeSource;
        format = 'rfc3164';
        if (s.charCodeAt(15) === 46 /* . */) {
          let p = 16;
          while (p < s.length && p < 25 && isDigit(s.charCodeAt(p))) p++;
          time += fractionMs(s, 16, p);
          tsEnd = p;
          format = 'rfc3164-precise';
        }
      }
    } else if (c0 >= 48 && c0 <= 57) {
      if (this.iso.read(s)) {
        time = this.iso.out.time;
        tsEnd = this.iso.out.end;
        format = 'rfc3339';
      }
    } else if (c0 === 45 && s.startsWith('-- ')) {
      return this.comment(s, lineNo);
    }
    if (time !== time || (tsEnd < s.length && s.charCodeAt(tsEnd) !== 32)) return this.other(s, text, lineNo);

    // host
    const hStart = tsEnd + 1;
    let hEnd = s.indexOf(' ', hStart);
    if (hEnd < 0) hEnd = s.length;
    let host: string | undefined;
    if (hStart < hEnd) {
      // Most lines repeat the previous host: reuse its string.
      const last = this.lastHost;
      host = hEnd - hStart === last.length && s.startsWith(last, hStart) ? last : (this.lastHost = s.slice(hStart, hEnd));
    }

    // tag: `proc[pid]: ` (at most one blank inside: `Hyper-V VSS: ...`)
    const tStart = hEnd + 1;
    let colon = -1;
    let blanks = 0;
    const lim = Math.min(s.length, tStart + MAX_TAG);
    for (let k = tStart; k < lim; k++) {
      const c = s.charCodeAt(k);
      if (c === 58 /* : */) {
        if (k > tStart && (k + 1 === s.length || s.charCodeAt(k + 1) === 32)) colon = k;
        break;
      }
      if (c === 32 && ++blanks > 1) break;
    }
    let proc: string | undefined;
    let pid: string | undefined;
    let msgStart = Math.min(tStart, s.length);
    if (colon > 0) {
      msgStart = Math.min(colon + 2, s.length);
      let tagEnd = colon;
      if (s.charCodeAt(colon - 1) === 93 /* ] */) {
        const lb = s.lastIndexOf('[', colon - 1);
        if (lb > tStart && lb < colon - 2) {
          let ok = true;
          for (let k = lb + 1; k < colon - 1; k++) if (!isDigit(s.charCodeAt(k))) ok = false;
          if (ok) {
            pid = s.slice(lb + 1, colon - 1);
            tagEnd = lb;
          }
        }
      }
      const last = this.lastProc;
      proc = tagEnd - tStart === last.length && s.startsWith(last, tStart) ? last : (this.lastProc = s.slice(tStart, tagEnd));
    }

    if (this.boot !== null) this.resolveBoot(time, s.slice(0, tsEnd), timeSource);
    this.noteFormat(format);

    if (proc !== undefined && this.agent.claims(proc, pid, s, msgStart)) {
      this.pending.flush();
      this.owner = Owner.Agent;
      this.agent.line(text, lineNo, time);
      return;
    }
    this.agent.settle(time);

    const fields: Record<string, string> = {};
    if (host !== undefined) fields.host = host;
    if (proc !== undefined) fields.proc = proc;
    if (pid !== undefined) fields.pid = pid;
    if (proc === 'kernel' && s.charCodeAt(msgStart) === 91 /* [ */) msgStart = this.uptime(s, msgStart, fields);
    const message = s.slice(msgStart, msgStart + MAX_MESSAGE_CHARS);
    // With the bytes of an all-ASCII line (byte offsets are string offsets), the keyword checks read bytes.
    const at = bytes !== undefined && s === text && end - start === text.length ? start + msgStart : -1;
    const plain = at >= 0 && proc !== 'systemd-shutdown' && s.charCodeAt(msgStart) !== 60 /* < */ && plainBytes(bytes!, at, end);
    const level = plain ? 'info' : classifyAndGuess(message, proc, fields);
    const ev = headerEvent(this.source, this.ctx.path, { time, timeText: s.slice(0, tsEnd), timeSource, level, line: lineNo, message, fields, format, text });
    // A line no detector watches for (continuation lines undo it: multiline.ts).
    if (at >= 0 && level === 'info' && fields.kind === undefined && this.ctx.quiet?.(bytes!, at, end)) ev.routine = true;
    this.pending.begin(ev);
    this.owner = Owner.Self;
  }

  /**
   * A routine line counted from its bytes (`LineParser.skim`): an RFC 3164 or RFC 3339 line, all ASCII, whose tag is
   * not the agent's, plain info no detector watches for, with no boot marker waiting and no agent entry left open,
   * followed in the chunk by a line that starts an entry (so nothing can join its own). Anything else goes to `line`.
   */
  skim(b: Uint8Array, start: number, end: number, lineNo: number, next: number): boolean {
    // A blank line changes nothing (`other`).
    if (isBlankBytes(b, start, end)) return true;
    if (this.boot !== null || end - start > MAX_MESSAGE_CHARS || !isAscii(b, start, end) || !startsSyslogEntry(b, afterBlankLines(b, next), this.peek)) return false;
    const c0 = b[start]!;
    let time: number;
    let tsEnd: number;
    let timeSource: TimeSource = 'utc';
    let format: string;
    if (c0 >= 65 && c0 <= 90) {
      if (b[start + 8] === 45) return false; // journalctl -o short-full: read by `line`
      time = this.clock.atBytes(b, start, end);
      if (time !== time) return false;
      timeSource = this.clock.timeSource;
      tsEnd = rfc3164End(b, start, end);
      format = tsEnd === 15 ? 'rfc3164' : 'rfc3164-precise';
      if (tsEnd > 15) for (let k = start + 16, scale = 100; k < start + tsEnd && scale >= 1; k++, scale /= 10) time += (b[k]! - 48) * scale;
    } else if (c0 >= 48 && c0 <= 57 && this.iso.readBytes(b, start, end)) {
      time = this.iso.out.time;
      tsEnd = this.iso.out.end;
      format = 'rfc3339';
    } else {
      return false;
    }
    const len = end - start;
    if (tsEnd < len && b[start + tsEnd] !== 32) return false;
    const cols = readColumns(b, start, end, tsEnd, this.columns);
    const proc0 = b[start + cols.procStart];
    // The agent's tags (waagent-route.ts `claims`: python*, waagent, WALinuxAgent...) and systemd-shutdown: `line`.
    if (cols.procEnd > cols.procStart && (proc0 === 112 || proc0 === 119 || proc0 === 87 || isProc(b, start, cols, SYSTEMD_SHUTDOWN))) return false;
    let msgStart = cols.msgStart;
    if (b[start + msgStart] === 91 /* [ */ && isProc(b, start, cols, KERNEL)) msgStart = afterUptime(b, start, end, msgStart);
    const at = start + msgStart;
    if ((msgStart < len && b[at] === 60) /* < */ || !plainBytes(b, at, end) || !this.ctx.quiet!(b, at, end)) return false;
    this.noteFormat(format);
    this.agent.settle(time);
    // An agent entry still open would be emitted after this line's event: `line` keeps that order.
    if (this.agent.open) return false;
    this.pending.flush();
    this.owner = Owner.Self;
    this.ctx.count!(time, timeSource, lineNo);
    return true;
  }

  override end(): void {
    super.end();
    this.agent.end();
    if (this.boot !== null) {
      this.ctx.emit(this.boot);
      this.boot = null;
    }
  }

  override stats(): { unparsed: number; formats: string[] } {
    const agent = this.agent.stats();
    return { unparsed: this.unparsed + agent.unparsed, formats: [...this.formats, ...agent.formats] };
  }

  /**
   * `journalctl -o short-full`: `Sat 2023-12-30 08:12:01 UTC` (weekday, date, time, zone abbreviation). `UTC`/`GMT`
   * are UTC; any other abbreviation is taken as the local zone (tz rules). Sets `fullEnd`/`fullSource`.
   */
  private shortFull(s: string): number {
    if (s.charCodeAt(3) !== 32 || s.charCodeAt(11) !== 45 || s.charCodeAt(14) !== 32 || s.charCodeAt(17) !== 58 || s.charCodeAt(20) !== 58 || s.charCodeAt(23) !== 32) return Number.NaN;
    const zEnd = s.indexOf(' ', 24);
    if (zEnd < 0 || zEnd - 24 > 6) return Number.NaN;
    const y = twoDigitsAt(s, 4) * 100 + twoDigitsAt(s, 6);
    const mo = twoDigitsAt(s, 9);
    const d = twoDigitsAt(s, 12);
    const h = twoDigitsAt(s, 15);
    const mi = twoDigitsAt(s, 18);
    const sec = twoDigitsAt(s, 21);
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return Number.NaN;
    const zone = s.slice(24, zEnd);
    this.fullEnd = zEnd;
    if (zone === 'UTC' || zone === 'GMT') {
      this.fullSource = 'utc';
      return utcFromFields(y, mo, d, h, mi, sec);
    }
    this.fullSource = this.clock.utc ? 'utc' : localSource(this.ctx.tz);
    return this.ctx.tz.toUtc(y, mo, d, h, mi, sec, 0);
  }

  /** `[ 123.456789] ` after `kernel: `: sets `fields.uptime`, returns where the text starts. */
  private uptime(s: string, at: number, fields: Record<string, string>): number {
    let p = at + 1;
    while (s.charCodeAt(p) === 32) p++;
    const start = p;
    while (isDigit(s.charCodeAt(p))) p++;
    if (p === start || s.charCodeAt(p) !== 46) return at;
    p++;
    while (isDigit(s.charCodeAt(p))) p++;
    if (s.charCodeAt(p) !== 93) return at;
    fields.uptime = s.slice(start, p);
    return s.charCodeAt(p + 1) === 32 ? p + 2 : p + 1;
  }

  /** A line without a readable header: a continuation (indented), or a line that could not be read. */
  private other(s: string, raw: string, lineNo: number): void {
    if (isBlank(s)) return;
    const c0 = s.charCodeAt(0);
    if (c0 === 32 || c0 === 9) {
      if (this.owner === Owner.Agent) return this.agent.continuation(raw, lineNo);
      if (this.owner === Owner.Self && this.pending.add(s, lineNo)) return;
    }
    // A timestamp that could not be read (looksSyslogDated / looksIsoDated), a cut first line, binary junk.
    this.unparsed++;
  }

  /** Journal comment lines: boot markers become events, `-- Logs begin at <date>` pins the year. */
  private comment(s: string, lineNo: number): void {
    this.pending.flush();
    this.owner = Owner.None;
    const boot = bootMarker(s);
    if (boot !== null) {
      if (this.boot !== null) this.ctx.emit(this.boot);
      const fields: Record<string, string> = { kind: 'boot' };
      if (boot !== '') fields.boot = boot;
      this.boot = {
        time: null,
        timeText: '',
        timeSource: 'none',
        level: 'info',
        source: this.source,
        path: this.ctx.path,
        line: lineNo,
        message: cap(s),
        fields,
        format: 'journal-marker',
        raw: cap(s),
      };
      this.formats.add('journal-marker');
      return;
    }
    if (s.startsWith('-- Logs begin at ') || s.startsWith('-- Journal begins at ')) {
      const m = RE_BEGIN_DATE.exec(s);
      if (m !== null) this.clock.anchor(Number(m[1]), Number(m[2]));
      // The banner is written in the zone of the lines: `UTC` means `journalctl --utc` (or a UTC machine).
      if (RE_BANNER_UTC.test(s)) this.clock.useUtc();
    }
  }

  /** A boot marker takes the time of the first line after it (its boot's first record). */
  private resolveBoot(time: number, timeText: string, timeSource: TimeSource): void {
    const ev = this.boot!;
    ev.time = time;
    ev.timeText = timeText;
    ev.timeSource = timeSource;
    this.ctx.emit(ev);
    this.boot = null;
  }
}

/** Lines that look like a syslog/journal line (used by the sniffers). */
export function looksLikeSyslogLine(s: string): boolean {
  return looksSyslogDated(s) || looksIsoDated(s);
}
