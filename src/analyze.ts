// The engine: entries -> parsers -> events + facts -> detectors -> report, in one loop. Where each entry's parse runs
// is a scheduler's choice (the CLI's worker threads); by default every entry is parsed here. Core: no Node imports.
import type { BundleKind, Entry, LogEvent, Problem, Report } from './model.js';
import type { AnyParser } from './parsers/types.js';
import { parsers as defaultParsers, router } from './parsers/index.js';
import type { Detector } from './detectors/types.js';
import { detectors as defaultDetectors } from './detectors/index.js';
import { Analysis } from './analysis.js';
import { openEntry, type OpenedEntry } from './entry-reader.js';
import { EntryParsing, nothingRead, type KeptEvents, type ParseOptions } from './entry-parse.js';
import { ApplyQueue, type EntrySlot } from './entry-queue.js';
import { decideYears, markAgreedYears, unsettledYearProblems, type YearShifts } from './time/bundle-year.js';

export { NothingReadableError, TOOL_VERSION } from './analysis.js';
export type { ParseOptions } from './entry-parse.js';

export interface BundleInput {
  name: string;
  kind: BundleKind;
  /** Read after the entries are consumed (stdin learns its size while reading). */
  sizeBytes(): number;
  entries: AsyncIterable<Entry>;
  /** Archive-level problems; ingest may push to it while iterating. */
  problems: Problem[];
}

export interface AnalyzeOptions extends ParseOptions {
  parsers?: AnyParser[];
  detectors?: Detector[];
  /** Each event, in entry order (the `timeline` command keeps them): every one, or only those `events: 'offered'` says. */
  onEvent?(event: LogEvent): void;
  /** Which events `onEvent` sees (default `every`; `offered` lets a worker send back only those). */
  events?: KeptEvents;
  /**
   * With `onEvent` seeing every event: asked as each entry starts; true lets its routine info lines (see
   * ParseContext.count) be counted without being made, each given to `onCounted` instead of `onEvent` (the viewer,
   * once its table drops info lines anyway). Reports are the same either way.
   */
  countRoutine?(): boolean;
  onCounted?(time: number | null): void;
  /** Called after each entry is parsed or handed on (progress display). */
  onEntry?(entry: Entry): void;
  /** Where entries are parsed besides this thread: see `ParseScheduler`. */
  schedule?(run: ScheduledRun): ParseScheduler;
  /** Weight of an entry's events held before its parse waits (default MAX_UNAPPLIED_WEIGHT; tests lower it). */
  maxUnappliedWeight?: number;
}

/** What a scheduler gets for one run of `analyze`. */
export interface ScheduledRun {
  /** The options every parse of this run takes, as they are, wherever it runs. */
  parse: ParseOptions;
  kept: KeptEvents;
  /** Whose `fail` ends the run (a worker failed), and whose `maxUnapplied` bounds what a parse elsewhere holds. */
  queue: ApplyQueue;
}

/** An opened entry for a scheduler: its parse reports into `slot`, whose result adds to `problems` (the opening's). */
export interface ParseJob {
  entry: Entry;
  opened: OpenedEntry;
  slot: EntrySlot;
  problems: Problem[];
}

/**
 * Runs parses of the default parsers and detectors elsewhere (another thread): `take` either starts the job there and
 * resolves, once the loop may read the next entry, to true, or resolves to false and the entry is parsed here.
 */
export interface ParseScheduler {
  take(job: ParseJob): Promise<boolean>;
  /** Called once the run ends, whether it succeeded or failed. */
  close(): Promise<void>;
}

export async function analyze(input: BundleInput, options: AnalyzeOptions = {}): Promise<Report> {
  const route = router(options.parsers ?? defaultParsers);
  const detectors = options.detectors ?? defaultDetectors;
  const analysis = new Analysis(detectors);
  const parse: ParseOptions = { ...(options.tz !== undefined ? { tz: options.tz } : {}), ...(options.yearShifts ? { yearShifts: options.yearShifts } : {}) };
  const kept: KeptEvents = options.onEvent && options.events !== 'offered' ? 'every' : 'offered';
  const parsing = new EntryParsing(parse, detectors, kept);
  const onEvent = options.onEvent;
  const queue = new ApplyQueue(
    {
      apply: (event) => {
        analysis.offer(event);
        onEvent?.(event);
      },
      finish: (result) => analysis.add(result),
    },
    options.maxUnappliedWeight,
  );
  // A scheduler's parses run the default parsers and detectors (a worker cannot be handed functions).
  if (options.schedule && (options.parsers || options.detectors)) throw new Error('a parse scheduler runs the default parsers and detectors only');
  const scheduler = options.schedule?.({ parse, kept, queue });
  try {
    for await (const entry of input.entries) {
      if (queue.failure) throw queue.failure;
      analysis.entry(entry.path);
      const slot = queue.open();
      const problems: Problem[] = [];
      const opened = await openEntry(entry, route, problems, analysis.skipped);
      if (!opened) slot.done(nothingRead(problems));
      else if (!(await scheduler?.take({ entry, opened, slot, problems }))) {
        const counted = kept === 'every' && options.onCounted && options.countRoutine?.() ? options.onCounted : undefined;
        await parseHere(parsing, queue, { entry, opened, slot, problems }, counted);
      }
      options.onEntry?.(entry);
    }
    await queue.drained();
  } finally {
    await scheduler?.close();
  }
  return analysis.finish({ name: input.name, kind: input.kind, sizeBytes: input.sizeBytes() }, input.problems);
}

/**
 * Parses an entry on this thread. At its turn its events are applied as they come; before it (a scheduler's entries
 * ahead are unfinished) they are held, and past the bound the parse reads on only once its turn comes.
 */
async function parseHere(parsing: EntryParsing, queue: ApplyQueue, { entry, opened, slot, problems }: ParseJob, counted?: (time: number | null) => void): Promise<void> {
  const rest = opened.rest;
  const paced = async function* (): AsyncGenerator<Uint8Array> {
    for await (const chunk of rest) {
      yield chunk;
      while (slot.held) await queue.turn();
    }
  };
  slot.done(await parsing.parse({ ...opened, rest: paced() }, entry, (event) => slot.push(event), problems, counted));
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
