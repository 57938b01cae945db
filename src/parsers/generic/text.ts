// The generic text reader: any text log, one entry per line that starts with a timestamp (header.ts), lines without
// one continuing the entry before them, the level from the line's words (levels.ts). Used for the extension logs under
// /var/log/azure (`generic-log`) and, with Windows events on, for any text file no other parser claims (`text-log`)
// and Event Viewer text exports (`event-text-viewer`): Event Viewer detail blocks and pasted event XML become Windows
// events (event-exports/details.ts); text before the first timestamp is read as paragraphs (a blank line ends one),
// and a paragraph that is a known event description gets its provider and id (event-exports/catalog.ts).
//
// Times: a zone makes a time UTC; local times go through `--tz` (else assumed UTC). Day/month order of local dates
// is decided per file from the values seen (event-exports/dates.ts): entries wait while every date could be read both
// ways (at most MAX_WAITING of them), then go out in file order.
import type { LogEvent, TimeSource } from '../../model.js';
import type { LineParser, ParseContext } from '../types.js';
import { localSource } from '../../time/zone.js';
import { withYear, yearBasis } from '../../time/time-source.js';
import { cap, isBlank, MultilineEntry } from '../multiline.js';
import { catalogStart, recogniseDescription } from '../event-exports/catalog.js';
import type { TimeValue } from '../event-exports/common.js';
import { DateOrderResolver, scanStamp, stampTime, type Stamp } from '../event-exports/dates.js';
import { PastedEventReader, type PastedEvent } from '../event-exports/details.js';
import { applyHit, pastedParts } from '../event-exports/pasted.js';
import { LineHeader } from './header.js';
import { isSeparator, keywordLevel, levelColumnAt, messageLevel } from './levels.js';

const MAX_WAITING = 256;
/** Where `levelColumnAt` puts the level it read (no object per line). */
const COLUMN: { level: LogEvent['level'] } = { level: 'info' };

export interface TextLogOptions {
  /** Source id of the events. */
  source: string;
  /** The extension the file belongs to (logs under /var/log/azure). */
  extension?: { name: string; version?: string };
  /** Read Windows event text too (detail blocks, event XML, description paragraphs). */
  windowsEvents: boolean;
}

export class TextLogLines implements LineParser {
  private readonly header: LineHeader;
  private readonly entry: MultilineEntry;
  private readonly localSource: 'tz' | 'assumed-utc';
  private readonly dates: DateOrderResolver<LogEvent>;
  /** Entries whose local date waits for the file's day/month order. */
  private readonly stamps = new WeakMap<LogEvent, Stamp>();
  /** A day/month date was seen: from then on entries go through the resolver (in file order). */
  private stamped = false;
  private readonly pasted: PastedEventReader | undefined;
  /** The pending entry is a paragraph without a time: a blank line ends it. */
  private paragraph = false;
  private blankBefore = true;
  private unparsed = 0;
  private readonly formats = new Set<string>();
  private lastFormat = '';

  constructor(
    private readonly ctx: ParseContext,
    private readonly options: TextLogOptions,
  ) {
    this.header = new LineHeader(ctx.tz, yearBasis(ctx));
    this.localSource = localSource(ctx.tz);
    this.dates = new DateOrderResolver<LogEvent>(ctx.tz, (ev, time) => this.out(ev, time), MAX_WAITING);
    this.entry = new MultilineEntry((ev) => this.done(ev));
    if (options.windowsEvents) {
      this.pasted = new PastedEventReader({
        timestamped: (line) => this.header.read(line),
        begin: () => this.closeEntry(),
        event: (event) => this.pastedEvent(event),
        replay: (line, no) => this.plain(line, no),
      });
    }
  }

  line(text: string, lineNo: number): void {
    try {
      if (this.pasted?.line(text, lineNo)) return;
      this.plain(text, lineNo);
    } catch {
      this.unparsed++;
    }
  }

  end(): void {
    this.pasted?.end();
    this.entry.flush();
    this.dates.end();
  }

  stats(): { unparsed: number; formats: string[] } {
    const dates = this.dates.label();
    const byPlace = (this.pasted?.byPlace ?? 0) > 0 ? ['labels-by-place'] : [];
    return { unparsed: this.unparsed, formats: [...this.formats, ...byPlace, ...(dates ? [dates] : [])] };
  }

