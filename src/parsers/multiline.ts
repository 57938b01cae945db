// The pending multi-line entry of a line parser: its first line starts it, continuation lines are added up to the
// caps, and it is emitted when the next entry starts or the input ends. Shared by the waagent, extension-log and
// system-log parsers, so that every source cuts long entries the same way.
import type { LogEvent } from '../model.js';

/** Continuation lines kept per entry; further lines are counted in `fields.omittedLines`. */
export const MAX_CONTINUATION_LINES = 200;
/** Characters of message kept per entry (first line included); a longer first line is cut (`fields.omittedChars`). */
export const MAX_MESSAGE_CHARS = 64 * 1024;

export function cap(s: string, max = MAX_MESSAGE_CHARS): string {
  return s.length > max ? s.slice(0, max) : s;
}

export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

export class MultilineEntry {
  /** The pending entry: its `message` holds the first line until it is taken. */
  ev: LogEvent | null = null;
  /**
   * Blank lines seen after the last stored line: kept only if more continuation follows (a parser with its own
   * grouping rules may count or drop them itself).
   */
  blanks = 0;
  private parts: string[] | null = null;
  private chars = 0;
  private omittedLines = 0;
  private omittedChars = 0;

  constructor(private readonly emit: (event: LogEvent) => void) {}

  /**
   * Emits the pending entry and makes `ev` the pending one. A message over the cap is cut here; a parser that cut
   * it already passes the characters it dropped.
   */
  begin(ev: LogEvent, omittedChars = 0): void {
    if (this.ev !== null) this.flush();
    let omitted = omittedChars;
    if (ev.message.length > MAX_MESSAGE_CHARS) {
      omitted = ev.message.length - MAX_MESSAGE_CHARS;
      ev.message = ev.message.slice(0, MAX_MESSAGE_CHARS);
    }
    if (ev.raw !== undefined && ev.raw.length > MAX_MESSAGE_CHARS) ev.raw = ev.raw.slice(0, MAX_MESSAGE_CHARS);
    this.ev = ev;
    this.parts = null;
    this.chars = ev.message.length;
    this.omittedLines = 0;
    this.omittedChars = omitted;
    this.blanks = 0;
  }

  /** A continuation line of the pending entry (false when there is none); blank ones wait for a line after them. */
  add(text: string, lineNo: number): boolean {
    const ev = this.ev;
    if (ev === null) return false;
    if (isBlank(text)) {
      this.blanks++;
      return true;
    }
    for (; this.blanks > 0; this.blanks--) this.push('');
    this.push(text);
    ev.endLine = lineNo;
    return true;
  }

  /** Appends a line to the pending entry's message as it is (no blank handling, no `endLine`), within the caps. */
  push(text: string): void {
    // The `routine` mark was for the first line's text alone.
    if (this.ev?.routine) delete this.ev.routine;
    if (this.omittedLines > 0 || (this.parts !== null && this.parts.length >= MAX_CONTINUATION_LINES) || this.chars + 1 + text.length > MAX_MESSAGE_CHARS) {
      this.omittedLines++;
      return;
    }
    if (this.parts === null) this.parts = [text];
    else this.parts.push(text);
    this.chars += 1 + text.length;
  }

  /**
   * Ends the pending entry without emitting it: continuation joined into `message`, what was cut counted in
   * `fields`. `dropTrailingBlanks` leaves out empty lines at the end (a 2.0 waagent traceback ends with some).
   */
  take(dropTrailingBlanks = false): LogEvent | null {
    const ev = this.ev;
    if (ev === null) return null;
    this.ev = null;
    const parts = this.parts;
    this.parts = null;
    if (parts !== null) {
      let n = parts.length;
      if (dropTrailingBlanks) while (n > 0 && parts[n - 1]!.length === 0) n--;
      if (n > 0) ev.message = `${ev.message}\n${(n === parts.length ? parts : parts.slice(0, n)).join('\n')}`;
    }
    if (this.omittedLines > 0 || this.omittedChars > 0) {
      const fields = (ev.fields ??= {});
      if (this.omittedLines > 0) fields.omittedLines = String(this.omittedLines);
      if (this.omittedChars > 0) fields.omittedChars = String(this.omittedChars);
    }
    return ev;
  }

  flush(): void {
    const ev = this.take();
    if (ev !== null) this.emit(ev);
  }
}
