// The VMSnapshotLinux extension.log parser (backup-extension.md §1.1-1.2): every line format the handler writes,
// nested in one another, in one pass with character checks (no regex on the per-line path).
//
// Line shapes (`format` of the event):
// - `py3`           `2024-01-14 22:16:48.796446 [Name-1.0]msg`   HandlerUtil.log_py3: UTC, no level.
// - `py2`           `2016/12/10 01:11:00 [ERROR:|WARNING:][Name-1.0]msg`   WaagentLib Logger: LOCAL time; every
//                   `\n` of a message becomes its own line with the time (the prefix only on the first).
// - `backuplogger`  `2016-12-10 01:11:00.532512  Info  msg ` (py2) / `2024/01/14 22:16:49.123456  Info  msg ` (py3):
//                   UTC with a level. Nested in py2 lines (2016), buffered during a freeze and written as one
//                   block between `Logs during Freeze Start` / `End` markers, and copied to the serial console.
// - `safefreeze`    `2017-11-02 11:22:56 Thawing: /boot`: the freeze binary's stdout (C `%F %X`), local time; bare,
//                   or relayed as the message of any of the above between `Binary output traces start` / `end`.
// - `no-timestamp`  a line before the first timestamped one.
// The innermost time is the event's time; the line's own (outermost) time is kept in `fields.outerTime`.
import type { Fact, Level, LogEvent, TimeSource } from '../../model.js';
import type { LineParser, ParseContext, Parser } from '../types.js';
import { UTC_SECONDS } from '../../time/fields.js';
import { Assembler, cap, isBlank } from './assembler.js';
import { clockAt, datedAt, digitsEnd, fractionMs, isDigit, StampClock } from './stamp.js';
import { inferLevel, mayMatter, messageFields } from './vmsnapshot-message.js';
import { VMSNAPSHOT_SAMPLES } from './samples.js';

export const VMSNAPSHOT_SOURCE = 'vmsnapshot-log';
export const VMSNAPSHOT_EXTENSION = 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux';

export type VmSnapshotFormat = 'py3' | 'py2' | 'backuplogger' | 'safefreeze' | 'no-timestamp';
export type BlockMarker = 'freeze-start' | 'freeze-end' | 'binary-start' | 'binary-end';

const MAX_FACT_TEXT = 1000;

// Stamp kinds read by `stamp()`.
const NONE = 0;
const PY3 = 1;
const PY3_BARE = 2;
const PY2 = 3;
const BACKUPLOGGER = 4;
const SAFEFREEZE = 5;

/** The block marker a message is, if any (`====...` lines of backuplogger.py / fsfreezer.py). */
export function markerOf(msg: string): BlockMarker | undefined {
  const at = msg.indexOf('=====');
  if (at < 0) return undefined;
  if (msg.indexOf('Logs during Freeze Start', at) >= 0) return 'freeze-start';
  if (msg.indexOf('Logs during Freeze End', at) >= 0) return 'freeze-end';
  if (msg.indexOf('Binary output traces start', at) >= 0) return 'binary-start';
  if (msg.indexOf('Binary output traces end', at) >= 0) return 'binary-end';
  return undefined;
}

/** End (index after `]`) of a `[token]` without blanks starting at `i`, or -1. */
function bracketEnd(s: string, i: number): number {
  if (s.charCodeAt(i) !== 91) return -1;
  for (let k = i + 1; k < s.length && k < i + 200; k++) {
    const c = s.charCodeAt(k);
    if (c === 93) return k > i + 1 ? k + 1 : -1;
    if (c === 32 || c === 9 || c === 91) return -1;
  }
  return -1;
}

