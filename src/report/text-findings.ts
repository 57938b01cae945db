// The findings in the terminal report: the overview (a table from 90 columns, a compact list below) and each
// finding with its evidence and fix, every line within the terminal's width.
import Table from 'cli-table3';
import type pc from 'picocolors';
import type { Finding, Severity } from '../model.js';
import type { FoldedFinding } from './folding.js';
import { evidencePlace, matchedDetails, pickEvidence, shortenLine, type EvidenceLimit } from './evidence-excerpt.js';
import { displayWidth, wrapSpans, wrapText, type Span } from './terminal-layout.js';
import { terminalLine, terminalText } from './output-escape.js';

export type Colors = ReturnType<typeof pc.createColors>;

/** Below this width the findings are a list: a six-column table leaves too little room for the titles. */
export const TABLE_FROM_COLUMNS = 90;
/** Narrowest Finding column a table is drawn with; narrower, the list reads better. */
const MIN_TITLE_COLUMNS = 24;
/** Lines of a multi-line entry (a traceback) shown per evidence. */
const EVIDENCE_LINES = 8;
/** Rows one evidence line may take once wrapped; a longer line is shortened around what the detector matched. */
const ROWS_PER_EVIDENCE_LINE = 6;

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'CRITICAL', error: 'ERROR', warning: 'WARNING', info: 'INFO' };

export function severityPaint(c: Colors, s: Severity): (text: string) => string {
  switch (s) {
    case 'critical':
      return (t) => c.bold(c.magenta(t));
    case 'error':
      return (t) => c.bold(c.red(t));
    case 'warning':
      return c.yellow;
    default:
      return c.cyan;
  }
}

export function severitySpan(c: Colors, s: Severity): Span {
  return { text: SEVERITY_LABEL[s], paint: severityPaint(c, s) };
}

export function shortTime(iso: string | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
}

/** The title as the overview shows it: consequences indented under their cause with `↳`. */
function foldedTitle(item: FoldedFinding): { title: string; hanging: string } {
  const title = terminalLine(item.finding.title);
  if (item.depth === 0) return { title, hanging: '' };
  const pad = '  '.repeat(item.depth - 1);
  return { title: `${pad}↳ ${title}`, hanging: `${pad}  ` };
}

/** The findings at a glance: a table when the terminal is wide enough for one, else a list. */
export function renderOverview(c: Colors, folded: readonly FoldedFinding[], width: number): string[] {
  return (width >= TABLE_FROM_COLUMNS ? table(c, folded, width) : undefined) ?? list(c, folded, width);
}

/** Columns sized to their content; the Finding column takes what is left and wraps at word boundaries. */
function table(c: Colors, folded: readonly FoldedFinding[], width: number): string[] | undefined {
  const head = ['#', 'Severity', 'Category', 'Finding', 'Count', 'Last seen'];
  const rows = folded.map((item) => {
    const f = item.finding;
    return [String(item.number), SEVERITY_LABEL[f.severity], f.category, foldedTitle(item).title, String(f.count), shortTime(f.lastSeen ?? f.firstSeen)];
  });
  const natural = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  // Each column has a space either side, and the table one more border than columns.
  const others = natural.reduce((sum, w, i) => (i === 3 ? sum : sum + w + 2), 0) + head.length + 1;
  const titleColumns = Math.min(natural[3]!, width - others - 2);
  if (titleColumns < MIN_TITLE_COLUMNS) return undefined;
  const widths = natural.map((w, i) => (i === 3 ? titleColumns : w) + 2);
  const t = new Table({ head: head.map((h) => c.bold(h)), colWidths: widths, style: { head: [], border: [] }, wordWrap: false });
  folded.forEach((item, i) => {
    const row = rows[i]!;
    const title = wrapText(foldedTitle(item).title, titleColumns, { hanging: foldedTitle(item).hanging }).join('\n');
    t.push([row[0]!, severityPaint(c, item.finding.severity)(row[1]!), row[2]!, title, row[4]!, row[5]!]);
  });
  return t.toString().split('\n');
}

