// The common part of the text-log line parsers: the pending multi-line entry, the count of lines that could not be
// read and the formats seen (the source summary). Subclasses read the lines.
import { MultilineEntry } from './multiline.js';
import type { LineParser, ParseContext } from './types.js';

export abstract class EntryLineParser implements LineParser {
  protected readonly pending: MultilineEntry;
  protected unparsed = 0;
  protected readonly formats = new Set<string>();
  private lastFormat = '';

  constructor(protected readonly ctx: ParseContext) {
    this.pending = new MultilineEntry((event) => ctx.emit(event));
  }

  abstract line(text: string, lineNo: number): void;

  end(): void {
    this.pending.flush();
  }

  stats(): { unparsed: number; formats: string[] } {
    return { unparsed: this.unparsed, formats: [...this.formats] };
  }

  /** Notes an entry's format for the summary; the set is touched only when the format changes (most lines repeat it). */
  protected noteFormat(format: string): void {
    if (format !== this.lastFormat) {
      this.lastFormat = format;
      this.formats.add(format);
    }
  }
}