/** The backuplogger level word at `i` (`Info`, `Warning`, `Error`; also `Verbose`, `Debug`): index after it, or -1. */
function levelWordAt(s: string, i: number, out: { level: Level }): number {
  switch (s.charCodeAt(i)) {
    case 73: // I
      if (s.startsWith('Info', i)) {
        out.level = 'info';
        return i + 4;
      }
      return -1;
    case 87: // W
      if (s.startsWith('Warning', i)) {
        out.level = 'warning';
        return i + 7;
      }
      return -1;
    case 69: // E
      if (s.startsWith('Error', i)) {
        out.level = 'error';
        return i + 5;
      }
      return -1;
    case 86: // V
      if (s.startsWith('Verbose', i)) {
        out.level = 'verbose';
        return i + 7;
      }
      return -1;
    case 68: // D
      if (s.startsWith('Debug', i)) {
        out.level = 'verbose';
        return i + 5;
      }
      return -1;
    default:
      return -1;
  }
}

/** Start of a serial-console line glued after other console output (`host login: 2019/11/23 ...  Info  msg`), or -1. */
function gluedStart(s: string): number {
  if (s.length < 30) return -1;
  let at = s.indexOf('  Info  ');
  if (at < 0) at = s.indexOf('  Warning  ');
  if (at < 0) at = s.indexOf('  Error  ');
  if (at < 19) return -1;
  for (const back of [26, 19, 29, 23]) {
    const j = at - back;
    if (j > 0 && datedAt(s, j)) return j;
  }
  return -1;
}

/** Index of `]` in a leading `[name] -> ` (no blank in the name), or -1. */
function callerEnd(msg: string): number {
  const close = msg.indexOf('] -> ');
  if (close < 2 || close > 100) return -1;
  for (let k = 1; k < close; k++) {
    const c = msg.charCodeAt(k);
    if (c === 32 || c === 9 || c === 91) return -1;
  }
  return close;
}

function splitVersion(prefix: string): string | undefined {
  const inner = prefix.slice(1, -1);
  for (let k = inner.length - 2; k > 0; k--) {
    if (inner.charCodeAt(k) === 45 && isDigit(inner.charCodeAt(k + 1))) return inner.slice(k + 1);
  }
  return undefined;
}

/** True when the path names a serial-console capture: unmatched lines there are console noise, not continuation. */
export function isConsolePath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return base.includes('console');
}

export class VmSnapshotLineParser implements LineParser {
  private readonly asm: Assembler;
  private readonly utcClock = new StampClock(UTC_SECONDS);
  private readonly localClock: StampClock;
  private readonly localSource: TimeSource;
  private readonly console: boolean;
  private unparsed = 0;
  private readonly formats = new Set<string>();
  private readonly exts = new Map<string, { name: string; version?: string }>();
  private lastExt: { name: string; version?: string } = { name: VMSNAPSHOT_EXTENSION };
  private lastExtPrefix = '';
  /** Fact values already reported, per kind (each distinct value once per file). */
  private readonly factSeen = new Map<string, Set<string>>();

  /** Inside a `Logs during Freeze Start` block (written in one piece; a new prefixed line ends it). */
  private inFreeze = false;
  /** Time of the line that opened the freeze block (its flush time), for the bare `... End` marker. */
  private blockTime: number | null = null;
  private blockSource: TimeSource = 'none';
  private blockFormat: VmSnapshotFormat = 'py3';
  /** `time+level marker` of the pending entry's py2 line: later py2 lines with the same one continue it. */
  private py2Key: string | null = null;

  /** The last handler prefix seen (`[Name-1.0]`): most lines repeat it, so it is compared, not re-scanned. */
  private lastPrefix = '';

  // Results of `stamp()`, overwritten by each call.
  private sEnd = 0;
  private sPrefixEnd = 0;
  /** The last `prefixEnd` matched `lastPrefix`. */
  private samePrefix = false;
  private sMsg = 0;
  private sLevel: Level | null = null;
  private readonly lw: { level: Level } = { level: 'info' };

  constructor(private readonly ctx: ParseContext) {
    this.asm = new Assembler(ctx.emit);
    this.localClock = new StampClock((y, mo, d, h, mi, s) => ctx.tz.toUtc(y, mo, d, h, mi, s, 0));
    this.localSource = ctx.tz.explicit ? 'tz' : 'assumed-utc';
    this.console = isConsolePath(ctx.path);
  }

