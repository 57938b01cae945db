// Collects what the parsers produce (events, facts, problems, sources), hands events to the
// detectors that want them, and turns it all into the report. Core: no Node imports.
import type { BundleKind, Fact, LogEvent, Problem, Report, SourceSummary } from './model.js';
import { isoTime } from './model.js';
import { detectors as defaultDetectors } from './detectors/index.js';
import type { Detector } from './detectors/types.js';
import { DetectorRun, makeFacts, sortFindings } from './detectors/engine.js';
import { eventDispatcher } from './event-routing.js';
import { detectLayout } from './parsers/windows/layout.js';
import { buildSystem } from './system.js';
import { redactReport } from './report/redact.js';
import { SkipList } from './entry-reader.js';
import type { EntryResult } from './entry-parse.js';
import { decideVerdict } from './report/verdict.js';
import { byCodeUnit } from './text/order.js';

export const TOOL_VERSION = '0.1.0';
const MAX_LAYOUT_PATHS = 5000;

/** Thrown when nothing in the input could be read as a log: the CLI exits 2 with its message. */
export class NothingReadableError extends Error {}

export class Analysis {
  private readonly runs: DetectorRun[];
  private readonly dispatch: (event: LogEvent) => void;
  readonly problems: Problem[] = [];
  readonly facts: Fact[] = [];
  readonly sources: SourceSummary[] = [];
  /** Entries no parser read (`Report.skipped`). */
  readonly skipped = new SkipList();
  files = 0;
  /** Entry paths, for recognising the bundle's layout (bounded: the first few thousand say enough). */
  private readonly paths: string[] = [];
  private events = 0;
  private min = Infinity;
  private max = -Infinity;

  constructor(detectors: readonly Detector[] = defaultDetectors) {
    this.runs = detectors.map((d) => new DetectorRun(d));
    this.dispatch = eventDispatcher(this.runs, (run, error) => this.detectorFailed(run, error));
  }

  /** A detector bug must not cost the rest of the report: its failure becomes a problem, once. */
  private readonly failedDetectors = new Set<string>();
  private detectorFailed(run: DetectorRun, error: unknown): void {
    const id = run.detector.meta.id;
    if (this.failedDetectors.has(id)) return;
    this.failedDetectors.add(id);
    this.problems.push({ path: `logscan:detector/${id}`, message: `detector failed: ${error instanceof Error ? error.message : String(error)}` });
  }

  /** Notes an entry of the bundle. */
  entry(path: string): void {
    this.files++;
    if (this.paths.length < MAX_LAYOUT_PATHS) this.paths.push(path);
  }

  /** An event the detectors may want (`EntryResult`'s counts count it for the span). */
  offer(event: LogEvent): void {
    this.dispatch(event);
  }

  /** What an entry gave besides its events, in entry order. */
  add(result: EntryResult): void {
    this.events += result.count;
    if (result.min !== null && result.min < this.min) this.min = result.min;
    if (result.max !== null && result.max > this.max) this.max = result.max;
    // One by one: an entry may give more facts than a call takes arguments.
    for (const fact of result.facts) this.facts.push(fact);
    for (const problem of result.problems) this.problems.push(problem);
    if (result.summary) this.sources.push(result.summary);
  }

  finish(bundle: { name: string; kind: BundleKind; sizeBytes: number }, archiveProblems: readonly Problem[]): Report {
    const problems = [...archiveProblems, ...this.problems].map(boundedProblem);
    if (this.sources.length === 0) {
      const why = this.files === 0 ? 'the bundle holds no files' : `none of its ${this.files} file(s) is a log logscan can read`;
      // Say why, with the first reasons: a damaged member, or what each skipped file was.
      const reasons = [...problems.map((p) => `${p.path}: ${p.message}`), ...this.skipped.entries().map((k) => `${k.path}: ${k.reason}`)];
      const shown = reasons.slice(0, 3).join('; ') + (reasons.length > 3 ? `; ${reasons.length - 3} more` : '');
      throw new NothingReadableError(`${bundle.name}: nothing to analyse: ${why}${shown ? ` (${shown})` : ''}`);
    }
    const factView = makeFacts(this.facts, problems, this.sources);
    for (const run of this.runs) {
      try {
        run.visitor.finish?.(factView);
      } catch (error) {
        this.detectorFailed(run, error);
      }
    }
    const from = isoTime(this.min);
    const to = isoTime(this.max);
    const system = buildSystem(factView);
    const vmPlatform = system.os === 'unknown' ? undefined : system.os;
    const report: Report = {
      schemaVersion: 1,
      tool: { name: 'logscan', version: TOOL_VERSION },
      bundle: { ...bundle, files: this.files, layout: detectLayout(this.paths) },
      system,
      sources: [...this.sources].sort((a, b) => byCodeUnit(a.path, b.path)),
      ...decideVerdict(sortFindings(this.runs.flatMap((r) => r.findings(vmPlatform))), this.sources, system),
      problems,
      ...(this.skipped.size > 0 ? { skipped: this.skipped.entries() } : {}),
      timeline: { events: this.events, ...(from ? { from } : {}), ...(to ? { to } : {}) },
    };
    // Secrets out of every string, each distinct one by one token; the html page's events share the tokens.
    return redactReport(report);
  }
}

/** Characters of a problem's message kept: a parser's error can quote a whole line or attribute (a megabyte). */
export const MAX_PROBLEM_CHARS = 1000;

function boundedProblem(p: Problem): Problem {
  if (p.message.length <= MAX_PROBLEM_CHARS) return p;
  return { ...p, message: `${p.message.slice(0, MAX_PROBLEM_CHARS)}… (${p.message.length - MAX_PROBLEM_CHARS} more characters)` };
}
