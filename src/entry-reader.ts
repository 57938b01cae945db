// Reading one entry: pick its parser (glob, else sniff), skip binaries, then feed lines or the whole
// document to the parser. Shared by the in-process engine and the CLI's parallel workers. Core: no Node imports.
import type { Entry, LogEvent, Problem, SourceSummary } from './model.js';
import { isoTime } from './model.js';
import { ClockTally } from './time/clock-tally.js';
import type { AnyParser, DocumentParser, ParseContext, Parser } from './parsers/types.js';
import type { Router } from './parsers/index.js';
import { decodeText, looksBinary, splitLines } from './text/lines.js';

const SNIFF_LINES = 20;

export interface OpenedEntry {
  parser: AnyParser;
  /** The first chunk, already read to decide the parser. */
  first: Uint8Array;
  /** The rest of the entry's bytes. */
  rest: AsyncIterable<Uint8Array>;
  /** Skips the rest without reading it. */
  skip(): Promise<void>;
}

/**
 * Reads the first chunk and decides who parses the entry: its glob, else its magic bytes, else its first lines, else,
 * for a text file named like a log, the generic text reader. Undefined (entry skipped, and noted in `skipped` with
 * why) when nobody does.
 */
export async function openEntry(entry: Entry, route: Router, problems: Problem[], skipped?: SkipList): Promise<OpenedEntry | undefined> {
  const iterator = entry.bytes[Symbol.asyncIterator]();
  let first: Uint8Array;
  try {
    const head = await iterator.next();
    first = head.done ? new Uint8Array(0) : head.value;
  } catch (error) {
    problems.push({ path: entry.path, message: errorText(error) });
    return undefined;
  }
  const skip = (): Promise<void> => drain(iterator);
  let parser = route.byPath(entry.path) ?? route.byMagic(first);
  if (parser?.kind !== 'binary' && looksBinary(first)) {
    if (parser) problems.push({ path: entry.path, message: `binary content, not a ${parser.description}` });
    skipped?.add(entry.path, parser ? `binary content, not a ${parser.description}` : 'binary content');
    await skip();
    return undefined;
  }
  parser ??= route.bySniff(firstLines(first)) ?? route.fallback(entry.path);
  if (!parser) {
    skipped?.add(entry.path, first.length === 0 ? 'empty' : 'named as data, configuration, code or a key, in no format logscan reads');
    await skip();
    return undefined;
  }
  return { parser, first, rest: { [Symbol.asyncIterator]: () => iterator }, skip };
}

/** The entries no parser read, with why: listed in the report (`Report.skipped`), at most MAX_SKIPPED of them. */
export class SkipList {
  private readonly list: { path: string; reason: string }[] = [];
  private more = 0;

  add(path: string, reason: string): void {
    if (this.list.length < MAX_SKIPPED) this.list.push({ path, reason });
    else this.more++;
  }

  get size(): number {
    return this.list.length + this.more;
  }

  entries(): { path: string; reason: string }[] {
    return this.more > 0 ? [...this.list, { path: '…', reason: `${this.more} more files skipped` }] : [...this.list];
  }
}

const MAX_SKIPPED = 1000;

/** Counts what a source produced, for its summary. */
export class SourceTally {
  events = 0;
  min = Infinity;
  max = -Infinity;
  /** The longest stretch without a line, between consecutive timed events in file order. */
  gapFrom = 0;
  gapTo = 0;
  /** Line of the first event after the longest silence. */
  gapLine = 0;
  private last: number | null = null;
  /** Local times, inferred years: `SourceSummary.clock`. */
  private readonly clock = new ClockTally();

  /** The event count and time span, as a worker reports them (null for no timed event). */
  counts(): { count: number; min: number | null; max: number | null } {
    return { count: this.events, min: Number.isFinite(this.min) ? this.min : null, max: Number.isFinite(this.max) ? this.max : null };
  }