  line(text: string, lineNo: number): void {
    try {
      this.read(text, lineNo);
    } catch {
      this.unparsed++;
    }
  }

  end(): void {
    this.asm.flush();
  }

  stats(): { unparsed: number; formats: string[] } {
    return { unparsed: this.unparsed, formats: [...this.formats] };
  }

  private read(s: string, lineNo: number): void {
    let i = 0;
    let c = s.charCodeAt(0);
    while (c === 32 || c === 9) c = s.charCodeAt(++i);
    if (isDigit(c)) {
      if (this.header(s, i, lineNo)) return;
      // A damaged header; an indented dated line that is no header is continuation text (a body, a table).
      if (i === 0 && s.length >= 19 && datedAt(s, 0)) {
        this.unparsed++;
        return this.other(s, lineNo);
      }
    }
    if (c === 61 /* = */) {
      const marker = markerOf(s);
      if (marker !== undefined) return this.bareMarker(s, lineNo, marker);
    }
    const j = gluedStart(s);
    if (j > 0 && this.header(s, j, lineNo)) return;
    this.other(s, lineNo);
  }

  /**
   * Classifies the stamp at `i` (NONE when there is none): sets `sEnd` (end of the stamp text), `sMsg` (where the
   * text after it starts) and `sLevel` (backuplogger level).
   */
  private stamp(s: string, i: number): number {
    if (s.length - i < 19 || s.charCodeAt(i + 10) !== 32 || !datedAt(s, i) || !clockAt(s, i + 11)) return NONE;
    const p = i + 19;
    let end = p;
    if (s.charCodeAt(p) === 46 /* . */) {
      end = digitsEnd(s, p + 1, 9);
      if (end === p + 1) return NONE;
    }
    const frac = end > p;
    this.sEnd = end;
    this.sLevel = null;
    const a = s.charCodeAt(end);
    const b = s.charCodeAt(end + 1);
    if (a === 32 && b === 32) {
      // `  Level  msg ` of the backuplogger.
      const after = levelWordAt(s, end + 2, this.lw);
      if (after < 0) return NONE;
      if (after < s.length && !(s.charCodeAt(after) === 32 && s.charCodeAt(after + 1) === 32)) return NONE;
      this.sLevel = this.lw.level;
      this.sMsg = Math.min(after + 2, s.length);
      return BACKUPLOGGER;
    }
    if (s.charCodeAt(i + 4) === 47 /* / */) {
      if (frac || (end < s.length && a !== 32)) return NONE;
      this.sMsg = Math.min(end + 1, s.length);
      return PY2;
    }
    if (end === s.length) {
      this.sMsg = end;
      return frac ? PY3_BARE : SAFEFREEZE;
    }
    if (a !== 32) return NONE;
    this.sMsg = end + 1;
    if (b === 91 /* [ */) {
      const pe = this.prefixEnd(s, end + 1);
      if (pe > 0) {
        this.sPrefixEnd = pe;
        return PY3;
      }
    }
    if (frac) return PY3_BARE;
    // safefreeze.c `logger()`: `printf("%s : ", time)` in the versions that write a colon.
    if (b === 58 /* : */ && s.charCodeAt(end + 2) === 32) this.sMsg = end + 3;
    return SAFEFREEZE;
  }

  /** End of the `[...]` prefix at `i` (the last one seen is matched without a scan), or -1. */
  private prefixEnd(s: string, i: number): number {
    const last = this.lastPrefix;
    if (last.length > 0 && s.startsWith(last, i)) {
      this.samePrefix = true;
      return i + last.length;
    }
    this.samePrefix = false;
    return bracketEnd(s, i);
  }

