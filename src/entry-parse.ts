// One entry's parse, the same on whichever thread runs it: the parse options (plain data, structured-cloned as they
// are to a CLI parsing worker) resolved once per thread, then an opened entry through its parser into the events it
// keeps and its result. Core: no Node imports.
import type { Fact, LogEvent, Problem, SourceSummary, TimeSource } from './model.js';
import type { Detector } from './detectors/types.js';
import type { ParseContext, TimeZoneContext } from './parsers/types.js';
import { interestFilter, quietCheck } from './event-routing.js';
import { parseEntry, SourceTally, type OpenedEntry } from './entry-reader.js';
import { timeZone } from './time/zone.js';
import { EntryFacts } from './facts/entry-facts.js';
import type { YearShifts } from './time/bundle-year.js';

/** What shapes the parse of every entry. Plain data: a parsing worker gets this value as it is. */
export interface ParseOptions {
  /** `--tz`: the zone of logs that write local time, an IANA name or an offset (see `timeZone`); absent: taken as UTC. */
  tz?: string;
  /** Years to move the year-less lines of some entries by (a second pass: see `settleBundleYears`). */
  yearShifts?: YearShifts;
}

/**
 * The events a parse keeps for the rest of the analysis: `every` one, or those `offered` to the detectors (warnings,
 * errors, classified events, the info lines some detector watches for, and every event of a small structured file,
 * whose state events the detectors read as facts instead). A worker sends back only these.
 */
export type KeptEvents = 'every' | 'offered';

/** What an entry gave besides the events it kept: its counts for the bundle's timeline span. */
export interface EntryResult {
  summary: SourceSummary | undefined;
  facts: Fact[];
  problems: Problem[];
  count: number;
  min: number | null;
  max: number | null;
}

/** Nothing read: an entry skipped, or one that failed before its parser started. */
export function nothingRead(problems: Problem[]): EntryResult {
  return { summary: undefined, facts: [], problems, count: 0, min: null, max: null };
}

/** Parses entries as `options` say: built once per thread (the time zone and keyword checks are built here). */
export class EntryParsing {
  private readonly tz: TimeZoneContext;
  private readonly quiet: ParseContext['quiet'];
  private readonly wanted: (event: LogEvent) => boolean;

  constructor(
    private readonly options: ParseOptions,
    detectors: readonly Detector[],
    private readonly kept: KeptEvents,
  ) {
    this.tz = timeZone(options.tz);
    this.quiet = quietCheck(detectors);
    this.wanted = interestFilter(detectors);
  }

  /**
   * Parses `opened`, handing each kept event to `keep` as it comes; `problems` may hold the entry's earlier ones.
   * `counted`, when every event is kept: routine info lines may then be counted without being made, each passed to it.
   */
  async parse(
    opened: OpenedEntry,
    entry: { path: string; mtime?: Date },
    keep: (event: LogEvent) => void,
    problems: Problem[] = [],
    counted?: (time: number | null) => void,
  ): Promise<EntryResult> {
    const { path } = entry;
    const tally = new SourceTally();
    const facts = new EntryFacts();
    const filter = this.kept === 'every' || opened.parser.kind === 'document' ? undefined : this.wanted;
    const yearShift = this.options.yearShifts?.get(path);
    const stats = await parseEntry(opened, {
      path,
      ...(entry.mtime ? { mtime: entry.mtime } : {}),
      ...(yearShift ? { yearShift } : {}),
      tz: this.tz,
      emit: (event) => {
        tally.add(event);
        if (filter === undefined || filter(event)) keep(event);
      },
      fact: facts.add,
      problem: (message) => problems.push({ path, message }),
      ...(this.quiet ? { quiet: this.quiet } : {}),
      // Events only counted are never kept: offered only when routine events would be dropped anyway, or when the
      // one keeping every event takes them as counts (`counted`).
      ...(filter !== undefined ? { count: (time: number | null, timeSource: TimeSource, line: number) => tally.count(time, timeSource, line) } : {}),
      ...(filter === undefined && counted !== undefined && opened.parser.kind !== 'document'
        ? {
            count: (time: number | null, timeSource: TimeSource, line: number) => {
              tally.count(time, timeSource, line);
              counted(time);
            },
          }
        : {}),
    });
    return { summary: stats ? tally.summary(path, opened.parser, stats) : undefined, facts: facts.list, problems, ...tally.counts() };
  }
}
