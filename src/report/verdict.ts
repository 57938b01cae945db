// The answer first (../shared/docs/report-contract.md, "Verdict and causes"): which findings explain the failure,
// which are their consequences (`causedBy`), how sure that is, and one sentence to paste into a ticket.
// Core: no Node imports.
import type { Category, Confidence, Finding, Report, Severity, SourceSummary, Verdict } from '../model.js';
import { CATEGORIES, SEVERITY_RANK } from '../model.js';
import { checkedCategories } from '../detectors/coverage.js';
import { matchesPattern, MINOR_WARNINGS, NEVER_ROOT_CATEGORIES } from '../detectors/causes.js';
import type { CausalLink } from '../detectors/causes.js';
import { causalEdges, isSymptom, mergeSameEvidence } from './causal-graph.js';
import type { Edge } from './causal-graph.js';
import { becausePhrase } from './verdict-phrases.js';
import { explainedBy } from './folding.js';
import { byCodeUnit } from '../text/order.js';

const WEIGHT: Record<Severity, number> = { critical: 4, error: 3, warning: 1, info: 0 };

function grave(s: Severity): boolean {
  return SEVERITY_RANK[s] >= SEVERITY_RANK.error;
}

export interface Decided {
  /** The findings, one per problem, root causes first with their consequences after each, then the rest. */
  findings: Finding[];
  verdict: Verdict;
}

/** Decides the verdict for a report's findings; `causedBy` is set on the consequences it finds. */
export function decideVerdict(
  input: readonly Finding[],
  sources: readonly SourceSummary[],
  system: Pick<Report['system'], 'extensions'>,
  links?: readonly CausalLink[],
): Decided {
  const findings = mergeSameEvidence(input);
  for (const f of findings) delete f.causedBy;
  const edges = directEdges(causalEdges(findings, links));
  for (const e of edges) (e.effect.causedBy ??= []).push(e.cause.id);
  const explained = (f: Finding): Finding[] => explainedBy(findings, f.id);
  const backup = backupContext(findings, system);
  // In a backup bundle, a failure of another extension (CustomScript) is reported, but after the backup's causes.
  const offTopic = (f: Finding): boolean => backup && !aboutBackup(f);
  // With nothing graver in the bundle, a warning that is more than a glitch is the answer (with low confidence).
  const anyGrave = findings.some((f) => grave(f.severity) && !NEVER_ROOT_CATEGORIES.includes(f.category));
  // A cause whose own lines are quoted by what it explains ("failed with exception: No space left") weighs double.
  const sharedWith = new Map<Finding, number>();
  for (const e of edges) if (e.shared) sharedWith.set(e.cause, (sharedWith.get(e.cause) ?? 0) + WEIGHT[e.effect.severity]);
  const roots = findings
    .filter((f) => !f.causedBy && !NEVER_ROOT_CATEGORIES.includes(f.category))
    .filter((f) => grave(f.severity) || explained(f).some((d) => grave(d.severity)) || (!anyGrave && f.severity === 'warning' && (!isMinor(f) || explained(f).length > 0)))
    .map((f) => ({ f, weight: WEIGHT[f.severity] + explained(f).reduce((n, d) => n + WEIGHT[d.severity], 0) + (sharedWith.get(f) ?? 0) }))
    .sort(
      (a, b) =>
        Number(offTopic(a.f)) - Number(offTopic(b.f)) ||
        Number(isSymptom(a.f)) - Number(isSymptom(b.f)) ||
        b.weight - a.weight ||
        SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] ||
        byCodeUnit(a.f.firstSeen ?? '\uffff', b.f.firstSeen ?? '\uffff') ||
        byCodeUnit(a.f.id, b.f.id),
    )
    .map((r) => r.f);

  // A consequence's fix starts with its first cause's (the one it folds under: the strongest link).
  const byId = new Map(findings.map((f) => [f.id, f]));
  for (const f of findings) {
    const cause = f.causedBy ? byId.get(f.causedBy[0]!) : undefined;
    if (cause) f.remediation = [`First fix what causes this: ${cause.title} (${cause.id}).`, ...f.remediation.filter((s) => !s.startsWith('First fix what causes this: '))];
  }

  const checked = checkedCategories(
    sources.map((s) => s.parser),
    CATEGORIES,
  );
  const verdict: Verdict = {
    summary: summarize(roots, explained, findings, checked, sources, backup, offTopic),
    rootCauses: roots.map((f) => f.id),
    confidence: confidence(roots.filter((r) => !offTopic(r)), explained, edges, findings.filter((f) => !offTopic(f)), checked),
    checked,
  };
  return { findings: ordered(findings, roots), verdict };
}

function isMinor(f: Finding): boolean {
  return MINOR_WARNINGS.some((p) => matchesPattern(p, f.id));
}

/** Keeps only the nearest cause of each consequence: A→C goes when A→B→C exists, so the chain folds in order. */
function directEdges(edges: Edge[]): Edge[] {
  const next = new Map<Finding, Finding[]>();
  for (const e of edges) {
    const list = next.get(e.cause);
    if (list) list.push(e.effect);
    else next.set(e.cause, [e.effect]);
  }
  return edges.filter((e) => !(next.get(e.cause) ?? []).some((mid) => mid !== e.effect && descendants(mid, next).includes(e.effect)));
}

function descendants(f: Finding, children: Map<Finding, Finding[]>): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<Finding>([f]);
  const stack = [...(children.get(f) ?? [])];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (seen.has(d)) continue;
    seen.add(d);
    out.push(d);
    stack.push(...(children.get(d) ?? []));
  }
  return out;
}

/**
 * Root causes in verdict order, each followed by its consequences (depth first); then every other finding as before.
 * A consequence sits under its first cause (`causedBy[0]`), as every renderer folds it.
 */
