// The entry being assembled: its first line, then continuation lines (journal multi-line records, cloud-init
// tracebacks), emitted when the next entry starts or at the end. Same caps as the waagent parser.
import type { LogEvent } from '../../model.js';
import type { ParseContext } from '../types.js';

/** Continuation lines kept per entry; further lines are counted in `fields.omittedLines`. */
export const MAX_CONTINUATION_LINES = 200;
/** Characters kept per message (and per `raw`). */
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

/** Drops leading NUL bytes (the zero run a crash leaves in a syslog file before the next line). */
export function stripNuls(s: string): string {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 0) i++;
  return i === 0 ? s : s.slice(i);
}

export class Pending {
  ev: LogEvent | null = null;
  private parts: string[] | null = null;
  private chars = 0;
  private omitted = 0;

  constructor(private readonly ctx: ParseContext) {}

  start(ev: LogEvent): void {
    this.flush();
    this.ev = ev;
    this.chars = ev.message.length;
  }

  /** Adds a continuation line to the pending entry; false when there is none. */
  add(text: string, lineNo: number): boolean {
    const ev = this.ev;
    if (ev === null) return false;
    ev.endLine = lineNo;
    if (this.omitted > 0 || (this.parts !== null && this.parts.length >= MAX_CONTINUATION_LINES) || this.chars + 1 + text.length > MAX_MESSAGE_CHARS) {
      this.omitted++;
      return true;
    }
    if (this.parts === null) this.parts = [text];
    else this.parts.push(text);
    this.chars += 1 + text.length;
    return true;
  }

  flush(): void {
    const ev = this.ev;
    if (ev === null) return;
    if (this.parts !== null) ev.message = `${ev.message}\n${this.parts.join('\n')}`;
    if (this.omitted > 0) (ev.fields ??= {}).omittedLines = String(this.omitted);
    this.ctx.emit(ev);
    this.ev = null;
    this.parts = null;
    this.chars = 0;
    this.omitted = 0;
  }
}
