// What every renderer shows first: the verdict, the findings folded under their causes, and the notes on how times
// were read. One reading of the report for the text, Markdown and HTML renderers and the viewer. Core: no Node imports.
import type { Finding, Report, SourceSummary } from '../model.js';

export interface FoldedFinding {
  finding: Finding;
  /** 1-based, in report order (root causes first, each followed by what it explains). */
  number: number;
  /** 0 for a finding nothing explains; 1 for a direct consequence of one, and so on. */
  depth: number;
  /** The findings of the report that explain this one, with their numbers. */
  causes: { id: string; number: number; title: string }[];
  rootCause: boolean;
}

/** The findings with their place in the causal tree (the report already orders them cause first). */
export function foldFindings(report: Pick<Report, 'findings' | 'verdict'>): FoldedFinding[] {
  const number = new Map(report.findings.map((f, i) => [f.id, i + 1]));
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const roots = new Set(report.verdict?.rootCauses ?? []);
  const depths = new Map<string, number>();
  const depth = (f: Finding, seen: Set<string>): number => {
    const known = depths.get(f.id);
    if (known !== undefined) return known;
    // A consequence folds under its first cause, as the report orders it.
    const first = f.causedBy?.[0];
    const cause = first !== undefined && !seen.has(first) ? byId.get(first) : undefined;
    const d = cause ? depth(cause, new Set([...seen, f.id])) + 1 : 0;
    depths.set(f.id, d);
    return d;
  };
  return report.findings.map((f) => ({
    finding: f,
    number: number.get(f.id)!,
    depth: depth(f, new Set([f.id])),
    causes: (f.causedBy ?? []).flatMap((id) => {
      const c = byId.get(id);
      return c ? [{ id, number: number.get(id)!, title: c.title }] : [];
    }),
    rootCause: roots.has(f.id),
  }));
}

/**
 * Every finding that `id` explains, directly or through others, following every cause (not only the first): what
 * the verdict's sentence counts and every renderer lists under a root cause.
 */
export function explainedBy(findings: readonly Finding[], id: string): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>([id]);
  const queue = [id];
  while (queue.length > 0) {
    const cause = queue.shift()!;
    for (const f of findings) {
      if (seen.has(f.id) || !f.causedBy?.includes(cause)) continue;
      seen.add(f.id);
      out.push(f);
      queue.push(f.id);
    }
  }
  return out;
}

/**
 * Sentences on how the report's times were read, when some were not plain UTC: local times taken as UTC (no
 * `--tz`), converted with `--tz` or with an offset read from the file, and years taken from elsewhere.
 */
export function clockNotes(sources: readonly SourceSummary[]): string[] {
  const notes: string[] = [];
  const paths = (pick: (s: SourceSummary) => boolean): string[] => sources.filter(pick).map((s) => s.path);
  const list = (p: string[]): string => (p.length <= 3 ? p.join(', ') : `${p.slice(0, 3).join(', ')} and ${p.length - 3} more`);
  const assumed = paths((s) => s.clock?.local === 'assumed-utc');
  if (assumed.length > 0) {
    notes.push(`${list(assumed)} ${assumed.length === 1 ? 'writes' : 'write'} local time without a zone; read as UTC because no --tz was given (give --tz ZONE to convert).`);
  }
  const tz = paths((s) => s.clock?.local === 'tz');
  if (tz.length > 0) notes.push(`${list(tz)}: local times converted with --tz.`);
  const inferred = paths((s) => s.clock?.local === 'inferred-offset');
  if (inferred.length > 0) notes.push(`${list(inferred)}: local times converted with the offset the file’s own UTC stamps show.`);
  const years: Record<string, string> = { mtime: 'the file’s modification time', bundle: 'the bundle’s dated logs', now: 'today’s date (nothing else said)' };
  for (const from of ['bundle', 'mtime', 'now'] as const) {
    const p = paths((s) => s.clock?.year === from);
    if (p.length > 0) notes.push(`${list(p)}: lines carry no year; taken from ${years[from]}.`);
  }
  return notes;
}
