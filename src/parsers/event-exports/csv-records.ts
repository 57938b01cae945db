// CSV records over lines (csv.ts): a small RFC 4180 state machine that gathers each record over as many lines as
// its quoted fields span (`""` is a quote), the delimiter a header line uses (`,`, or `;` for `-UseCulture`), and
// the first records of a few lines (for sniffing).
import { MAX_EVENT_CHARS, MAX_RAW } from './common.js';

export interface CsvRecord {
  fields: string[];
  line: number;
  endLine: number;
  raw: string;
}

/** Gathers RFC 4180 records line by line: quoted fields may span lines, `""` is a quote. */
export class CsvRecords {
  delim = ',';
  private fields: string[] = [];
  private cur = '';
  private inQuotes = false;
  private atFieldStart = true;
  private open = false;
  private startLine = 0;
  private raw: string[] = [];
  private rawChars = 0;
  private chars = 0;

  /** True while a record is open (a quoted field continues on the next line). */
  get pending(): boolean {
    return this.open;
  }

  /** Feeds one line; returns the record it completes, 'overlong' when a record was given up, else undefined. */
  line(text: string, lineNo: number): CsvRecord | 'overlong' | undefined {
    if (!this.open) {
      this.open = true;
      this.startLine = lineNo;
      this.raw = [];
      this.rawChars = 0;
      this.chars = 0;
    }
    if (this.rawChars < MAX_RAW) {
      this.raw.push(text);
      this.rawChars += text.length + 1;
    }
    this.chars += text.length + 1;
    const delim = this.delim;
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.cur += text.slice(i);
          i = n;
          break;
        }
        this.cur += text.slice(i, q);
        if (text.charCodeAt(q + 1) === 34) {
          this.cur += '"';
          i = q + 2;
        } else {
          this.inQuotes = false;
          i = q + 1;
        }
        continue;
      }
      if (this.atFieldStart && text.charCodeAt(i) === 34) {
        this.inQuotes = true;
        this.atFieldStart = false;
        i++;
        continue;
      }
      const d = text.indexOf(delim, i);
      const end = d < 0 ? n : d;
      if (end > i) {
        this.cur += text.slice(i, end);
        this.atFieldStart = false;
      }
      if (d < 0) break;
      this.fields.push(this.cur);
      this.cur = '';
      this.atFieldStart = true;
      i = d + 1;
    }
    if (this.inQuotes) {
      if (this.chars > MAX_EVENT_CHARS) {
        this.reset();
        return 'overlong';
      }
      this.cur += '\n';
      return undefined;
    }
    this.fields.push(this.cur);
    const record: CsvRecord = { fields: this.fields, line: this.startLine, endLine: lineNo, raw: this.raw.join('\n') };
    this.reset();
    return record;
  }

  /** The fields read so far of the record still open (the field being read included). */
  partial(): string[] {
    return this.open ? [...this.fields, this.cur] : [];
  }

  /** The record left open at the end of the input, if any. */
  finish(): boolean {
    const open = this.open;
    this.reset();
    return open;
  }

  private reset(): void {
    this.fields = [];
    this.cur = '';
    this.inQuotes = false;
    this.atFieldStart = true;
    this.open = false;
  }
}

/** The delimiter a header line uses: the most frequent of `,` `;` tab outside quotes (`,` on a tie). */
export function pickDelimiter(header: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [ch, n] of counts) if (n > counts.get(best)!) best = ch;
  return best;
}

/** Splits lines into CSV records (for sniffing), the last one possibly incomplete. */
export function recordsOf(lines: string[], delim: string, max: number): string[][] {
  const reader = new CsvRecords();
  reader.delim = delim;
  const out: string[][] = [];
  lines.forEach((l, i) => {
    if (out.length >= max) return;
    const r = reader.line(l, i + 1);
    if (r !== undefined && r !== 'overlong') out.push(r.fields);
  });
  // A record still open (a long message running past the lines given) counts with the fields read so far.
  if (out.length < max && reader.pending) out.push(reader.partial());
  return out;
}
