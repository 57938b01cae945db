// Cutting `<Event>…</Event>` elements out of decoded event-XML text pushed piece by piece (xml.ts): an Event Viewer
// export holds all events on one line, so events are found between `<Event` and `</Event>` wherever the line breaks
// and the piece boundaries fall; only the event being read is held. Line numbers are tracked for each event, text
// between events that is not the declaration, the `<Events>` root or a comment is reported as stray, and an event
// that never closes (within MAX_EVENT_CHARS, before the next `<Event`, or before the end) as broken. A DOCTYPE
// declaration between events (a crafted file's, with its entities) is passed over unread, in constant memory.
import { MAX_EVENT_CHARS } from './common.js';
import { DOCTYPE_OPEN, DoctypeSkipper } from './xml-doctype.js';

/** Index of the next `<Event` element start (not `<EventData`, `<Events>`…) at or after `from`; -1 none; -2 undecided. */
function findEventStart(buf: string, from: number): number {
  let i = from;
  for (;;) {
    i = buf.indexOf('<Event', i);
    if (i < 0) return -1;
    const next = buf.charCodeAt(i + 6);
    if (Number.isNaN(next)) return -2; // `<Event` at the very end: the next piece decides
    // whitespace, `>`, `/`
    if (next === 32 || next === 9 || next === 10 || next === 13 || next === 62 || next === 47) return i;
    i += 6;
  }
}

