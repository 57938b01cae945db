// Is the year that year-less logs (syslog `Jan 14 22:16:48`) took from their member's date right? The bundle's
// dated sources say: a syslog file whose lines sit far from every dated log, and among them once moved by whole
// years, was given the wrong year (a file copied a year later, a paste read without a date). Decided after a
// whole pass from the source summaries, so the answer does not depend on the order of the members.
// Core module: no Node imports.
import type { Problem, Report, SourceSummary } from '../model.js';

/** Entry path -> whole years to add to the year its year-less lines took (`ParseContext.yearShift`). */
export type YearShifts = ReadonlyMap<string, number>;

export interface YearDecision {
  /** Year-less sources the bundle shows a whole number of years off: path -> years to add. */
  shifts: Map<string, number>;
  /** Year-less sources whose year the bundle's dated sources agree with. */
  agreed: Set<string>;
}

const DAY_MS = 86_400_000;
/** A source this close to a dated one (or overlapping it) sits among the bundle's times. */
export const NEAR_MS = 7 * DAY_MS;
/**
 * The bundle overrules a year only when the source, as read, lies at least this far from every dated source: a
 * rotated syslog a few weeks older than the agent's log is not moved.
 */
export const FAR_MS = 180 * DAY_MS;
/** Farthest shift looked for (a paste of a years-old log read without a date takes today's year). */
const MAX_SHIFT_YEARS = 30;

export interface Span {
  from: number;
  to: number;
  /** Events: a log of thousands of lines outweighs a status file's one time. */
  weight: number;
}

function spanOf(from: string | undefined, to: string | undefined, events: number): Span | undefined {
  if (from === undefined || to === undefined) return undefined;
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Number.isFinite(a) && Number.isFinite(b) ? { from: a, to: b, weight: Math.max(1, events) } : undefined;
}

function addYears(ms: number, years: number): number {
  const d = new Date(ms);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
}

function shifted(span: Span, years: number): Span {
  return years === 0 ? span : { from: addYears(span.from, years), to: addYears(span.to, years), weight: span.weight };
}

/** Gap between two spans; 0 when they overlap. */
function distance(a: Span, b: Span): number {
  return Math.max(0, b.from - a.to, a.from - b.to);
}

/** Events of the reference spans near `span`. */
function weightNear(span: Span, refs: readonly Span[]): number {
  let w = 0;
  for (const r of refs) if (distance(span, r) <= NEAR_MS) w += r.weight;
  return w;
}

/**
 * 0 when `span` sits among `refs`; `k` when it lies far from all of them and moving it `k` years puts it among
 * them (the shift near the most events; the smaller one on a tie); undefined when the bundle does not say.
 */
export function judgeSpan(span: Span, refs: readonly Span[]): number | undefined {
  if (refs.length === 0) return undefined;
  if (weightNear(span, refs) > 0) return 0;
  if (refs.some((r) => distance(span, r) < FAR_MS)) return undefined;
  let best = 0;
  let bestWeight = 0;
  for (let years = 1; years <= MAX_SHIFT_YEARS; years++) {
    for (const k of [-years, years]) {
      const w = weightNear(shifted(span, k), refs);
      if (w > bestWeight) {
        best = k;
        bestWeight = w;
      }
    }
  }
  return bestWeight > 0 ? best : undefined;
}

/**
 * Judges every source whose lines took their year from the member's date or today (`clock.year` `mtime`/`now`;
 * `bundle` ones were moved already) against the sources that write full dates. A settled source joins the
 * references, so rotated syslogs follow the one that overlaps the agent's log. Sources are taken in path order.
 */
export function decideYears(sources: readonly SourceSummary[]): YearDecision {
  const refs: Span[] = [];
  const open: { path: string; span: Span }[] = [];
  for (const s of [...sources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const year = s.clock?.year;
    const span = year === undefined ? spanOf(s.from, s.to, s.events) : spanOf(s.clock?.yearless?.from, s.clock?.yearless?.to, s.events);
    if (span === undefined) continue;
    if (year === undefined) refs.push(span);
    else open.push({ path: s.path, span });
  }
  const decision: YearDecision = { shifts: new Map(), agreed: new Set() };
  for (let settled = true; settled && open.length > 0; ) {
    settled = false;
    for (let i = 0; i < open.length; i++) {
      const { path, span } = open[i]!;
      const years = judgeSpan(span, refs);
      if (years === undefined) continue;
      if (years === 0) decision.agreed.add(path);
      else decision.shifts.set(path, years);
      refs.push(shifted(span, years));
      open.splice(i--, 1);
      settled = true;
    }
  }
  return decision;
}

/** Marks the year-less sources the bundle agrees with `clock.year: 'bundle'` (the report is changed in place). */
export function markAgreedYears(report: Report, decision: YearDecision): Report {
  for (const s of report.sources) {
    if (s.clock?.year !== undefined && decision.agreed.has(s.path)) s.clock.year = 'bundle';
  }
  return report;
}

/** What to say when the bundle shows wrong years but the input cannot be read a second time (stdin). */
export function unsettledYearProblems(report: Report, decision: YearDecision): Problem[] {
  return [...decision.shifts].map(([path, years]) => {
    const source = report.sources.find((s) => s.path === path);
    const took = source?.clock?.year === 'now' ? "today's year" : "the year of the file's date";
    const n = Math.abs(years);
    return {
      path,
      message: `its lines carry no year and took ${took}, but the bundle's dated logs put them ${n} year${n === 1 ? '' : 's'} ${years < 0 ? 'earlier' : 'later'}; input from stdin cannot be read twice, so its times may be off by that much (give the file itself to have them placed)`,
    };
  });
}
