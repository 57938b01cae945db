// The terminal report: findings table first, then each finding's evidence and fix, then the VM summary.
import Table from 'cli-table3';
import pc from 'picocolors';
import type { Finding, Report, Severity } from '../model.js';
import { clockNotes, explainedBy, foldFindings } from './folding.js';
import type { FoldedFinding } from './folding.js';

export interface TextOptions {
  color: boolean;
  /** Evidence lines shown per finding (the JSON report has them all). */
  evidence?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

function paintSeverity(c: Colors, s: Severity): string {
  switch (s) {
    case 'critical':
      return c.bold(c.magenta(s.toUpperCase()));
    case 'error':
      return c.bold(c.red('ERROR'));
    case 'warning':
      return c.yellow('WARNING');
    default:
      return c.cyan('INFO');
  }
}

function shortTime(iso: string | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
}

const LAYOUT_NAMES: Record<string, string> = {
  'wala-logs-zip': 'waagent -collect-logs',
  iid: 'Inspect IaaS Disk',
  collectguestlogs: 'CollectGuestLogs',
  'linux-tarball': 'Linux log tarball',
};

export function renderText(report: Report, options: TextOptions): string {
  const c = pc.createColors(options.color);
  const maxEvidence = options.evidence ?? 3;
  const out: string[] = [];
  const { bundle, timeline } = report;
  out.push(
    c.bold(`logscan ${report.tool.version}`) +
      ` · ${bundle.name} (${bundle.kind}${bundle.layout && bundle.layout !== 'unknown' ? `, ${LAYOUT_NAMES[bundle.layout]}` : ''}, ${bundle.files} file${bundle.files === 1 ? '' : 's'}) · ` +
      `${report.sources.length} source${report.sources.length === 1 ? '' : 's'} · ${timeline.events} events` +
      (timeline.from ? ` · ${shortTime(timeline.from)} → ${shortTime(timeline.to)}` : ''),
  );
  const folded = foldFindings(report);
  out.push(...renderVerdict(c, report, folded), '');
  out.push(...renderSummary(c, report), '');

  if (report.findings.length === 0) {
    out.push(c.green('No findings: nothing in the bundle points at a known cause.'));
  } else {
    const table = new Table({
      head: ['#', 'Severity', 'Category', 'Finding', 'Count', 'Last seen'].map((h) => c.bold(h)),
      style: { head: [], border: [] },
      wordWrap: true,
      colWidths: [4, 10, 19, 50, 7, 22],
    });
    // Consequences sit under their cause, indented: the table reads as the causal chain.
    for (const { finding: f, number, depth } of folded) {
      const title = depth > 0 ? `${'  '.repeat(depth - 1)}↳ ${f.title}` : f.title;
      table.push([String(number), paintSeverity(c, f.severity), f.category, title, String(f.count), shortTime(f.lastSeen ?? f.firstSeen)]);
    }
    out.push(table.toString());
    out.push('');
    for (const item of folded) out.push(...renderFinding(c, item, maxEvidence), '');
  }

  out.push(...renderSources(c, report));
  return out.join('\n') + '\n';
}

const CONFIDENCE: Record<string, string> = { high: 'high confidence', medium: 'medium confidence', low: 'low confidence' };

/** The answer first: the verdict's sentence, its root causes with what each explains, what was checked, how times were read. */
function renderVerdict(c: Colors, report: Report, folded: FoldedFinding[]): string[] {
  const { verdict } = report;
  const lines = [`${c.bold('Verdict')} ${c.dim(`(${CONFIDENCE[verdict.confidence] ?? verdict.confidence})`)}`, `  ${c.bold(verdict.summary)}`];
  const byId = new Map(folded.map((x) => [x.finding.id, x]));
  verdict.rootCauses.forEach((id, i) => {
    const root = byId.get(id);
    if (!root) return;
    const explained = explainedBy(report.findings, id).map((f) => `#${byId.get(f.id)!.number}`);
    const label = i === 0 ? 'Root cause' : 'Also';
    lines.push(`  ${label}: #${root.number} ${root.finding.title} ${paintSeverity(c, root.finding.severity)}${explained.length > 0 ? c.dim(` — explains ${explained.join(', ')}`) : ''}`);
  });
  if (verdict.checked.length > 0) lines.push(c.dim(`  Checked: ${verdict.checked.join(', ')}`));
  for (const note of clockNotes(report.sources)) lines.push(c.yellow(`  Times: ${note}`));
  return lines;
}

function renderFinding(c: Colors, item: FoldedFinding, maxEvidence: number): string[] {
  const { finding: f, number: n, causes } = item;
  const lines = [`${c.bold(`${n}. ${f.title}`)}  ${paintSeverity(c, f.severity)}  ${c.dim(f.id)}`];
  if (causes.length > 0) lines.push(`   ${c.yellow('Caused by:')} ${causes.map((x) => `#${x.number} ${x.title}`).join('; ')}`);
  else if (item.rootCause) lines.push(`   ${c.magenta('Root cause')}`);
  lines.push(`   ${f.summary}`);
  for (const e of f.evidence.slice(0, maxEvidence)) {
    const where = e.record !== undefined ? `${e.path} record ${e.record}` : e.line !== undefined ? `${e.path}:${e.line}` : e.path;
    lines.push(`   ${c.cyan(where)}`);
    for (const t of e.text.split('\n').slice(0, 6)) lines.push(`     ${c.dim('│')} ${t.length > 200 ? t.slice(0, 200) + '…' : t}`);
  }
  if (f.evidence.length > maxEvidence) lines.push(c.dim(`   … ${f.evidence.length - maxEvidence} more evidence (see --format json)`));
  lines.push(`   ${c.bold('Fix:')}`);
  for (const step of f.remediation) lines.push(`   - ${step}`);
  if (f.docs) lines.push(`   ${c.dim(f.docs)}`);
  return lines;
}

/** A few lines about the VM before the findings: what it runs and what the bundle covers. */
function renderSummary(c: Colors, report: Report): string[] {
  const { system, timeline } = report;
  const lines = [c.bold('VM')];
  lines.push(`  OS: ${system.osName ? `${system.osName} (${system.os})` : system.os}`);
  lines.push(`  Guest agent: ${system.agentVersion ?? 'unknown'}${system.daemonVersion ? ` (daemon ${system.daemonVersion})` : ''}`);
  if (system.extensions.length > 0) {
    lines.push('  Extensions:');
    for (const e of system.extensions) {
      const state = [e.state, e.status].filter(Boolean).join(', ');
      lines.push(`    - ${e.name}${e.version ? ` ${e.version}` : ''}${state ? ` (${state})` : ''}`);
    }
  }
  lines.push(`  Logs cover: ${timeline.from ? `${shortTime(timeline.from)} → ${shortTime(timeline.to)}` : 'no timed events'}`);
  lines.push(
    `  Read: ${report.sources.length} source${report.sources.length === 1 ? '' : 's'} of ${report.bundle.files} file${report.bundle.files === 1 ? '' : 's'}` +
      (report.problems.length > 0 ? c.yellow(`; ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} (listed at the end)`) : ''),
  );
  return lines;
}

/** The sources read and the problems met, after the findings. */
function renderSources(c: Colors, report: Report): string[] {
  const lines = [c.bold(`Sources read (${report.sources.length})`)];
  for (const s of report.sources.slice(0, 30)) {
    lines.push(`  - ${s.path} (${s.parser}, ${s.events} events${s.from ? `, ${shortTime(s.from)} → ${shortTime(s.to)}` : ''})`);
  }
  if (report.sources.length > 30) lines.push(`  … ${report.sources.length - 30} more`);
  if (report.problems.length > 0) {
    lines.push(c.yellow(c.bold(`Problems (${report.problems.length})`)));
    for (const p of report.problems.slice(0, 20)) lines.push(`  - ${p.path}: ${p.message}`);
    if (report.problems.length > 20) lines.push(`  … ${report.problems.length - 20} more (see --format json)`);
  }
  const skipped = report.skipped ?? [];
  if (skipped.length > 0) {
    lines.push(c.dim(`Not read (${skipped.length})`));
    for (const k of skipped.slice(0, 10)) lines.push(c.dim(`  - ${k.path}: ${k.reason}`));
    if (skipped.length > 10) lines.push(c.dim(`  … ${skipped.length - 10} more (see --format json)`));
  }
  if (report.redactions) {
    const what = Object.entries(report.redactions).map(([k, n]) => `${k} ×${n}`).join(', ');
    lines.push(c.dim(`Redacted from this report: ${what}`));
  }
  return lines;
}
