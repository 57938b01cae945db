// What a parser is: one source format, turning the lines of an entry into events and facts.
import type { Fact, LogEvent } from '../model.js';

/** A local-time converter chosen by `--tz`; absent means "take local times as UTC". */
export interface TimeZoneContext {
  /** Converts wall-clock fields read from a log to epoch ms UTC. */
  toUtc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number;
  /** True when a real zone was given (events are then marked `tz`, otherwise `assumed-utc`). */
  readonly explicit: boolean;
}

export interface ParseContext {
  path: string;
  tz: TimeZoneContext;
  emit(event: LogEvent): void;
  fact(fact: Fact): void;
  /** A problem with this entry that does not stop it (an unreadable line, a cut line). */
  problem(message: string): void;
}

/** Receives the lines of one entry in order; created once per entry. */
export interface LineParser {
  /** `text` has no line terminator; `lineNo` is 1-based. */
  line(text: string, lineNo: number): void;
  /** Called once after the last line: flush any pending multi-line entry. */
  end(): void;
  /** Counts reported in the source summary. */
  stats(): { unparsed: number; formats: string[] };
}

export interface Parser {
  id: string;
  description: string;
  /** micromatch globs over the entry path (matched with `basename` off, `dot` on, case-insensitive). */
  globs: string[];
  /** Given the first lines of an entry whose name matched no glob: is it this format? */
  sniff?(firstLines: string[]): boolean;
  /** Sample lines, one per era or variant, checked by a test (as lnav does). */
  samples: { line: string; expect: Partial<LogEvent> }[];
  create(ctx: ParseContext): LineParser;
}
