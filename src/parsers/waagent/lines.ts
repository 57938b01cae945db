// The waagent.log line parser: headers of every era, continuation lines, 2.0 per-line tracebacks, syslog/journal
// wrapping and paste artefacts (waagent.md §1.1-1.5). One instance per entry (file).
import type { Level, LogEvent, TimeSource } from '../../model.js';
import type { ParseContext } from '../types.js';
import { localSource } from '../../time/zone.js';
import { EntryLineParser } from '../entry-parser.js';
import { MAX_MESSAGE_CHARS, cap, isBlank } from '../multiline.js';
import { eventFields } from './event-payload.js';
import { mayStateFacts, messageFacts } from './facts.js';
import { FastIsoHeader, startsIsoHeader } from './fast-header.js';
import { FastLegacyHeader } from './fast-legacy-header.js';
import { afterBlankLines, isBlankBytes } from '../../text/blank-lines.js';
import { bytesStartWith } from '../../text/bytes.js';
import { setBounded } from '../../bounded.js';
import { HeaderReader, extPrefixEnd, isSupervisordLine, looksDated, splitExtension } from './formats.js';
import { type SyslogWrapped, readSyslog, readSyslogIso } from './syslog.js';

export { MAX_CONTINUATION_LINES, MAX_MESSAGE_CHARS } from '../multiline.js';

export const SOURCE_ID = 'waagent-log';
const MAX_FACT_TEXT = 1000;
/**
 * Distinct `[Publisher.Type-version]` prefixes remembered per file: a VM's agent log names a few dozen extension
 * versions over years. Past this the one first seen longest ago goes; it is stated again if it comes back (the
 * entry's fact collector bounds what is kept).
 */
export const MAX_EXTENSION_PREFIXES = 1024;

/** The last line of a Python traceback: `ExceptionName: text` or a bare `ExceptionName`. */
const RE_EXCEPTION_LINE = /^[A-Za-z_][\w.]*(?::|$)/;

type Extension = { name: string; version?: string };

const EVENT_OPENING = new TextEncoder().encode('Event: ');

const UTF8 = new TextDecoder();

/** Level marker of a 2.0 body or a timestamp-stripped line (`ERROR:` / `WARNING:`) and where the text starts. */
function v20Level(s: string): { level: Level; at: number } {
  if (s.startsWith('ERROR:')) return { level: 'error', at: 6 };
  if (s.startsWith('WARNING:')) return { level: 'warning', at: 8 };
  return { level: 'info', at: 0 };
}

/**
 * Entries are assembled in `pending`; the fields below describe the 2.0 grouping and journal state of the pending
 * entry. Emitting happens when the next entry starts or at `end()`.
 */
export class WaagentLineParser extends EntryLineParser {
  private readonly hr: HeaderReader;
  private readonly fast = new FastIsoHeader();
  private readonly legacy: FastLegacyHeader;
  /** The chunk last searched for `*` and the first `*` found at or after the line searched from. */
  private starChunk: Uint8Array | undefined;
  private nextStar = Infinity;
  private readonly localSource: TimeSource;
  private lastTime: number | null = null;
  private readonly factSeen = new Map<string, string>();
  private readonly extensions = new Map<string, Extension>();
  private lastExtPrefix = '';
  private lastExt: Extension = { name: '' };

  /** 2.0 grouping: timestamp text later same-level lines must repeat ('' = lines without time); null = none. */
  private groupTs: string | null = null;
  /** 0 = no traceback yet, 1 = inside one, 2 = its exception line was seen. */
  private traceback: 0 | 1 | 2 = 0;
  /** syslog wrapper `host proc[pid] time` of the first line: journal lines of the same record repeat it. */
  private wrap: string | null = null;

  constructor(ctx: ParseContext) {
    super(ctx);
    this.hr = new HeaderReader(ctx.tz);
    this.legacy = new FastLegacyHeader(ctx.tz);
    this.localSource = localSource(ctx.tz);
  }

