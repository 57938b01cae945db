// VMSnapshotLinux shell.log (backup-extension.md §1.1-1.2, §1.5): one line per step of main/handle.sh, prefixed
// with `date` (`Tue Jan 14 22:16:45 UTC 2024- msg`; older handle.sh writes the local `date`, newer `date -u`), and
// the host daemon's `[2024-01-14 22:16:45:123456789] msg` (handle_host_daemon.sh, `date -u`).
import type { Level, LogEvent } from '../../model.js';
import type { Parser } from '../types.js';
import { daysInMonth, monthAt } from '../../time/calendar.js';
import { fractionMs, utcFromFields } from '../../time/fields.js';
import { localSource } from '../../time/zone.js';
import { cap, isBlank } from '../multiline.js';
import { ExtensionLineParser } from './line-parser.js';
import { SHELL_SAMPLES } from './samples.js';
import { VMSNAPSHOT_EXTENSION } from './vmsnapshot.js';

export const SHELL_SOURCE = 'vmsnapshot-shell';

const RE_DATE = /^([A-Z][a-z]{2}) ([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?: ([A-Za-z][A-Za-z0-9+-]{0,9}|[+-]\d{4}))? (\d{4}) ?- ?(.*)$/;
const RE_BRACKET = /^\[(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:[:.,](\d+))?\] ?(.*)$/;
const RE_RC = /^(-?\d+) returned from handle/;
const UTC_ZONES: ReadonlySet<string> = new Set(['UTC', 'GMT', 'Z', 'UCT', 'Etc/UTC', '+0000']);

function looksLikeDate(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c === 91) return s.charCodeAt(1) >= 48 && s.charCodeAt(1) <= 57 && s.charCodeAt(5) === 45;
  return c >= 65 && c <= 90 && s.charCodeAt(3) === 32 && s.charCodeAt(7) === 32 && monthAt(s, 4) > 0;
}

/** Level and fields of a shell.log message: `python version unknown` (no python: the handler cannot run) is an error. */
function classify(msg: string): { level: Level; fields?: Record<string, string> } {
  if (msg.startsWith('python version unknown')) return { level: 'error' };
  const rc = RE_RC.exec(msg);
  if (rc !== null) return { level: rc[1] === '0' ? 'info' : 'warning', fields: { rc: rc[1]! } };
  return { level: 'info' };
}

export class ShellLogLineParser extends ExtensionLineParser {
  private readonly ext = { name: VMSNAPSHOT_EXTENSION };

  protected read(s: string, lineNo: number): void {
    if (looksLikeDate(s)) {
      if (s.charCodeAt(0) === 91 ? this.bracket(s, lineNo) : this.date(s, lineNo)) return;
      this.unparsed++;
    }
    if (this.pending.add(s, lineNo) || isBlank(s)) return;
    this.emit(s, lineNo, null, '', 'none', 'no-timestamp', s);
  }

  private date(s: string, lineNo: number): boolean {
    const m = RE_DATE.exec(s);
    if (m === null) return false;
    const [, , mon, day, hh, mi, ss, zone, year, msg = ''] = m;
    const month = monthAt(mon!, 0);
    if (month === 0) return false;
    const d = Number(day);
    const h = Number(hh);
    const min = Number(mi);
    const sec = Number(ss);
    if (d < 1 || d > daysInMonth(Number(year), month) || h > 23 || min > 59 || sec > 60) return false;
    const utc = zone !== undefined && UTC_ZONES.has(zone);
    const time = utc ? utcFromFields(Number(year), month, d, h, min, sec) : this.ctx.tz.toUtc(Number(year), month, d, h, min, sec, 0);
    // The stamp without its ` - `: by trimEnd, where /\s*-\s*$/ retried at every blank of a long run (quadratic).
    const stamp = s.slice(0, s.length - msg.length);
    const trimmed = stamp.trimEnd();
    const timeText = trimmed.endsWith('-') ? trimmed.slice(0, -1).trimEnd() : stamp;
    this.emit(s, lineNo, time, timeText, utc ? 'utc' : localSource(this.ctx.tz), 'date', msg);
    return true;
  }

  private bracket(s: string, lineNo: number): boolean {
    const m = RE_BRACKET.exec(s);
    if (m === null) return false;
    const [, y, mo, d, hh, mi, ss, frac = '', msg = ''] = m;
    const month = Number(mo);
    if (month < 1 || month > 12 || Number(d) < 1 || Number(d) > daysInMonth(Number(y), month) || Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 60) return false;
    const time = utcFromFields(Number(y), month, Number(d), Number(hh), Number(mi), Number(ss), fractionMs(frac, 0, frac.length));
    this.emit(s, lineNo, time, s.slice(1, s.indexOf(']')), 'utc', 'host-daemon', msg);
    return true;
  }

  private emit(raw: string, lineNo: number, time: number | null, timeText: string, timeSource: LogEvent['timeSource'], format: string, msg: string): void {
    const message = msg.trimEnd();
    const { level, fields } = classify(message);
    const ev: LogEvent = {
      time,
      timeText,
      timeSource,
      level,
      source: SHELL_SOURCE,
      path: this.ctx.path,
      line: lineNo,
      message,
      format,
      raw: cap(raw),
      extension: this.ext,
    };
    if (fields !== undefined) ev.fields = fields;
    this.pending.begin(ev);
    this.noteFormat(format);
  }
}

export const vmSnapshotShellParser: Parser = {
  id: SHELL_SOURCE,
  description: 'VMSnapshotLinux shell.log (handle.sh steps with a `date` prefix)',
  globs: ['**/*VMSnapshotLinux*/**/shell.log', '**/*VMSnapshotLinux*/**/shell.log.*', '**/*VMSnapshotLinux*/**/shell.log-*'],
  samples: SHELL_SAMPLES,
  create: (ctx) => new ShellLogLineParser(ctx),
};
