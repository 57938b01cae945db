// The event-CSV line parser (csv.ts): lines -> CSV records (csv-records.ts) -> the header (csv-header.ts), skipping
// a `#TYPE` line and blank lines before it -> data rows (csv-rows.ts) -> events, dated once the file's day/month
// order is known (dates.ts). Records that cannot be read are counted as unparsed.
import { EVENT_CSV_SOURCE, MAX_EVENT_CHARS, NO_TIME, isBlank, makeEvent, messageOf, type TimeValue } from './common.js';
import { type Header, readHeader } from './csv-header.js';
import { CsvRecords, pickDelimiter } from './csv-records.js';
import { type Row, eventViewerRow, powershellRow } from './csv-rows.js';
import { ExportLines } from './export-lines.js';

/** Records that do not open with a recognised header are skipped while looking for one, up to this many. */
const MAX_LEADING_RECORDS = 20;

/** One entry's lines -> events (created per entry by eventCsvParser). */
export class EventCsvLines extends ExportLines<Row> {
  private readonly records = new CsvRecords();
  private header: Header | undefined;
  private leading = 0;

  protected read(text: string, lineNo: number): void {
    if (!this.header && !this.records.pending) {
      if (isBlank(text)) return;
      if (/^#TYPE\b/i.test(text)) return;
      this.records.delim = pickDelimiter(text);
    }
    const rec = this.records.line(text, lineNo);
    if (rec === undefined) return;
    if (rec === 'overlong') {
      this.unparsed++;
      this.ctx.problem(`line ${lineNo}: a quoted CSV field runs on for more than ${MAX_EVENT_CHARS} characters; record skipped`);
      return;
    }
    if (rec.fields.length === 1 && isBlank(rec.fields[0]!)) return;
    if (!this.header) {
      this.header = readHeader(rec.fields, this.leading === 0);
      if (!this.header) {
        this.unparsed++;
        if (++this.leading >= MAX_LEADING_RECORDS) this.header = { kind: 'eventviewer', keywordsFirst: false };
      }
      return;
    }
    const read = this.header.kind === 'eventviewer' ? eventViewerRow(rec, this.header.keywordsFirst, this.records.delim) : powershellRow(rec, this.header.columns);
    if (read === undefined) this.unparsed++;
    else this.pushDated(read.dateText?.trim(), read.row);
  }

  protected finish(): void {
    if (this.records.finish()) {
      this.unparsed++; // a quoted field never closed
      this.ctx.problem('the last CSV record is cut off (a quoted field never closes)');
    }
  }

  protected emit(row: Row, time: TimeValue | undefined): void {
    this.noteFormat(row.format);
    this.ctx.emit(
      makeEvent(this.ctx, EVENT_CSV_SOURCE, {
        line: row.record.line,
        endLine: row.record.endLine,
        time: time ?? NO_TIME,
        level: row.level,
        message: messageOf(row.message, row.fields),
        fields: row.fields,
        format: row.format,
        raw: row.record.raw,
      }),
    );
  }
}