  /** The prefix `s[i, end)` found by the last `prefixEnd`, as a shared string when it repeats the last one. */
  private prefixText(s: string, i: number, end: number): string {
    if (this.samePrefix) return this.lastPrefix;
    const text = s.slice(i, end);
    this.lastPrefix = text;
    return text;
  }

  private timeOf(kind: number, s: string, i: number, end: number): number {
    const clock = kind === PY2 || kind === SAFEFREEZE ? this.localClock : this.utcClock;
    const base = clock.at(s, i);
    return end > i + 20 ? base + fractionMs(s, i + 20, end) : base;
  }

  /** A line starting (at `i`) with a timestamp; false when it is not one of the formats. */
  private header(s: string, i: number, lineNo: number): boolean {
    const kind = this.stamp(s, i);
    if (kind === NONE) return false;
    const stampEnd = this.sEnd;
    let msgStart = this.sMsg;
    let time = this.timeOf(kind, s, i, stampEnd);
    if (time !== time) return false;
    let stated = this.sLevel;
    const outerText = s.slice(i, stampEnd);
    let prefix: string | undefined;
    let py2Key: string | null = null;

    if (kind === PY3) {
      const end = this.sPrefixEnd;
      prefix = this.prefixText(s, msgStart, end);
      msgStart = end;
    } else if (kind === PY2) {
      let p = msgStart;
      let marker = '';
      if (s.startsWith('ERROR:', p)) {
        stated = 'error';
        marker = 'E';
        p += 6;
      } else if (s.startsWith('WARNING:', p)) {
        stated = 'warning';
        marker = 'W';
        p += 8;
      }
      // `ERROR: [Name-1.0]msg` (a later logger puts a blank before the prefix).
      if (marker !== '' && s.charCodeAt(p) === 32 && s.charCodeAt(p + 1) === 91) p++;
      const end = s.charCodeAt(p) === 91 ? this.prefixEnd(s, p) : -1;
      if (end > 0) {
        prefix = this.prefixText(s, p, end);
        p = end;
      }
      msgStart = p;
      py2Key = outerText + marker;
      if (prefix === undefined && this.py2Continues(s, msgStart, py2Key, lineNo)) return true;
    }

    // Nested stamps: the backuplogger inside a py2 line or a buffered block, safefreeze output inside any line.
    let timeText = outerText;
    let source: TimeSource = kind === PY2 || kind === SAFEFREEZE ? this.localSource : 'utc';
    let format: VmSnapshotFormat = kind === PY3 || kind === PY3_BARE ? 'py3' : kind === PY2 ? 'py2' : kind === BACKUPLOGGER ? 'backuplogger' : 'safefreeze';
    let nested = false;
    let binary = kind === SAFEFREEZE;
    for (let depth = 0; depth < 2 && !binary; depth++) {
      const c = s.charCodeAt(msgStart);
      if (!(c >= 48 && c <= 57)) break;
      const inner = this.stamp(s, msgStart);
      if (inner !== BACKUPLOGGER && inner !== SAFEFREEZE) break;
      const t = this.timeOf(inner, s, msgStart, this.sEnd);
      if (t !== t) break;
      time = t;
      timeText = s.slice(msgStart, this.sEnd);
      source = inner === SAFEFREEZE ? this.localSource : 'utc';
      format = inner === SAFEFREEZE ? 'safefreeze' : 'backuplogger';
      if (inner === BACKUPLOGGER) stated = this.sLevel;
      binary = inner === SAFEFREEZE;
      nested = true;
      msgStart = this.sMsg;
    }

    // The source summary lists the line's own format too (`py2` for the 2016 nested lines).
    if (nested) this.formats.add(kind === PY2 ? 'py2' : kind === BACKUPLOGGER ? 'backuplogger' : 'py3');
    let msg = s.slice(msgStart).trimEnd();
    // handle_host_daemon.py (host_based_extension.log) starts its messages with `[Class.method] -> `.
    let caller: string | undefined;
    if (msg.charCodeAt(0) === 91) {
      const close = callerEnd(msg);
      if (close > 0) {
        caller = msg.slice(1, close);
        msg = msg.slice(close + 5);
      }
    }
    const marker = markerOf(msg);
    // The freeze block is flushed in one write: a line with the handler prefix is a new write, so the block ended.
    if (prefix !== undefined && this.inFreeze && marker !== 'freeze-end') this.inFreeze = false;
    const buffered = this.inFreeze;

    const gate = mayMatter(msg);
    let fields = messageFields(msg, gate);
    if (caller !== undefined) (fields ??= {}).caller = caller;
    if (nested) (fields ??= {}).outerTime = outerText;
    if (buffered) (fields ??= {}).buffered = 'freeze';
    if (binary) (fields ??= {}).binary = 'safefreeze';
    if (marker !== undefined) (fields ??= {}).marker = marker;
    const level: Level = stated === 'error' || stated === 'warning' || stated === 'verbose' ? stated : inferLevel(msg, fields, gate);

    const ev: LogEvent = {
      time,
      timeText,
      timeSource: source,
      level,
      source: VMSNAPSHOT_SOURCE,
      path: this.ctx.path,
      line: lineNo,
      message: msg,
      format,
      raw: cap(s),
    };
    if (prefix !== undefined) ev.prefix = prefix;
    ev.extension = prefix !== undefined ? this.extension(prefix, ev) : this.lastExt;
    if (fields !== undefined) ev.fields = fields;
    this.start(ev);
    this.py2Key = py2Key;

    if (marker === 'freeze-start') {
      this.inFreeze = true;
      this.blockTime = time;
      this.blockSource = source;
      this.blockFormat = format;
    } else if (marker === 'freeze-end') {
      this.inFreeze = false;
    }
    return true;
  }