function countNewlines(text: string, start = 0, end = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Markup that may sit between events: the declaration, the `<Events>` root, comments. */
const BETWEEN = /<\?xml[^>]*\?>|<!--[\s\S]*?-->|<\/?Events(?:\s[^>]*)?\/?>|\s+/g;

export interface XmlPieceSink {
  event(text: string, line: number, endLine: number): void;
  /** Text outside any event that is not the declaration, the root or a comment. */
  stray(text: string, line: number): void;
  /** An event that never closed within the size limit, or was cut by the next `<Event`. */
  broken(line: number, why: string): void;
  /** A DOCTYPE declaration starting at `line` was passed over (`closed` false: it ran to the end of the text). */
  doctype?(line: number, closed: boolean): void;
}

/** Cuts `<Event>…</Event>` elements out of text pushed piece by piece; tracks line numbers. */
export class EventXmlSplitter {
  /** True once an `<Events>` root was seen. */
  rooted = false;
  private buf = '';
  /** Line number of buf[0]. */
  private bufLine = 1;
  private inEvent = false;
  /** Skipping the rest of an over-long event up to its `</Event>`. */
  private skipping = false;
  private eventLine = 0;
  private searchFrom = 0;
  /** Inside a DOCTYPE declaration, skipping it (`doctypeLine`: where it started). */
  private doctype: DoctypeSkipper | undefined;
  private doctypeLine = 0;
  /** Pieces of the open event pushed after `buf`, not joined yet, their length, and the last characters they end with. */
  private more: string[] = [];
  private moreChars = 0;
  private tail = '';

  constructor(private readonly sink: XmlPieceSink) {}

  push(text: string): void {
    // Inside an event whose end has not come, only the new text (and the few characters before it where `</Event>`
    // or `<Event ` may begin) is looked at, and the pieces are joined once the end comes: searching the whole event
    // at every piece copied it each time (an event of megabytes in small pieces took seconds).
    if (this.inEvent && !this.skipping && this.doctype === undefined && this.buf.length >= 13) {
      const probe = (this.more.length > 0 ? this.tail : this.buf.slice(-7)) + text;
      if (this.buf.length + this.moreChars + text.length <= MAX_EVENT_CHARS && probe.indexOf('</Event>') < 0 && findEventStart(probe, 0) === -1) {
        this.more.push(text);
        this.moreChars += text.length;
        this.tail = probe.slice(-7);
        return;
      }
    }
    this.buf = this.more.length > 0 ? [this.buf, ...this.more, text].join('') : this.buf.length > 0 ? this.buf + text : text;
    this.more = [];
    this.moreChars = 0;
    if (this.doctype && !this.skipDoctype()) return;
    for (;;) {
      if (!this.inEvent) {
        const start = findEventStart(this.buf, this.searchFrom);
        // A DOCTYPE before the next event (its entity values may hold `<Event` text: it is skipped as a whole).
        const doctype = start >= 0 ? this.buf.lastIndexOf(DOCTYPE_OPEN, start) : this.buf.indexOf(DOCTYPE_OPEN, this.searchFrom);
        if (doctype >= 0) {
          this.between(doctype);
          this.doctype = new DoctypeSkipper();
          this.doctypeLine = this.bufLine;
          this.drop(DOCTYPE_OPEN.length);
          this.searchFrom = 0;
          if (!this.skipDoctype()) return;
          continue;
        }
        if (start < 0) {
          // Keep a tail that may be the start of `<Event` or of markup cut by the piece boundary.
          const lt = this.buf.lastIndexOf('<');
          const keep = start === -2 || (lt >= 0 && this.buf.length - lt < 1024 && this.buf.indexOf('>', lt) < 0) ? lt : this.buf.length;
          this.between(keep);
          this.searchFrom = 0;
          return;
        }
        this.between(start);
        this.inEvent = true;
        this.eventLine = this.bufLine;
        this.searchFrom = 6;
      }
      const end = this.buf.indexOf('</Event>', this.searchFrom);
      // A new `<Event` before this one's end: this one was cut off (or, when skipping, the skip is over).
      const next = findEventStart(this.buf, this.skipping ? this.searchFrom : Math.max(6, this.searchFrom));
      if (next >= 0 && (end < 0 || next < end)) {
        if (!this.skipping) this.sink.broken(this.eventLine, 'event not closed before the next <Event>');
        this.drop(next);
        this.skipping = false;
        this.inEvent = false;
        this.searchFrom = 0;
        continue;
      }
      if (this.skipping) {
        if (end < 0) {
          this.drop(Math.max(0, this.buf.length - 7));
          this.searchFrom = 0;
          return;
        }
        this.drop(end + 8);
        this.skipping = false;
        this.inEvent = false;
        this.searchFrom = 0;
        continue;
      }
      if (end < 0) {
        if (this.buf.length > MAX_EVENT_CHARS) {
          this.sink.broken(this.eventLine, `event larger than ${MAX_EVENT_CHARS} characters`);
          this.skipping = true;
          this.drop(this.buf.length - 7);
          this.searchFrom = 0;
          return;
        }
        this.searchFrom = Math.max(6, this.buf.length - 7);
        return;
      }
      const text = this.buf.slice(0, end + 8);
      const lines = countNewlines(text);
      this.sink.event(text, this.eventLine, this.eventLine + lines);
      this.buf = this.buf.slice(end + 8);
      this.bufLine += lines;
      this.inEvent = false;
      this.searchFrom = 0;
    }
  }

  end(): void {
    if (this.more.length > 0) this.buf = [this.buf, ...this.more].join('');
    this.more = [];
    this.moreChars = 0;
    if (this.doctype) {
      this.sink.doctype?.(this.doctypeLine, false);
      this.doctype = undefined;
    } else if (this.inEvent && !this.skipping) this.sink.broken(this.eventLine, 'event cut off at the end of the file');
    else if (!this.inEvent) this.between(this.buf.length);
    this.buf = '';
    this.inEvent = false;
    this.skipping = false;
  }

  /** Skips what `buf` holds of the DOCTYPE being passed over; true when it ended there. */
  private skipDoctype(): boolean {
    const { done, index } = this.doctype!.scan(this.buf);
    this.drop(index);
    if (!done) return false;
    this.doctype = undefined;
    this.sink.doctype?.(this.doctypeLine, true);
    return true;
  }

  /** Consumes buf[0, n) that lies between events. */
  private between(n: number): void {
    if (n <= 0) return;
    const text = this.buf.slice(0, n);
    if (!this.rooted && text.includes('<Events')) this.rooted = true;
    const rest = text.replace(BETWEEN, '');
    if (rest.length > 0) this.sink.stray(rest, this.bufLine);
    this.drop(n);
  }

  private drop(n: number): void {
    this.bufLine += countNewlines(this.buf, 0, n);
    this.buf = this.buf.slice(n);
  }
}