  line(text: string, lineNo: number, bytes?: Uint8Array, start = 0, end = 0): void {
    // The usual 2.2.47+ header, read from the bytes; markdown paste artefacts (`**`) go the long way.
    if (bytes !== undefined && !this.hasStar(bytes, start, end) && this.fast.read(bytes, start, end, text, this.hr)) {
      this.header(text, text, lineNo, null);
      // An info line none of the detectors' keywords is in: marked while the bytes are at hand (see `flush`).
      const ev = this.pending.ev!;
      if (ev.level === 'info' && this.ctx.quiet?.(bytes, start + this.hr.msgStart, end)) ev.routine = true;
      return;
    }
    let s = text;
    if (s.indexOf('**') >= 0) s = s.replaceAll('**', ''); // markdown bold pasted from an issue
    let c0 = s.charCodeAt(0);
    if (c0 === 62 /* > */) {
      // Markdown quote pasted from an issue: `> `, `>> `, `> > `.
      let i = 0;
      while (s.charCodeAt(i) === 62 || (s.charCodeAt(i) === 32 && s.charCodeAt(i - 1) === 62)) i++;
      s = s.slice(i);
      c0 = s.charCodeAt(0);
    }
    if (c0 >= 48 && c0 <= 57) {
      if (this.hr.read(s)) return this.header(s, text, lineNo, null);
      if (looksDated(s)) {
        if (isSupervisordLine(s)) return; // supervisord's own line between the agent's output
        const w = readSyslogIso(s);
        if (w !== null) return this.wrapped(w, text, lineNo);
        this.unparsed++;
      }
      return this.other(s, text, lineNo);
    }
    if (c0 >= 65 && c0 <= 90 && s.charCodeAt(3) === 32 && s.charCodeAt(9) === 58) {
      const w = readSyslog(s, this.ctx.tz, this.lastTime);
      if (w !== null) return this.wrapped(w, text, lineNo);
    }
    this.other(s, text, lineNo);
  }

  /**
   * A routine line counted from its bytes (`LineParser.skim`): the usual header, an info line no detector watches for
   * that states no fact, names no extension not seen yet and is not an `Event: ` payload, followed in the chunk by a
   * line every reader takes for a header (so no continuation line can join its entry). Anything else goes to `line`.
   */
  skim(bytes: Uint8Array, start: number, end: number, lineNo: number, next: number): boolean {
    // A blank line with no entry pending changes nothing (`other`).
    if (isBlankBytes(bytes, start, end)) return this.pending.ev === null;
    if (end - start > MAX_MESSAGE_CHARS || !this.startsHeader(bytes, afterBlankLines(bytes, next)) || this.hasStar(bytes, start, end)) return false;
    const hr = this.hr;
    const read = bytes[start + 4] === 47 /* / */ ? this.legacy.read(bytes, start, end, hr) : this.fast.read(bytes, start, end, undefined, hr);
    if (!read || hr.level !== 'info') return false;
    const msg = start + hr.msgStart;
    if (!this.ctx.quiet!(bytes, msg, end) || bytesStartWith(bytes, msg, end, EVENT_OPENING) || (mayStateFacts(bytes, msg, end) && !this.factsKnown(bytes, msg, end))) return false;
    const prefix = hr.prefix;
    if (prefix !== undefined && prefix.charCodeAt(0) === 91 /* [ */ && !this.extensions.has(prefix)) return false;
    // What `header` and `begin` do for such a line, without its event.
    this.flush();
    this.groupTs = null;
    this.traceback = 0;
    this.wrap = null;
    this.noteFormat(hr.era);
    this.lastTime = hr.time;
    this.ctx.count!(hr.time, hr.utc ? 'utc' : this.localSource, lineNo);
    return true;
  }

  /** True when the line at `p` is an ISO or legacy header (`startsIsoHeader`, `FastLegacyHeader.starts`). */
  private startsHeader(b: Uint8Array, p: number): boolean {
    const c = b[p + 4];
    return c === 45 ? startsIsoHeader(b, p) : c === 47 && this.legacy.starts(b, p);
  }

  /** True when every fact the message `b[p, end)` states was stated last with the same value (`begin` drops those). */
  private factsKnown(b: Uint8Array, p: number, end: number): boolean {
    for (const hit of messageFacts(UTF8.decode(b.subarray(p, end)))) {
      if (this.factSeen.get(`${hit.kind}\u0000${hit.role ?? ''}`) !== hit.value) return false;
    }
    return true;
  }