  /**
   * A py2 line without the handler prefix whose time (and level marker) repeat the pending entry's: the next line
   * of the same message (WaagentLib writes every `\n` as a line of its own). Blank ones are kept only if more follow.
   */
  private py2Continues(s: string, msgStart: number, key: string, lineNo: number): boolean {
    if (this.py2Key !== key || this.asm.ev === null) {
      return msgStart >= s.length || isBlank(s.slice(msgStart)); // a stray blank line: nothing to keep
    }
    const body = s.slice(msgStart);
    if (body.length > 0) {
      const c = body.charCodeAt(0);
      if (c >= 48 && c <= 57 && this.stamp(body, 0) !== NONE) return false; // a nested line: its own entry
      if (c === 61 && markerOf(body) !== undefined) return false;
    }
    this.asm.add(body, lineNo);
    return true;
  }

  /** A `==== ... ====` marker line without a time (the end of a py3 freeze block): the block's flush time. */
  private bareMarker(s: string, lineNo: number, marker: BlockMarker): void {
    const msg = s.trimEnd();
    const fields: Record<string, string> = { marker };
    if (this.inFreeze) fields.buffered = 'freeze';
    this.start({
      time: this.blockTime,
      timeText: '',
      timeSource: this.blockTime === null ? 'none' : this.blockSource,
      level: 'info',
      source: VMSNAPSHOT_SOURCE,
      path: this.ctx.path,
      line: lineNo,
      message: msg,
      format: this.blockTime === null ? 'no-timestamp' : this.blockFormat,
      raw: cap(s),
      extension: this.lastExt,
      fields,
    });
    this.py2Key = null;
    if (marker === 'freeze-end') this.inFreeze = false;
    if (marker === 'freeze-start') this.inFreeze = true;
  }