  add(event: LogEvent): void {
    const { time, line } = event;
    this.events++;
    this.clock.add(event.timeSource, time);
    if (time !== null) {
      if (time < this.min) this.min = time;
      if (time > this.max) this.max = time;
      if (this.last !== null && time - this.last > this.gapTo - this.gapFrom) {
        this.gapFrom = this.last;
        this.gapTo = time;
        this.gapLine = line;
      }
      this.last = time;
    }
  }

  summary(path: string, parser: AnyParser, stats: ParseStats): SourceSummary {
    const from = isoTime(this.min);
    const to = isoTime(this.max);
    const clock = this.clock.clock();
    return {
      path,
      parser: parser.id,
      events: this.events,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(stats.unparsed > 0 ? { unparsed: stats.unparsed } : {}),
      ...(stats.formats.length > 0 ? { format: stats.formats } : {}),
      ...(this.gapTo - this.gapFrom >= REPORTED_GAP_MS ? { gap: { from: isoTime(this.gapFrom)!, to: isoTime(this.gapTo)!, line: this.gapLine } } : {}),
      ...(clock ? { clock } : {}),
    };
  }
}

/** Silences shorter than this are not worth a line in the source summary. */
const REPORTED_GAP_MS = 6 * 3_600_000;

export type ParseStats = { unparsed: number; formats: string[] };

/** Parses an opened entry through `ctx`; undefined when the entry could not be read at all. */
export async function parseEntry(opened: OpenedEntry, ctx: ParseContext): Promise<ParseStats | undefined> {
  const { parser } = opened;
  if (parser.kind === 'document') return readDocument(parser, opened, ctx);
  if (parser.kind === 'binary') {
    try {
      return await parser.parse(opened.first, opened.rest, ctx);
    } catch (error) {
      ctx.problem(errorText(error));
      return { unparsed: 0, formats: [] };
    }
  }
  return readLines(parser, opened, ctx);
}

async function readLines(parser: Parser, opened: OpenedEntry, ctx: ParseContext): Promise<ParseStats> {
  const lineParser = parser.create(ctx);
  let cutLines = 0;
  try {
    await splitLines(
      opened.rest,
      {
        line: (text, lineNo, bytes, start, end) => lineParser.line(text, lineNo, bytes, start, end),
        cut: (lineNo, dropped) => {
          if (++cutLines <= 3) ctx.problem(`line ${lineNo} is longer than 1 MiB; ${dropped} characters were left out`);
        },
      },
      opened.first,
    );
  } catch (error) {
    ctx.problem(errorText(error));
  }
  lineParser.end();
  return lineParser.stats();
}

/** Small structured files are read whole (bounded by the parser's maxBytes) and parsed at once. */
async function readDocument(parser: DocumentParser, opened: OpenedEntry, ctx: ParseContext): Promise<ParseStats | undefined> {
  const chunks: Uint8Array[] = [opened.first];
  let size = opened.first.length;
  try {
    for await (const chunk of opened.rest) {
      size += chunk.length;
      if (size > parser.maxBytes) {
        ctx.problem(`larger than ${parser.maxBytes} bytes, more than a ${parser.description} should be; not read`);
        await opened.skip();
        return undefined;
      }
      chunks.push(chunk);
    }
  } catch (error) {
    ctx.problem(errorText(error));
    return undefined;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  try {
    parser.parse(decodeText(bytes), ctx);
  } catch (error) {
    ctx.problem(`cannot be read as a ${parser.description}: ${errorText(error)}`);
  }
  return { unparsed: 0, formats: [] };
}

function firstLines(bytes: Uint8Array): string[] {
  // Sniffers see clean text whatever the encoding (Windows exports are often UTF-16 with a BOM).
  const text = decodeText(bytes.subarray(0, 65536));
  return text.split(/\r?\n/, SNIFF_LINES).filter((l) => l.trim().length > 0);
}

async function drain(iterator: AsyncIterator<Uint8Array>): Promise<void> {
  try {
    if (iterator.return) await iterator.return();
    else while (!(await iterator.next()).done);
  } catch {
    // A damaged entry we were going to skip anyway.
  }
}

export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 300);
}