function ordered(findings: Finding[], roots: Finding[]): Finding[] {
  const byId = new Map(findings.map((f) => [f.id, f]));
  const under = new Map<Finding, Finding[]>();
  for (const f of findings) {
    const parent = f.causedBy?.[0] !== undefined ? byId.get(f.causedBy[0]) : undefined;
    if (!parent) continue;
    const list = under.get(parent);
    if (list) list.push(f);
    else under.set(parent, [f]);
  }
  const out: Finding[] = [];
  const placed = new Set<Finding>();
  const place = (f: Finding): void => {
    if (placed.has(f)) return;
    placed.add(f);
    out.push(f);
    for (const c of under.get(f) ?? []) place(c);
  };
  for (const r of roots) place(r);
  // A consequence whose cause is not a root (a warning chain) still comes after its cause.
  for (const f of findings) if (!f.causedBy) place(f);
  for (const f of findings) place(f);
  return out;
}

function confidence(roots: Finding[], explained: (f: Finding) => Finding[], edges: Edge[], findings: Finding[], checked: Category[]): Confidence {
  const top = roots[0];
  if (!top) {
    // "Nothing found" is less sure when part of the bundle could not be read or is missing.
    const incomplete = findings.some((f) => f.category === 'bundle' && f.severity !== 'info');
    if (findings.some((f) => grave(f.severity)) || incomplete) return checked.length > 0 ? 'medium' : 'low';
    return checked.length >= 3 ? 'high' : checked.length > 0 ? 'medium' : 'low';
  }
  if (isSymptom(top) || !grave(top.severity) && !explained(top).some((d) => grave(d.severity))) return 'low';
  const rivals = roots.slice(1).filter((r) => !isSymptom(r) && grave(r.severity));
  const consequences = explained(top);
  const untimed = edges.some((e) => e.cause === top && !e.timed);
  const graveOthers = findings.filter((f) => f !== top && grave(f.severity) && !consequences.includes(f));
  // A warning that explains an error (a DVD that cannot be mounted, then provisioning fails) is as sure an answer.
  const weighty = grave(top.severity) || consequences.some((d) => grave(d.severity));
  if (rivals.length === 0 && weighty && !untimed && (consequences.length > 0 || graveOthers.length === 0)) return 'high';
  if (rivals.length > 1) return 'low';
  return 'medium';
}

const BACKUP_CATEGORIES: readonly Category[] = ['snapshot-timeout', 'snapshot-failure', 'fsfreeze', 'vss'];
const BACKUP_EXTENSION = /RecoveryServices\.VMSnapshot/i;

/** A finding about the backup: a snapshot category, the backup extension, or the VM as a whole (no extension named). */
function aboutBackup(f: Finding): boolean {
  return BACKUP_CATEGORIES.includes(f.category) || !f.extensions || f.extensions.some((e) => BACKUP_EXTENSION.test(e));
}

/** Whether the bundle is about a backup (the backup extension or a snapshot failure shows), else about the agent. */
function backupContext(findings: Finding[], system: Pick<Report['system'], 'extensions'>): boolean {
  return (
    findings.some((f) => BACKUP_CATEGORIES.includes(f.category) || f.extensions?.some((e) => BACKUP_EXTENSION.test(e))) ||
    system.extensions.some((e) => BACKUP_EXTENSION.test(e.name))
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summarize(
  roots: Finding[],
  explained: (f: Finding) => Finding[],
  findings: Finding[],
  checked: Category[],
  sources: readonly SourceSummary[],
  backup: boolean,
  offTopic: (f: Finding) => boolean,
): string {
  const subject = backup ? 'The backup fails' : 'The guest agent or its extensions fail';
  const top = roots[0];
  if (!top) {
    const warnings = findings.filter((f) => f.severity === 'warning' && !NEVER_ROOT_CATEGORIES.includes(f.category)).length;
    const what = checked.length > 0 ? `${checked.join(', ')} checked in ${plural(sources.length, 'source')}` : `${plural(sources.length, 'source')} read, none that shows a known cause`;
    return `No failure found: ${what}, nothing at error level${warnings > 0 ? `; ${plural(warnings, 'warning')} worth a look` : ''}.`;
  }
  const elsewhere = roots.find((r) => r !== top && offTopic(r));
  const also = elsewhere ? ` Separately, ${becausePhrase(elsewhere)}.` : '';
  if (offTopic(top)) {
    // Nothing explains the backup's failure, but another extension fails.
    return `No backup failure found; ${becausePhrase(top)}${explained(top).length > 0 ? `, which also explains ${plural(explained(top).length, 'other finding')}` : ''}.`;
  }
  if (!grave(top.severity) && !explained(top).some((d) => grave(d.severity))) {
    return `No failure at error level; the likeliest problem: ${becausePhrase(top)} (a warning).${also}`;
  }
  if (isSymptom(top)) {
    return `${subject}: ${becausePhrase(top)}, and nothing in the bundle explains it.${also}`;
  }
  const consequences = explained(top).length;
  let text = `${subject} because ${becausePhrase(top)}`;
  if (consequences > 0) text += `; this also explains ${plural(consequences, 'other finding')}`;
  const second = roots.slice(1).find((r) => !isSymptom(r) && grave(r.severity) && !offTopic(r));
  if (second) {
    // Independent only when the two explain different findings; otherwise both feed the same failure.
    const ours = new Set(explained(top));
    const shared = explained(second).some((f) => ours.has(f));
    text += `. ${shared ? 'It also has a second cause' : 'A second, independent cause'}: ${becausePhrase(second)}`;
  }
  return `${text}.${also}`;
}
