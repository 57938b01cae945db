// The engine: entries -> parsers -> events + facts -> detectors -> report. Core: no Node imports.
import type { BundleKind, Entry, Fact, LogEvent, Problem, Report, SourceSummary } from './model.js';
import { isoTime } from './model.js';
import type { AnyParser, DocumentParser, ParseContext, Parser, TimeZoneContext } from './parsers/types.js';
import { router } from './parsers/index.js';
import { parsers as defaultParsers } from './parsers/index.js';
import { detectors as defaultDetectors } from './detectors/index.js';
import type { Detector } from './detectors/types.js';
import { DetectorRun, makeFacts, sortFindings } from './detectors/engine.js';
import { TimelineSpan } from './timeline.js';
import { decodeText, looksBinary, splitLines } from './text/lines.js';
import { KeywordSet } from './text/keyword-set.js';
import { ASSUME_UTC } from './time/zone.js';
import { buildSystem } from './system.js';
import { redactDeep } from './report/redact.js';
import type { RedactionCounts } from './report/redact.js';

export const TOOL_VERSION = '0.1.0';

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
  parsers?: AnyParser[];
  detectors?: Detector[];
  /** Every event as it is parsed (the `timeline` command keeps them). */
  onEvent?(event: LogEvent): void;
  /** Called after each entry (progress display). */
  onEntry?(entry: Entry): void;
}

const SNIFF_LINES = 20;

/** Thrown when nothing in the input could be read as a log: the CLI exits 2 with its message. */
export class NothingReadableError extends Error {}

export async function analyze(input: BundleInput, options: AnalyzeOptions = {}): Promise<Report> {
  const tz = options.tz ?? ASSUME_UTC;
  const route = router(options.parsers ?? defaultParsers);
  const runs = (options.detectors ?? defaultDetectors).map((d) => new DetectorRun(d));
  const dispatch = eventDispatcher(runs);
  const problems: Problem[] = [];
  const facts: Fact[] = [];
  const sources: SourceSummary[] = [];
  const span = new TimelineSpan();
  let files = 0;

  for await (const entry of input.entries) {
    files++;
    const summary = await readEntry(entry, {
      route,
      tz,
      problems,
      facts,
      onEvent: (event) => {
        span.add(event);
        dispatch(event);
        options.onEvent?.(event);
      },
    });
    if (summary) sources.push(summary);
    options.onEntry?.(entry);
  }

  const allProblems = [...input.problems, ...problems];
  if (sources.length === 0) {
    const why = files === 0 ? 'the bundle holds no files' : `none of its ${files} file(s) is a log logscan can read`;
    const first = allProblems[0];
    throw new NothingReadableError(`${input.name}: nothing to analyse: ${why}${first ? ` (${first.path}: ${first.message})` : ''}`);
  }

  const factView = makeFacts(facts, allProblems);
  for (const run of runs) run.visitor.finish?.(factView);
  const findings = sortFindings(runs.flatMap((r) => r.findings()));

  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'logscan', version: TOOL_VERSION },
    bundle: { name: input.name, kind: input.kind, sizeBytes: input.sizeBytes(), files },
    system: buildSystem(factView, sources),
    sources: sources.sort((a, b) => a.path.localeCompare(b.path)),
    findings,
    problems: allProblems,
    timeline: span.summary(),
  };
  const counts: RedactionCounts = {};
  const redacted = redactDeep(report, counts);
  if (Object.keys(counts).length > 0) redacted.redactions = counts;
  return redacted;
}

/**
 * Hands each event to the detectors that want it: warnings and errors to all, info lines only to
 * detectors whose `watch` matches. One union regex settles the common case (a routine info line).
 */
