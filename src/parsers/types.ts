// What a parser is: one source format, turning the lines of an entry into events and facts.
import type { Fact, LogEvent, TimeSource } from '../model.js';

/** A local-time converter chosen by `--tz`; absent means "take local times as UTC". */
export interface TimeZoneContext {
  /** Converts wall-clock fields read from a log to epoch ms UTC. */
  toUtc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number;
  /** True when a real zone was given (events are then marked `tz`, otherwise `assumed-utc`). */
  readonly explicit: boolean;
}

export interface ParseContext {
  path: string;
  /** The entry's modification time, when the bundle stores one (year for syslog lines, which have none). */
  mtime?: Date;
  /**
   * Whole years to move the year that lines without one take from the mtime (or today): set on a second pass, when
   * the bundle's dated sources showed that year was wrong (src/time/bundle-year.ts). Their events say `+year-bundle`.
   */
  yearShift?: number;
  tz: TimeZoneContext;
  emit(event: LogEvent): void;
  fact(fact: Fact): void;
  /** A problem with this entry that does not stop it (an unreadable line, a cut line). */
  problem(message: string): void;
  /**
   * True when the UTF-8 bytes `b[start, end)` hold none of the detectors' watch keywords (absent when some
   * detector wants every event). A parser with a line's bytes may then mark an info event whose message is just
   * those bytes `routine`.
   */
  quiet?(b: Uint8Array, start: number, end: number): boolean;
  /**
   * Counts an event that was not made: a routine line (see `quiet`) a parser read from its bytes alone, counted in
   * the source's summary and the bundle's span as its event would have been, in the same order. Absent when every
   * event is kept (the timeline): a parser then emits every event.
   */
  count?(time: number | null, timeSource: TimeSource, line: number): void;
}

/** Receives the lines of one entry in order; created once per entry. */
export interface LineParser {
  /**
   * `text` has no line terminator; `lineNo` is 1-based. `bytes[start, end)`, when given, are the line's UTF-8
   * bytes (valid during the call only), for parsers that read their header faster from bytes.
   */
  line(text: string, lineNo: number, bytes?: Uint8Array, start?: number, end?: number): void;
  /**
   * A line read from its UTF-8 bytes alone, before it is decoded (`LineSink.skim`; `bytes[next...]` is what follows
   * it in the chunk): true when the parser took it as a routine event it counted (`ParseContext.count`) without
   * making it; false and `line` gets it. Offered only when the context has `count` and `quiet`.
   */
  skim?(bytes: Uint8Array, start: number, end: number, lineNo: number, next: number): boolean;
  /** Called once after the last line: flush any pending multi-line entry. */
  end(): void;
  /** Counts reported in the source summary. */
  stats(): { unparsed: number; formats: string[] };
}

/** A parser fed line by line: logs of any size, streamed. */
export interface Parser {
  kind?: 'lines';
  id: string;
  description: string;
  /**
   * micromatch globs over the entry path (matched with `basename` off, `dot` on, case-insensitive), compiled into
   * ../routing.ts by `npm run build`.
   */
  globs: string[];
  /** Given the first lines of an entry whose name matched no glob: is it this format? */
  sniff?(firstLines: string[]): boolean;
  /** Sample lines, one per era or variant, checked by a test (as lnav does). */
  samples: { line: string; expect: Partial<LogEvent> }[];
  create(ctx: ParseContext): LineParser;
}

/**
 * A parser for small structured files (XML, JSON, INI) that needs the whole text at once: agent state
 * files, status files, configuration. Entries over `maxBytes` are reported as a problem, not read.
 */
export interface DocumentParser {
  kind: 'document';
  id: string;
  description: string;
  globs: string[];
  sniff?(firstLines: string[]): boolean;
  maxBytes: number;
  /** Example documents with what they must yield, checked by a test. */
  samples: { path: string; text: string; expectFacts?: Partial<Fact>[]; expectEvents?: Partial<LogEvent>[] }[];
  parse(text: string, ctx: ParseContext): void;
}

/**
 * A parser for a binary format read as a byte stream (EVTX): it pulls the bytes it needs, never the
 * whole file at once, and recognises its format by magic bytes (`sniffBytes`) rather than by text lines.
 */
export interface BinaryParser {
  kind: 'binary';
  id: string;
  description: string;
  globs: string[];
  /** Given the first bytes of an entry whose name matched no glob: is it this format? */
  sniffBytes?(head: Uint8Array): boolean;
  /** Small files built from the format's specification, with the events they must yield; a test runs them. */
  samples: { name: string; bytes(): Uint8Array; expectEvents: Partial<LogEvent>[] }[];
  /** `first` is the first chunk already read; `rest` the remaining chunks in order. */
  parse(first: Uint8Array, rest: AsyncIterable<Uint8Array>, ctx: ParseContext): Promise<{ unparsed: number; formats: string[] }>;
}

export type AnyParser = Parser | DocumentParser | BinaryParser;