  override end(): void {
    this.flush();
  }

  /** True when `bytes[start, end)` holds a `*`. One search per `*` in the chunk, not one per line. */
  private hasStar(bytes: Uint8Array, start: number, end: number): boolean {
    if (bytes !== this.starChunk || this.nextStar < start) {
      this.starChunk = bytes;
      const at = bytes.indexOf(42, start);
      this.nextStar = at < 0 ? Infinity : at;
    }
    return this.nextStar < end;
  }

  /** A header line (possibly the inner line of a syslog wrapper). */
  private header(s: string, raw: string, lineNo: number, wrap: string | null): void {
    const hr = this.hr;
    const ev = this.pending.ev;
    if (hr.era === '2.0' && ev !== null && this.groupTs && ev.level === hr.level && ev.prefix === hr.prefix && s.startsWith(this.groupTs)) {
      const body = s.slice(hr.msgStart);
      if (this.groupContinues(body)) {
        this.pending.push(body);
        ev.endLine = lineNo;
        return;
      }
    }
    this.flush();
    const msgLen = s.length - hr.msgStart;
    const head = msgLen > MAX_MESSAGE_CHARS ? s.slice(hr.msgStart, hr.msgStart + MAX_MESSAGE_CHARS) : s.slice(hr.msgStart);
    const next: LogEvent = {
      time: hr.time,
      timeText: s.slice(0, hr.tsEnd),
      timeSource: hr.utc ? 'utc' : this.localSource,
      level: hr.level,
      source: SOURCE_ID,
      path: this.ctx.path,
      line: lineNo,
      message: head,
      format: hr.era,
      raw: cap(raw, MAX_MESSAGE_CHARS),
    };
    if (hr.thread !== undefined) next.thread = hr.thread;
    if (hr.prefix !== undefined) this.setPrefix(next, hr.prefix);
    this.begin(next, msgLen > MAX_MESSAGE_CHARS ? msgLen - MAX_MESSAGE_CHARS : 0);
    this.wrap = wrap;
    if (hr.era === '2.0') {
      this.groupTs = s.slice(0, 19);
      if (head.includes('Traceback (most recent call last)')) this.traceback = 1;
    }
  }

  /** A line that is not a header: continuation, or, before any entry, a line without timestamp. */
  private other(s: string, raw: string, lineNo: number): void {
    const ev = this.pending.ev;
    if (ev !== null && this.groupTs !== '') {
      this.pending.add(s, lineNo);
      return;
    }
    // Before the first header (timestamps stripped, e.g. `ERROR:Exception: ...`): entries with no time.
    if (isBlank(s)) {
      if (ev !== null) this.pending.blanks++;
      return;
    }
    const { level, at } = v20Level(s);
    let prefix: string | undefined;
    let msgStart = at;
    const bracketEnd = extPrefixEnd(s, at);
    if (bracketEnd > 0) {
      prefix = s.slice(at, bracketEnd);
      msgStart = s.charCodeAt(bracketEnd) === 32 ? bracketEnd + 1 : bracketEnd;
    }
    const body = s.slice(msgStart);
    if (ev !== null && ev.level === level && ev.prefix === prefix && this.groupContinues(body)) {
      this.pending.blanks = 0;
      this.pending.push(body);
      ev.endLine = lineNo;
      return;
    }
    this.flush();
    const next = this.bare(raw, body, lineNo, null, '', 'none', 'no-timestamp', level);
    if (prefix !== undefined) this.setPrefix(next, prefix);
    this.begin(next, Math.max(0, body.length - MAX_MESSAGE_CHARS));
    this.groupTs = '';
    if (body.includes('Traceback (most recent call last)')) this.traceback = 1;
  }

  /** 2.0 grouping (§1.3): a later same-time, same-level line joins when it reads as part of a traceback. */
  private groupContinues(body: string): boolean {
    if (body.length === 0) return true;
    const c = body.charCodeAt(0);
    if (c === 32 || c === 9) return true;
    if (body.startsWith('Traceback')) {
      this.traceback = 1;
      return true;
    }
    if (this.traceback === 1 && RE_EXCEPTION_LINE.test(body)) {
      this.traceback = 2;
      return true;
    }
    return false;
  }

