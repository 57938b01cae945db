// Reading one entry: pick its parser (glob, else sniff), skip binaries (a leading hole of NULs is read past, not
// taken for one), then feed lines or the whole document to the parser. Shared by the in-process engine and the CLI's
// parallel workers. Core: no Node imports.
import type { Entry, LogEvent, Problem, SourceSummary, TimeSource } from './model.js';
import { isoTime } from './model.js';
import { ClockTally } from './time/clock-tally.js';
import type { AnyParser, DocumentParser, ParseContext, Parser } from './parsers/types.js';
import type { Router } from './parsers/index.js';
import { binaryKind, decodeText, splitLines, utf16WithoutBom } from './text/lines.js';

const SNIFF_LINES = 20;

export interface OpenedEntry {
  parser: AnyParser;
  /** The first chunk, already read to decide the parser. */
  first: Uint8Array;
  /** The rest of the entry's bytes. */
  rest: AsyncIterable<Uint8Array>;
  /** Skips the rest without reading it. */
  skip(): Promise<void>;
  /** Bytes read before `first`: the NULs of a hole at the start, read past (decompressed, counted already). */
  hole?: number;
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
  // A log that starts with a hole (truncated while its writer kept its offset, or preallocated): read past the NULs.
  let hole = 0;
  const lead = parser?.kind === 'binary' ? 0 : nulPrefix(first);
  if (lead === first.length && lead > 0) {
    try {
      ({ first, hole } = await skipHole(first, iterator));
    } catch (error) {
      problems.push({ path: entry.path, message: errorText(error) });
      return undefined;
    }
  } else if (lead > 0) {
    hole = holeEnd(first, lead);
    first = first.subarray(hole);
  }
  if (hole > 0) parser ??= route.byMagic(first);
  const binary = parser?.kind === 'binary' ? undefined : first.length === 0 && hole > 0 ? 'only NUL bytes' : binaryKind(first);
  if (binary !== undefined) {
    const what = binary === 'only NUL bytes' && hole > 0 ? `only NUL bytes, ${hole >= MAX_HOLE ? 'the first ' : ''}${hole} of them` : binary;
    if (parser) problems.push({ path: entry.path, message: `binary content (${what}), not a ${parser.description}` });
    skipped?.add(entry.path, parser ? `binary content (${what}), not a ${parser.description}` : 'binary content');
    await skip();
    return undefined;
  }
  parser ??= route.bySniff(firstLines(first)) ?? route.fallback(entry.path);
  if (!parser) {
    skipped?.add(entry.path, first.length === 0 ? 'empty' : 'named as data, configuration, code or a key, in no format logscan reads');
    await skip();
    return undefined;
  }
  if (hole > 0) problems.push({ path: entry.path, message: `starts with ${hole} NUL byte${hole === 1 ? '' : 's'} (a hole a truncation or preallocation leaves); read from the first byte after them` });
  return { parser, first, rest: { [Symbol.asyncIterator]: () => iterator }, skip, ...(hole > 0 ? { hole } : {}) };
}

/** The longest run of leading NULs read past before a file is called binary ('only NUL bytes'). */
const MAX_HOLE = 16 * 1024 * 1024;

/** The number of NUL bytes `bytes` starts with. */
function nulPrefix(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return i;
}

/** `first` and `rest` past the NULs they start with (as openEntry passes them). */
async function pastHole(first: Uint8Array, rest: AsyncIterable<Uint8Array>): Promise<{ first: Uint8Array; rest: AsyncIterable<Uint8Array> }> {
  const lead = nulPrefix(first);
  if (lead === 0) return { first, rest };
  if (lead < first.length) return { first: first.subarray(holeEnd(first, lead)), rest };
  const iterator = rest[Symbol.asyncIterator]();
  return { first: (await skipHole(first, iterator)).first, rest: { [Symbol.asyncIterator]: () => iterator } };
}

/**
 * Where the hole of `lead` NULs that `bytes` starts with ends: after them all, but the last one when it is the first
 * half of UTF-16BE text (`\0M\0a\0y`).
 */
function holeEnd(bytes: Uint8Array, lead: number): number {
  return utf16WithoutBom(bytes.subarray(lead - 1)) === 'utf-16be' ? lead - 1 : lead;
}

/**
 * Reads past the NULs a file starts with (`first` is all NUL), up to MAX_HOLE: `first` becomes the rest of the chunk
 * where they end (empty when they run to the end or past MAX_HOLE), `hole` how many were passed. No line ends inside
 * a hole, so line numbers stay right.
 */
async function skipHole(first: Uint8Array, iterator: AsyncIterator<Uint8Array>): Promise<{ first: Uint8Array; hole: number }> {
  let hole = first.length;
  for (;;) {
    if (hole >= MAX_HOLE) return { first: new Uint8Array(0), hole };
    const next = await iterator.next();
    if (next.done) return { first: new Uint8Array(0), hole };
    const chunk = next.value;
    const nuls = nulPrefix(chunk);
    if (nuls < chunk.length) {
      const end = nuls > 0 ? holeEnd(chunk, nuls) : 0;
      return { first: chunk.subarray(end), hole: hole + end };
    }
    hole += chunk.length;
  }
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
    this.count(event.time, event.timeSource, event.line);
  }

  /** An event counted by its time, time source and line (made or not: `ParseContext.count`). */
  count(time: number | null, timeSource: TimeSource, line: number): void {
    this.events++;
    this.clock.add(timeSource, time);
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
  // Lines a parser can count from their bytes alone, only where routine events are counted, not kept.
  const skim = lineParser.skim && ctx.count && ctx.quiet ? lineParser.skim.bind(lineParser) : undefined;
  let cutLines = 0;
  try {
    // A CLI worker given a whole gzip member reads it from its first byte: past the hole openEntry saw, here too.
    const { first, rest } = await pastHole(opened.first, opened.rest);
    await splitLines(
      rest,
      {
        line: (text, lineNo, bytes, start, end) => lineParser.line(text, lineNo, bytes, start, end),
        ...(skim ? { skim } : {}),
        cut: (lineNo, dropped) => {
          if (++cutLines <= 3) ctx.problem(`line ${lineNo} is longer than 1 MiB; ${dropped} characters were left out`);
        },
      },
      first,
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
