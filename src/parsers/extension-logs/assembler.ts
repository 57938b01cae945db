// The pending multi-line entry of a line parser: the first line starts it, continuation lines are added (capped),
// and it is emitted when the next entry starts or the entry ends.
import type { LogEvent } from '../../model.js';

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

export class Assembler {
  ev: LogEvent | null = null;
  private parts: string[] | null = null;
  private chars = 0;
  private omittedLines = 0;
  private omittedChars = 0;
  /** Blank lines seen after the last stored line; kept only if more continuation follows. */
  private blanks = 0;

  constructor(private readonly emit: (event: LogEvent) => void) {}

  /** Emits the pending entry and makes `ev` the pending one (its message is cut to the cap). */
  begin(ev: LogEvent): void {
    this.flush();
    let omitted = 0;
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

  /** A continuation line of the pending entry (false when there is none). */
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

  private push(text: string): void {
    if (this.omittedLines > 0 || (this.parts !== null && this.parts.length >= MAX_CONTINUATION_LINES) || this.chars + 1 + text.length > MAX_MESSAGE_CHARS) {
      this.omittedLines++;
      return;
    }
    if (this.parts === null) this.parts = [text];
    else this.parts.push(text);
    this.chars += 1 + text.length;
  }

  flush(): void {
    const ev = this.ev;
    if (ev === null) return;
    this.ev = null;
    if (this.parts !== null) ev.message = `${ev.message}\n${this.parts.join('\n')}`;
    if (this.omittedLines > 0 || this.omittedChars > 0) {
      const fields = (ev.fields ??= {});
      if (this.omittedLines > 0) fields.omittedLines = String(this.omittedLines);
      if (this.omittedChars > 0) fields.omittedChars = String(this.omittedChars);
    }
    this.parts = null;
    this.emit(ev);
  }
}