  /** A line that is no header: continuation of the pending entry, console noise, or an entry without a time. */
  private other(s: string, lineNo: number): void {
    if (this.asm.ev !== null) {
      if (this.console) {
        const c = s.charCodeAt(0);
        if (c !== 32 && c !== 9) return; // other console output between the extension's lines
      }
      this.asm.add(s, lineNo);
      return;
    }
    if (this.console || isBlank(s)) return;
    const msg = s.trimEnd();
    const fields = messageFields(msg);
    const ev: LogEvent = {
      time: null,
      timeText: '',
      timeSource: 'none',
      level: inferLevel(msg, fields),
      source: VMSNAPSHOT_SOURCE,
      path: this.ctx.path,
      line: lineNo,
      message: msg,
      format: 'no-timestamp',
      raw: cap(s),
      extension: this.lastExt,
    };
    if (fields !== undefined) ev.fields = fields;
    this.start(ev);
    this.py2Key = null;
  }

  private extension(prefix: string, ev: LogEvent): { name: string; version?: string } {
    if (prefix === this.lastExtPrefix) return this.lastExt;
    this.lastExtPrefix = prefix;
    let ext = this.exts.get(prefix);
    if (ext === undefined) {
      const version = splitVersion(prefix);
      ext = version !== undefined ? { name: VMSNAPSHOT_EXTENSION, version } : { name: VMSNAPSHOT_EXTENSION };
      this.exts.set(prefix, ext);
      if (version !== undefined) this.fact({ kind: 'extension-log-version', value: version, attrs: { name: VMSNAPSHOT_EXTENSION, prefix } }, ev);
    }
    this.lastExt = ext;
    return ext;
  }

  private fact(f: Omit<Fact, 'time' | 'path' | 'line' | 'text'>, ev: LogEvent): void {
    let seen = this.factSeen.get(f.kind);
    if (seen === undefined) this.factSeen.set(f.kind, (seen = new Set()));
    if (seen.has(f.value)) return;
    seen.add(f.value);
    this.ctx.fact({ ...f, time: ev.time, path: this.ctx.path, line: ev.line, text: cap(ev.raw ?? ev.message, MAX_FACT_TEXT) });
  }

  private start(ev: LogEvent): void {
    this.asm.begin(ev);
    this.formats.add(ev.format!);
    const fields = ev.fields;
    if (fields === undefined) return;
    if (fields.freezeTimeout !== undefined) this.fact({ kind: 'freeze-timeout', value: fields.freezeTimeout, attrs: { unit: 's' } }, ev);
    if (fields.taskId !== undefined) this.fact({ kind: 'extension-task', value: fields.taskId, attrs: { name: VMSNAPSHOT_EXTENSION } }, ev);
  }
}

const RE_SNIFF = /^\d{4}(?:-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? |\/\d\d\/\d\d \d\d:\d\d:\d\d (?:ERROR:|WARNING:)?)\[Microsoft\.Azure\.RecoveryServices\.VMSnapshotLinux-[\d.]+\]\S/;

/** True when one of the first lines is a handler line of VMSnapshotLinux (prefix right after the time, no blank). */
export function sniffVmSnapshot(firstLines: string[]): boolean {
  return firstLines.some((l) => RE_SNIFF.test(l));
}

export const vmSnapshotLogParser: Parser = {
  id: VMSNAPSHOT_SOURCE,
  description: 'VMSnapshotLinux (Azure Backup) extension.log: Python 3/2 handler lines, backuplogger lines, freeze-time buffered blocks, safefreeze output, serial-console copies',
  globs: [
    '**/*VMSnapshotLinux*/**/extension.log',
    '**/*VMSnapshotLinux*/**/extension.log.*',
    '**/*VMSnapshotLinux*/**/extension.log-*',
    '**/*VMSnapshotLinux*/**/host_based_extension.log*',
    '**/host_based_extension.log*',
    // Serial-console captures; a bare `console*.log` only at the top (a file given alone), so that another
    // extension's `console.log` under /var/log/azure stays with the generic parser.
    '**/*serialconsole*.log*',
    '**/*serial-console*.log*',
    '**/*serial_console*.log*',
    'console*.log',
  ],
  sniff: sniffVmSnapshot,
  samples: VMSNAPSHOT_SAMPLES,
  create: (ctx) => new VmSnapshotLineParser(ctx),
};