function eventDispatcher(runs: DetectorRun[]): (event: LogEvent) => void {
  const listening = runs
    .filter((r) => r.visitor.event)
    .map((r) => ({ event: r.visitor.event!.bind(r.visitor), watch: r.detector.meta.watch ? new KeywordSet(r.detector.meta.watch) : undefined }));
  const always = listening.filter((l) => !l.watch);
  const watching = listening.filter((l) => l.watch);
  const union = watching.length > 0 ? new KeywordSet(watching.flatMap((l) => l.watch!.keywords)) : undefined;
  return (event) => {
    for (const l of always) l.event(event);
    if (event.level === 'error' || event.level === 'warning') {
      for (const l of watching) l.event(event);
    } else if (union?.test(event.message)) {
      for (const l of watching) if (l.watch!.test(event.message)) l.event(event);
    }
  };
}

interface ReadContext {
  route: ReturnType<typeof router>;
  tz: TimeZoneContext;
  problems: Problem[];
  facts: Fact[];
  onEvent(event: LogEvent): void;
}

/** Parses one entry; returns its source summary, or undefined when no parser reads it. */
async function readEntry(entry: Entry, ctx0: ReadContext): Promise<SourceSummary | undefined> {
  const iterator = entry.bytes[Symbol.asyncIterator]();
  let first: Uint8Array | undefined;
  try {
    const head = await iterator.next();
    first = head.done ? new Uint8Array(0) : head.value;
  } catch (error) {
    ctx0.problems.push({ path: entry.path, message: errorText(error) });
    return undefined;
  }
  let parser = ctx0.route.byPath(entry.path);
  if (looksBinary(first)) {
    if (parser) ctx0.problems.push({ path: entry.path, message: `binary content, not a ${parser.description}` });
    await drain(iterator);
    return undefined;
  }
  if (!parser) {
    parser = ctx0.route.bySniff(firstLines(first));
    if (!parser) {
      await drain(iterator);
      return undefined;
    }
  }

  let events = 0;
  let min = Infinity;
  let max = -Infinity;
  const ctx: ParseContext = {
    path: entry.path,
    ...(entry.mtime ? { mtime: entry.mtime } : {}),
    tz: ctx0.tz,
    emit: (event) => {
      events++;
      if (event.time !== null) {
        if (event.time < min) min = event.time;
        if (event.time > max) max = event.time;
      }
      ctx0.onEvent(event);
    },
    fact: (fact) => ctx0.facts.push(fact),
    problem: (message) => ctx0.problems.push({ path: entry.path, message }),
  };
  const rest: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => iterator };
  const stats =
    parser.kind === 'document' ? await readDocument(parser, ctx, first, rest, iterator) : await readLines(parser, ctx, first, rest);
  if (!stats) return undefined;
  const from = isoTime(min);
  const to = isoTime(max);
  return {
    path: entry.path,
    parser: parser.id,
    events,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(stats.unparsed > 0 ? { unparsed: stats.unparsed } : {}),
    ...(stats.formats.length > 0 ? { format: stats.formats } : {}),
  };
}

type Stats = { unparsed: number; formats: string[] };

async function readLines(parser: Parser, ctx: ParseContext, first: Uint8Array, rest: AsyncIterable<Uint8Array>): Promise<Stats> {
  const lineParser = parser.create(ctx);
  let cutLines = 0;
  try {
    await splitLines(
      rest,
      {
        line: (text, lineNo) => lineParser.line(text, lineNo),
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
async function readDocument(
  parser: DocumentParser,
  ctx: ParseContext,
  first: Uint8Array,
  rest: AsyncIterable<Uint8Array>,
  iterator: AsyncIterator<Uint8Array>,
): Promise<Stats | undefined> {
  const chunks: Uint8Array[] = [first];
  let size = first.length;
  try {
    for await (const chunk of rest) {
      size += chunk.length;
      if (size > parser.maxBytes) {
        ctx.problem(`larger than ${parser.maxBytes} bytes; a ${parser.description} is not expected to be, so it was not read`);
        await drain(iterator);
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
  const text = decodeText(bytes);
  try {
    parser.parse(text, ctx);
  } catch (error) {
    ctx.problem(`cannot be read as a ${parser.description}: ${errorText(error)}`);
  }
  return { unparsed: 0, formats: [] };
}

function firstLines(bytes: Uint8Array): string[] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 65536));
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

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 300);
}