  /** The inner text of a syslog-wrapped line: a waagent line, a journal continuation, or a message of its own. */
  private wrapped(w: SyslogWrapped, raw: string, lineNo: number): void {
    this.formats.add('syslog');
    const inner = w.inner;
    if (this.hr.read(inner)) return this.header(inner, raw, lineNo, w.key);
    if (looksDated(inner) && !isSupervisordLine(inner)) this.unparsed++;
    // The journal splits a multi-line record into lines with the same wrapper and second.
    if (this.pending.ev !== null && this.wrap === w.key) {
      this.pending.add(inner, lineNo);
      return;
    }
    if (isBlank(inner)) return;
    this.flush();
    const { level, at } = v20Level(inner);
    const body = inner.slice(at);
    this.begin(this.bare(raw, body, lineNo, w.time, w.timeText, w.timeSource, 'syslog', level), Math.max(0, body.length - MAX_MESSAGE_CHARS));
    this.wrap = w.key;
  }

  private bare(raw: string, body: string, lineNo: number, time: number | null, timeText: string, timeSource: TimeSource, format: string, level: Level): LogEvent {
    return {
      time,
      timeText,
      timeSource,
      level,
      source: SOURCE_ID,
      path: this.ctx.path,
      line: lineNo,
      message: cap(body, MAX_MESSAGE_CHARS),
      format,
      raw: cap(raw, MAX_MESSAGE_CHARS),
    };
  }

  /** Extension prefixes remembered (for tests of the bound). */
  get knownPrefixes(): number {
    return this.extensions.size;
  }

  private setPrefix(ev: LogEvent, prefix: string): void {
    ev.prefix = prefix;
    if (prefix.charCodeAt(0) !== 91 /* [ */) return;
    if (prefix === this.lastExtPrefix) {
      ev.extension = this.lastExt;
      return;
    }
    let ext = this.extensions.get(prefix);
    if (ext === undefined) {
      ext = splitExtension(prefix);
      setBounded(this.extensions, prefix, ext, MAX_EXTENSION_PREFIXES);
      // One `extension` fact per distinct name+version per file.
      this.ctx.fact({
        kind: 'extension',
        value: ext.name,
        ...(ext.version !== undefined ? { role: ext.version } : {}),
        time: ev.time,
        path: this.ctx.path,
        line: ev.line,
        text: cap(ev.raw ?? '', MAX_FACT_TEXT),
      });
    }
    this.lastExtPrefix = prefix;
    this.lastExt = ext;
    ev.extension = ext;
  }

  /** Makes `ev` the pending entry and reports the facts its first line states. */
  private begin(ev: LogEvent, omittedChars: number): void {
    this.pending.begin(ev, omittedChars);
    this.groupTs = null;
    this.traceback = 0;
    this.wrap = null;
    this.noteFormat(ev.format!);
    if (ev.time !== null) this.lastTime = ev.time;
    const hits = messageFacts(ev.message);
    for (const hit of hits) {
      const key = `${hit.kind}\u0000${hit.role ?? ''}`;
      // One fact per change of value (a heartbeat every 30 min repeats the same version).
      if (this.factSeen.get(key) === hit.value) continue;
      this.factSeen.set(key, hit.value);
      this.ctx.fact({ ...hit, time: ev.time, path: this.ctx.path, line: ev.line, text: cap(ev.raw ?? '', MAX_FACT_TEXT) });
    }
  }

  /** Emits the pending entry (2.0 tracebacks end with blank lines: left out), `Event: ...` fields first. */
  private flush(): void {
    const ev = this.pending.take(true);
    if (ev === null) return;
    if (ev.message.startsWith('Event: ')) {
      const fields = eventFields(ev);
      if (fields !== undefined) ev.fields = ev.fields === undefined ? fields : Object.assign(fields, ev.fields);
    }
    // `routine` holds for the first line's text only: a decoded payload undoes it (continuation lines do already:
    // multiline.ts).
    if (ev.routine && ev.fields !== undefined) delete ev.routine;
    this.ctx.emit(ev);
  }
}
