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
// The stamps are classified by vmsnapshot-stamp.ts, the other pieces of a line found by vmsnapshot-scan.ts.
import type { FactStatement } from '../../facts/kinds.js';
import type { Level, LogEvent, TimeSource } from '../../model.js';
import type { ParseContext, Parser } from '../types.js';
import { localSource } from '../../time/zone.js';
import { cap, isBlank } from '../multiline.js';
import { setBounded } from '../../bounded.js';
import { ExtensionLineParser } from './line-parser.js';
import { datedAt } from './stamp.js';
import { isDigit } from '../../text/chars.js';
import { inferLevel, mayMatter, messageFields } from './vmsnapshot-message.js';
import { type BlockMarker, callerEnd, gluedStart, isConsolePath, markerOf, splitVersion } from './vmsnapshot-scan.js';
import { VmSnapshotStamp } from './vmsnapshot-stamp.js';
import { VMSNAPSHOT_SAMPLES } from './samples.js';

export { markerOf, isConsolePath, type BlockMarker } from './vmsnapshot-scan.js';

export const VMSNAPSHOT_SOURCE = 'vmsnapshot-log';
export const VMSNAPSHOT_EXTENSION = 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux';

export type VmSnapshotFormat = 'py3' | 'py2' | 'backuplogger' | 'safefreeze' | 'no-timestamp';

const MAX_FACT_TEXT = 1000;
const QUARTER_HOUR = 15 * 60_000;

