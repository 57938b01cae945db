// The base of the extension-log line parsers. They read the logs of any extension, so a line that makes one throw is
// counted as unparsed rather than ending the entry.
import { EntryLineParser } from '../entry-parser.js';

export abstract class ExtensionLineParser extends EntryLineParser {
  line(text: string, lineNo: number): void {
    try {
      this.read(text, lineNo);
    } catch {
      this.unparsed++;
    }
  }

  protected abstract read(text: string, lineNo: number): void;
}
