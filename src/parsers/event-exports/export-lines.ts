// What the line parsers of record-per-block event exports (CSV rows, wevtutil text records) share: a BOM on the
// first line, records that could not be read, records dated once the file's day/month order is known (dates.ts),
// and the stats made of them.
import type { LineParser, ParseContext } from '../types.js';
import { type TimeValue, stripBom } from './common.js';
import { DateOrderResolver, scanStamp } from './dates.js';

export abstract class ExportLines<T> implements LineParser {
  protected unparsed = 0;
  /** Formats in the order first seen, `dates:unrecognised` among them. */
  private readonly formats = new Set<string>();
  private readonly dates: DateOrderResolver<T>;
  private first = true;

  constructor(protected readonly ctx: ParseContext) {
    this.dates = new DateOrderResolver<T>(ctx.tz, (item, time) => this.emit(item, time));
  }

  line(input: string, lineNo: number): void {
    const text = this.first ? stripBom(input) : input;
    this.first = false;
    this.read(text, lineNo);
  }

  end(): void {
    this.finish();
    this.dates.end();
  }

  stats(): { unparsed: number; formats: string[] } {
    const dates = this.dates.label();
    return { unparsed: this.unparsed, formats: [...this.formats, ...(dates ? [dates] : [])] };
  }

  /** One line, without its BOM. */
  protected abstract read(text: string, lineNo: number): void;
  /** After the last line, before the records that wait for the date order are dated. */
  protected abstract finish(): void;
  /** A record with its time, in the file's order. */
  protected abstract emit(item: T, time: TimeValue | undefined): void;

  protected noteFormat(format: string): void {
    this.formats.add(format);
  }

  /** Reads `dateText` (undefined or '': the record has no date) and emits `item` once its date can be placed. */
  protected pushDated(dateText: string | undefined, item: T): void {
    const stamp = dateText ? scanStamp(dateText) : undefined;
    if (dateText && !stamp) this.formats.add('dates:unrecognised');
    this.dates.push(stamp, item);
  }
}