/** `+02:00` / `-05:30` for an offset in ms. */
function formatOffset(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  return `${ms < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export class VmSnapshotLineParser extends ExtensionLineParser {
  private readonly st: VmSnapshotStamp;
  private readonly localSource: TimeSource;
  private readonly console: boolean;
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
  /**
   * The zone offset of the safefreeze binary's local times (ms, local - UTC), learnt from a binary line relayed in
   * a UTC-stamped line; null until one was seen (and with --tz, which converts them already).
   */
  private binaryOffset: number | null = null;
  /** `time+level marker` of the pending entry's py2 line: later py2 lines with the same one continue it. */
  private py2Key: string | null = null;

  /**
   * A binary line (local time read as UTC: `local`) relayed in a UTC line written at `utc`, a little after the
   * binary wrote it (up to the freeze wait, at most minutes). Zone offsets are whole quarter hours, so the offset
   * is the difference rounded up to one, when it is a real zone's (within 14 hours).
   */
  private learnBinaryOffset(local: number, utc: number): void {
    if (this.ctx.tz.explicit) return;
    const offset = Math.ceil((local - utc) / QUARTER_HOUR) * QUARTER_HOUR;
    if (Math.abs(offset) <= 14 * 3_600_000) this.binaryOffset = offset;
  }

  constructor(ctx: ParseContext) {
    super(ctx);
    this.st = new VmSnapshotStamp(ctx.tz);
    this.localSource = localSource(ctx.tz);
    this.console = isConsolePath(ctx.path);
  }

  protected read(s: string, lineNo: number): void {
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

  /** A line starting (at `i`) with a timestamp; false when it is not one of the formats. */
  private header(s: string, i: number, lineNo: number): boolean {
    const st = this.st;
    const kind = st.read(s, i);
    if (kind === 'none') return false;
    const stampEnd = st.end;
    let msgStart = st.msg;
    let time = st.timeOf(kind, s, i, stampEnd);
    if (time !== time) return false;
    let stated = st.level;
    const outerText = s.slice(i, stampEnd);
    let prefix: string | undefined;
    let py2Key: string | null = null;

    if (kind === 'py3') {
      const end = st.prefixEnd;
      prefix = st.prefixText(s, msgStart, end);
      msgStart = end;
    } else if (kind === 'py2') {
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
      const end = s.charCodeAt(p) === 91 ? st.prefixAt(s, p) : -1;
      if (end > 0) {
        prefix = st.prefixText(s, p, end);
        p = end;
      }
      msgStart = p;
      py2Key = outerText + marker;
      if (prefix === undefined && this.py2Continues(s, msgStart, py2Key, lineNo)) return true;
    }

    // Nested stamps: the backuplogger inside a py2 line or a buffered block, safefreeze output inside any line.
    let timeText = outerText;
    let source: TimeSource = kind === 'py2' || kind === 'safefreeze' ? this.localSource : 'utc';
    let format: VmSnapshotFormat = kind === 'py3' || kind === 'py3-bare' ? 'py3' : kind === 'py2' ? 'py2' : kind === 'backuplogger' ? 'backuplogger' : 'safefreeze';
    let nested = false;
    let binary = kind === 'safefreeze';
    for (let depth = 0; depth < 2 && !binary; depth++) {
      const c = s.charCodeAt(msgStart);
      if (!(c >= 48 && c <= 57)) break;
      const inner = st.read(s, msgStart);
      if (inner !== 'backuplogger' && inner !== 'safefreeze') break;
      const t = st.timeOf(inner, s, msgStart, st.end);
      if (t !== t) break;
      if (inner === 'safefreeze' && source === 'utc' && time !== null) this.learnBinaryOffset(t, time);
      time = t;
      timeText = s.slice(msgStart, st.end);
      source = inner === 'safefreeze' ? this.localSource : 'utc';
      format = inner === 'safefreeze' ? 'safefreeze' : 'backuplogger';
      if (inner === 'backuplogger') stated = st.level;
      binary = inner === 'safefreeze';
      nested = true;
      msgStart = st.msg;
    }

    // The source summary lists the line's own format too (`py2` for the 2016 nested lines).
    if (nested) this.formats.add(kind === 'py2' ? 'py2' : kind === 'backuplogger' ? 'backuplogger' : 'py3');
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
    if (binary && source !== 'tz' && this.binaryOffset !== null && time !== null) {
      // The binary writes local time; the file's UTC stamps showed the zone's offset.
      time -= this.binaryOffset;
      source = 'inferred-offset';
      (fields ??= {}).localOffset = formatOffset(this.binaryOffset);
    }
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
    if (this.py2Key !== key || this.pending.ev === null) {
      return msgStart >= s.length || isBlank(s.slice(msgStart)); // a stray blank line: nothing to keep
    }
    const body = s.slice(msgStart);
    if (body.length > 0) {
      const c = body.charCodeAt(0);
      if (c >= 48 && c <= 57 && this.st.read(body, 0) !== 'none') return false; // a nested line: its own entry
      if (c === 61 && markerOf(body) !== undefined) return false;
    }
    this.pending.add(body, lineNo);
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
    if (this.pending.ev !== null) {
      if (this.console) {
        const c = s.charCodeAt(0);
        if (c !== 32 && c !== 9) return; // other console output between the extension's lines
      }
      this.pending.add(s, lineNo);
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

  /** Handler prefixes remembered (for tests of the bound). */
  get knownPrefixes(): number {
    return this.exts.size;
  }

  private extension(prefix: string, ev: LogEvent): { name: string; version?: string } {
    if (prefix === this.lastExtPrefix) return this.lastExt;
    this.lastExtPrefix = prefix;
    let ext = this.exts.get(prefix);
    if (ext === undefined) {
      const version = splitVersion(prefix);
      ext = version !== undefined ? { name: VMSNAPSHOT_EXTENSION, version } : { name: VMSNAPSHOT_EXTENSION };
      setBounded(this.exts, prefix, ext, MAX_FACT_VALUES);
      if (version !== undefined) this.fact({ kind: 'extension-log-version', value: version, attrs: { name: VMSNAPSHOT_EXTENSION, prefix } }, ev);
    }
    this.lastExt = ext;
    return ext;
  }

  private fact(f: FactStatement, ev: LogEvent): void {
    let seen = this.factSeen.get(f.kind);
    if (seen === undefined) this.factSeen.set(f.kind, (seen = new Set()));
    if (seen.has(f.value)) return;
    // Values beyond the bound are stated again when they repeat; the entry's fact collector bounds what is kept.
    if (seen.size < MAX_FACT_VALUES) seen.add(f.value);
    this.ctx.fact({ ...f, time: ev.time, path: this.ctx.path, line: ev.line, text: cap(ev.raw ?? ev.message, MAX_FACT_TEXT) });
  }

  private start(ev: LogEvent): void {
    this.pending.begin(ev);
    this.noteFormat(ev.format!);
    const fields = ev.fields;
    if (fields === undefined) return;
    if (fields.freezeTimeout !== undefined) this.fact({ kind: 'freeze-timeout', value: fields.freezeTimeout, attrs: { unit: 's' } }, ev);
  }
}

/**
 * Distinct values of one fact kind remembered, and distinct handler prefixes (`[...VMSnapshotLinux-<version>]`), so
 * that a log of endless distinct values costs bounded memory: a VM runs a handful of handler versions.
 */
export const MAX_FACT_VALUES = 256;

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
