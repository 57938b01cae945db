// The engine, in process: entries -> parsers -> events + facts -> detectors -> report. Core: no Node imports.
import type { BundleKind, Entry, LogEvent, Problem, Report } from './model.js';
import type { AnyParser, ParseContext, TimeZoneContext } from './parsers/types.js';
import { parsers as defaultParsers, router } from './parsers/index.js';
import type { Detector } from './detectors/types.js';
import { Analysis } from './analysis.js';
import { openEntry, parseEntry, SourceTally } from './entry-reader.js';
import { ASSUME_UTC } from './time/zone.js';
import { decideYears, markAgreedYears, unsettledYearProblems, type YearShifts } from './time/bundle-year.js';

export { NothingReadableError, TOOL_VERSION } from './analysis.js';

export interface BundleInput {
  name: string;
  kind: BundleKind;
  /** Read after the entries are consumed (stdin learns its size while reading). */
  sizeBytes(): number;
  entries: AsyncIterable<Entry>;
  /** Archive-level problems; ingest may push to it while iterating. */
  problems: Problem[];
}

export interface AnalyzeOptions {
  tz?: TimeZoneContext;
  /** Years to move the year-less lines of some entries by (a second pass: see `settleBundleYears`). */
  yearShifts?: YearShifts;
  parsers?: AnyParser[];
  detectors?: Detector[];
  /** Every event as it is parsed (the `timeline` command keeps them). */
  onEvent?(event: LogEvent): void;
  /** Called after each entry (progress display). */
  onEntry?(entry: Entry): void;
}

export async function analyze(input: BundleInput, options: AnalyzeOptions = {}): Promise<Report> {
  const tz = options.tz ?? ASSUME_UTC;
  const route = router(options.parsers ?? defaultParsers);
  const analysis = new Analysis(options.detectors);

  for await (const entry of input.entries) {
    analysis.entry(entry.path);
    const opened = await openEntry(entry, route, analysis.problems, analysis.skipped);
    if (opened) {
      const tally = new SourceTally();
      const yearShift = options.yearShifts?.get(entry.path);
      const ctx: ParseContext = {
        path: entry.path,
        ...(entry.mtime ? { mtime: entry.mtime } : {}),
        ...(yearShift ? { yearShift } : {}),
        tz,
        emit: (event) => {
          tally.add(event);
          analysis.event(event);
          options.onEvent?.(event);
        },
        fact: (fact) => analysis.facts.push(fact),
        problem: (message) => analysis.problems.push({ path: entry.path, message }),
        ...(analysis.quiet ? { quiet: analysis.quiet } : {}),
      };
      const stats = await parseEntry(opened, ctx);
      if (stats) analysis.sources.push(tally.summary(entry.path, opened.parser, stats));
    }
    options.onEntry?.(entry);
  }
  return analysis.finish({ name: input.name, kind: input.kind, sizeBytes: input.sizeBytes() }, input.problems);
}

/**
 * An analysis whose year-less logs (syslog) have the year the bundle shows: `run` reads the input once; when its
 * dated sources show some year-less source took a wrong year from its member's date (or today), `run` reads it once
 * more with those years moved. An input that cannot be read again (stdin) keeps the first report, with a problem
 * per such source. Sources whose year the bundle agrees with are marked `clock.year: 'bundle'`.
 */
export async function settleBundleYears(
  run: (yearShifts?: YearShifts) => Promise<Report>,
  canReadAgain: boolean,
  onUnsettled?: (problems: Problem[]) => void,
): Promise<Report> {
  const first = await run();
  const decision = decideYears(first.sources);
  if (decision.shifts.size === 0) return markAgreedYears(first, decision);
  if (!canReadAgain) {
    const problems = unsettledYearProblems(first, decision);
    first.problems.push(...problems);
    onUnsettled?.(problems);
    return markAgreedYears(first, decision);
  }
  const second = await run(decision.shifts);
  return markAgreedYears(second, decideYears(second.sources));
}
