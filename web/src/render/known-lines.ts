// What a page without the bundle knows of a file: the lines the report quotes (every finding's evidence) and the
// notable events of an HTML report, one per line or record, in file order.
import type { Report } from '../../../src/model.js';
import type { NotableGroup } from '../../../src/report/notable.js';

export interface KnownLine {
  line?: number;
  record?: number;
  text: string;
}

export function knownLines(report: Pick<Report, 'findings'>, notable: readonly NotableGroup[], path: string): KnownLine[] {
  const byPlace = new Map<string, KnownLine>();
  const add = (line: number | undefined, record: number | undefined, text: string): void => {
    const known = line !== undefined && line > 0 ? { line } : record !== undefined ? { record } : null;
    if (!known) return;
    const key = 'line' in known ? `l${known.line}` : `r${known.record}`;
    // Evidence comes first and keeps its whole text; a notable event's message may be cut.
    if (!byPlace.has(key)) byPlace.set(key, { ...known, text });
  };
  for (const f of report.findings) for (const e of f.evidence) if (e.path === path) add(e.line, e.record, e.text);
  for (const g of notable) for (const e of g.events) if (e.path === path) add(e.line, e.record, e.message);
  return [...byPlace.values()].sort((a, b) => (a.line ?? a.record ?? 0) - (b.line ?? b.record ?? 0));
}
