// Applies the causal model (src/detectors/causes.ts) to one report's findings: one finding per piece of evidence,
// then the links the bundle supports (time window, same extension), without cycles. Core: no Node imports.
import type { Finding } from '../model.js';
import { SEVERITY_RANK } from '../model.js';
import { CAUSAL_LINKS, LEAD_MS, matchesPattern, NEVER_ROOT_CATEGORIES, SAME_EVIDENCE_PRECEDENCE, SYMPTOMS } from '../detectors/causes.js';
import type { CausalLink } from '../detectors/causes.js';

/** One supported link between two findings of the report. */
export interface Edge {
  cause: Finding;
  effect: Finding;
  link: CausalLink;
  /** False when one side has no time, so the window could not be checked. */
  timed: boolean;
  /** The two quote a line in common: the consequence's own evidence names the cause (the strongest link). */
  shared: boolean;
}

function placeOf(e: Finding['evidence'][number]): string {
  return `${e.path}\u0000${e.record !== undefined ? `r${e.record}` : e.line !== undefined ? `l${e.line}` : e.text}`;
}

function evidenceKey(f: Finding): string {
  return f.evidence.map(placeOf).sort().join('\u0001');
}

function sharesEvidence(a: Finding, b: Finding): boolean {
  const places = new Set(a.evidence.map(placeOf));
  return b.evidence.some((e) => places.has(placeOf(e)));
}

export function isSymptom(f: Finding): boolean {
  return SYMPTOMS.some((p) => matchesPattern(p, f.id));
}

function precedes(a: Finding, b: Finding): boolean {
  return SAME_EVIDENCE_PRECEDENCE.some(([kept, dropped]) => matchesPattern(kept, a.id) && matchesPattern(dropped, b.id));
}

/**
 * Which of two findings with the same evidence stays: the more specific reading (`SAME_EVIDENCE_PRECEDENCE`), else
 * the graver, then the one that is not a symptom, then the first id.
 */
function keeps(a: Finding, b: Finding): boolean {
  if (precedes(a, b) !== precedes(b, a)) return precedes(a, b);
  const bySeverity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (bySeverity !== 0) return bySeverity > 0;
  if (isSymptom(a) !== isSymptom(b)) return !isSymptom(a);
  return a.id < b.id;
}

/**
 * Findings that quote exactly the same evidence are one problem seen by two detectors: the one kept takes the
 * larger count and the graver severity. Order is kept otherwise.
 */
export function mergeSameEvidence(findings: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  const dropped = new Set<Finding>();
  for (const f of findings) {
    if (f.evidence.length === 0) continue;
    const key = evidenceKey(f);
    const other = byKey.get(key);
    if (!other) {
      byKey.set(key, f);
      continue;
    }
    const [kept, gone] = keeps(other, f) ? [other, f] : [f, other];
    kept.count = Math.max(kept.count, gone.count);
    if (SEVERITY_RANK[gone.severity] > SEVERITY_RANK[kept.severity]) kept.severity = gone.severity;
    dropped.add(gone);
    byKey.set(key, kept);
  }
  return findings.filter((f) => !dropped.has(f));
}

function span(f: Finding): [number, number] | undefined {
  const first = f.firstSeen ? Date.parse(f.firstSeen) : Number.NaN;
  const last = f.lastSeen ? Date.parse(f.lastSeen) : first;
  if (!Number.isFinite(first)) return undefined;
  return [first, Number.isFinite(last) ? last : first];
}

/** Whether the bundle supports `link` between `cause` and `effect`: undefined when it does not, else whether the times were checked. */
function supported(link: CausalLink, cause: Finding, effect: Finding): { timed: boolean } | undefined {
  if (link.sameExtension && cause.extensions && effect.extensions && !cause.extensions.some((e) => effect.extensions!.includes(e))) return undefined;
  const c = span(cause);
  const e = span(effect);
  // A state (an old agent, a setting) explains what follows it however late; with no time, whatever the bundle shows.
  if (link.within === Infinity) return !c || !e || e[1] >= c[0] - (link.lead ?? LEAD_MS) ? { timed: true } : undefined;
  // Without times, only the evidence can tie them: a line both quote, or one file they both come from.
  if (!c || !e) return sharesEvidence(cause, effect) || sharesPath(cause, effect) ? { timed: false } : undefined;
  // Some of the effect falls between a little before the cause began and `within` after it was last seen (for a
  // recovered cause, `whenRecovered`).
  const recovered = SEVERITY_RANK[cause.severity] < SEVERITY_RANK.error && link.whenRecovered !== undefined;
  const from = c[0] - (link.lead ?? LEAD_MS);
  const to = c[1] + (recovered ? link.whenRecovered! : link.within);
  return e[1] >= from && e[0] <= to ? { timed: true } : undefined;
}

function sharesPath(a: Finding, b: Finding): boolean {
  const paths = new Set(a.evidence.map((e) => e.path));
  return b.evidence.some((e) => paths.has(e.path));
}

/** The first link of the model that joins the two findings, if the bundle supports it. */
function linkBetween(cause: Finding, effect: Finding, links: readonly CausalLink[]): Edge | undefined {
  for (const link of links) {
    if (!link.cause.some((p) => matchesPattern(p, cause.id)) || !link.effect.some((p) => matchesPattern(p, effect.id))) continue;
    const ok = supported(link, cause, effect);
    if (ok) return { cause, effect, link, timed: ok.timed, shared: sharesEvidence(cause, effect) };
  }
  return undefined;
}

/**
 * The supported links between the findings, as a graph without cycles, strongest first: links whose two findings
 * quote a line in common, then links whose times were checked. When the model allows both directions (hung tasks
 * and a freeze time-out explain each other), the finding seen first is the cause; edges are taken in that order and
 * one that would close a cycle is left out.
 */
export function causalEdges(findings: readonly Finding[], links: readonly CausalLink[] = CAUSAL_LINKS): Edge[] {
  const candidates: Edge[] = [];
  for (const cause of findings) {
    if (NEVER_ROOT_CATEGORIES.includes(cause.category)) continue;
    for (const effect of findings) {
      if (effect === cause || NEVER_ROOT_CATEGORIES.includes(effect.category)) continue;
      const edge = linkBetween(cause, effect, links);
      if (edge) candidates.push(edge);
    }
  }
  const start = (f: Finding): number => span(f)?.[0] ?? Infinity;
  candidates.sort(
    (a, b) =>
      Number(b.shared) - Number(a.shared) ||
      Number(b.timed) - Number(a.timed) ||
      Number(start(a.effect) < start(a.cause)) - Number(start(b.effect) < start(b.cause)) ||
      links.indexOf(a.link) - links.indexOf(b.link),
  );
  const out = new Map<Finding, Finding[]>();
  const reaches = (from: Finding, to: Finding): boolean => {
    const stack = [from];
    const seen = new Set<Finding>();
    while (stack.length > 0) {
      const f = stack.pop()!;
      if (f === to) return true;
      if (seen.has(f)) continue;
      seen.add(f);
      stack.push(...(out.get(f) ?? []));
    }
    return false;
  };
  const edges: Edge[] = [];
  for (const edge of candidates) {
    if (reaches(edge.effect, edge.cause)) continue;
    edges.push(edge);
    const list = out.get(edge.cause);
    if (list) list.push(edge.effect);
    else out.set(edge.cause, [edge.effect]);
  }
  return edges;
}