/** One entry per finding: number, severity and title, then category, count and last time on a dim line. */
function list(c: Colors, folded: readonly FoldedFinding[], width: number): string[] {
  const numberColumns = Math.max(...folded.map((x) => `#${x.number}`.length));
  const hanging = ' '.repeat(2 + numberColumns + 1 + 8 + 1);
  const out = [c.bold('Findings')];
  for (const item of folded) {
    const f = item.finding;
    const { title, hanging: titleHanging } = foldedTitle(item);
    const number = `#${item.number}`.padEnd(numberColumns);
    const label = SEVERITY_LABEL[f.severity];
    out.push(
      ...wrapSpans([{ text: number, paint: c.bold }, { text: ' ' }, { text: label, paint: severityPaint(c, f.severity) }, { text: ' '.repeat(9 - label.length) }, { text: title }], width, {
        indent: '  ',
        hanging: hanging + titleHanging,
      }),
      ...wrapText(`${f.category} · ${f.count}× · last ${shortTime(f.lastSeen ?? f.firstSeen)}`, width, { indent: hanging + titleHanging }, c.dim),
    );
  }
  return out;
}

/** One finding: title, place in the causal chain, summary, the evidence shown, what was left out, and the fix. */
export function renderFinding(c: Colors, item: FoldedFinding, width: number, limit: EvidenceLimit): string[] {
  const { finding: f, number: n, causes } = item;
  const body = { indent: '   ' };
  const lines = wrapSpans([{ text: `${n}. ${terminalLine(f.title)}`, paint: c.bold }, { text: '  ' }, severitySpan(c, f.severity), { text: '  ' }, { text: f.id, paint: c.dim }], width, { hanging: '   ' });
  if (causes.length > 0) {
    lines.push(...wrapSpans([{ text: 'Caused by:', paint: c.yellow }, { text: ` ${causes.map((x) => `#${x.number} ${terminalLine(x.title)}`).join('; ')}` }], width, { ...body, hanging: '     ' }));
  } else if (item.rootCause) lines.push(...wrapText('Root cause', width, body, c.magenta));
  lines.push(...wrapText(f.summary, width, body));
  lines.push(...renderEvidence(c, f, width, limit));
  lines.push(...wrapText('Fix:', width, body, c.bold));
  for (const step of f.remediation) lines.push(...wrapText(`- ${step}`, width, { indent: '   ', hanging: '     ' }));
  if (f.docs) lines.push(...wrapText(f.docs, width, body, c.dim));
  return lines;
}

function renderEvidence(c: Colors, f: Finding, width: number, limit: EvidenceLimit): string[] {
  const lines: string[] = [];
  const gutter = `     ${c.dim('│')} `;
  const budget = ROWS_PER_EVIDENCE_LINE * Math.max(20, width - displayWidth(gutter) - 2);
  const details = matchedDetails(f);
  const shown = pickEvidence(f.evidence, limit);
  for (const e of shown) {
    lines.push(...wrapText(terminalLine(evidencePlace(e)), width, { indent: '   ', hanging: '     ' }, c.cyan));
    const textLines = e.text.split('\n');
    for (const t of textLines.slice(0, EVIDENCE_LINES)) {
      // Escaped before it is shortened: an escape takes columns, and the budget counts them.
      lines.push(...wrapText(shortenLine(terminalText(t), budget, details), width, { indent: gutter, hanging: `${gutter}  ` }));
    }
    if (textLines.length > EVIDENCE_LINES) lines.push(...wrapText(`… ${textLines.length - EVIDENCE_LINES} more lines (see --format json)`, width, { indent: gutter }, c.dim));
  }
  const left = f.evidence.length - shown.length;
  if (left > 0) lines.push(...wrapText(`… ${left} more (use --evidence all)`, width, { indent: '   ' }, c.dim));
  return lines;
}