  /** A line outside pasted events. */
  private plain(s: string, lineNo: number): void {
    const h = this.header;
    if (s.length >= 10 && h.read(s)) {
      this.blankBefore = false;
      return this.timed(s, lineNo);
    }
    if (h.bad) this.unparsed++;
    const blank = isBlank(s);
    if (this.pasted !== undefined) {
      const blankBefore = this.blankBefore;
      this.blankBefore = blank;
      // Text without times is read as paragraphs; a description the catalog knows opens an event of its own.
      if (blank) {
        if (this.paragraph) this.closeEntry();
        else this.entry.add(s, lineNo);
        return;
      }
      if ((this.paragraph || blankBefore || this.entry.ev === null) && catalogStart(s)) {
        this.closeEntry();
        this.begin(s, lineNo, null, '', 'none', 'no-timestamp', s.trimEnd(), undefined);
        return;
      }
    }
    if (this.entry.add(s, lineNo) || blank) return;
    this.begin(s, lineNo, null, '', 'none', 'no-timestamp', s.trimEnd(), undefined);
  }

  private timed(s: string, lineNo: number): void {
    const h = this.header;
    let p = h.msgStart;
    while (p < s.length && isSeparator(s.charCodeAt(p))) p++;
    let level = h.level;
    if (level === undefined) {
      const next = levelColumnAt(s, p, COLUMN);
      if (next >= 0) {
        level = COLUMN.level;
        p = next;
      }
    }
    const msg = s.slice(p).trimEnd();
    if (level === undefined) level = messageLevel(msg);
    const timeText = s.slice(h.tsStart, h.tsEnd);
    const stamp = h.stamp;
    const time = stamp ? null : h.time;
    const timeSource = stamp ? 'none' : h.utc ? 'utc' : withYear(this.localSource, h.yearFrom);
    const ev = this.begin(s, lineNo, time, timeText, timeSource, h.format, msg, level);
    if (h.thread !== undefined) ev.thread = h.thread;
    if (stamp) {
      this.stamped = true;
      this.stamps.set(ev, stamp);
    }
  }

  private begin(raw: string, lineNo: number, time: number | null, timeText: string, timeSource: TimeSource, format: string, msg: string, level: LogEvent['level'] | undefined): LogEvent {
    // A line without a level column: its words say, except that the extension logs never made such a line a warning.
    const guessed = level ?? keywordLevel(msg);
    const ev: LogEvent = {
      time,
      timeText,
      timeSource,
      level: guessed === 'warning' && level === undefined && !this.pasted ? 'info' : guessed,
      source: this.options.source,
      path: this.ctx.path,
      line: lineNo,
      message: msg,
      format,
      raw: cap(raw),
    };
    if (this.options.extension !== undefined) ev.extension = this.options.extension;
    this.paragraph = time === null && timeText === '';
    this.entry.begin(ev);
    this.noteFormat(format);
    return ev;
  }

  private closeEntry(): void {
    this.entry.flush();
    this.paragraph = false;
  }

  /** An entry is complete: a paragraph the catalog knows becomes that event; then its time is placed. */
  private done(ev: LogEvent): void {
    if (this.pasted !== undefined && ev.format === 'no-timestamp') {
      const hit = recogniseDescription(ev.message);
      if (hit) {
        const fields: Record<string, string> = { ...ev.fields };
        ev.level = applyHit(fields, hit, false) ?? ev.level;
        ev.fields = fields;
        ev.format = 'event-description';
        this.noteFormat('event-description');
      }
    }
    // Most files never write a day/month date: their entries skip the resolver.
    if (this.stamped) this.dates.push(this.stamps.get(ev), ev);
    else this.ctx.emit(ev);
  }

  private pastedEvent(event: PastedEvent): void {
    const parts = pastedParts(event);
    const ev: LogEvent = {
      time: parts.time?.time ?? null,
      timeText: parts.time?.timeText ?? parts.dateText ?? '',
      timeSource: parts.time?.timeSource ?? 'none',
      level: parts.level,
      source: this.options.source,
      path: this.ctx.path,
      line: event.line,
      message: parts.message,
      fields: parts.fields,
      format: event.format,
      raw: cap(event.raw),
    };
    // `record` is for binary logs, where lines mean nothing: a pasted event points at its lines (recordId stays a field).
    if (event.endLine > event.line) ev.endLine = event.endLine;
    this.noteFormat(event.format);
    const stamp = parts.time === undefined && parts.dateText !== undefined ? scanStamp(parts.dateText) : undefined;
    if (parts.time === undefined && parts.dateText !== undefined && stamp === undefined) this.noteFormat('dates:unrecognised');
    if (stamp !== undefined && !stamp.yearFirst) this.stamped = true;
    if (this.stamped) this.dates.push(stamp, ev);
    else this.out(ev, stamp ? stampTime(stamp, 'ymd', this.ctx.tz) : undefined);
  }

  /** An entry leaves in file order, with its time once the day/month order is known. */
  private out(ev: LogEvent, time: TimeValue | undefined): void {
    if (time !== undefined) {
      ev.time = time.time;
      ev.timeSource = time.timeSource;
      ev.timeText = time.timeText;
    }
    this.ctx.emit(ev);
  }

  private noteFormat(format: string): void {
    if (format !== this.lastFormat) {
      this.lastFormat = format;
      this.formats.add(format);
    }
  }
}
