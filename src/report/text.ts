// The terminal report: findings table first, then each finding's evidence and fix, then the VM summary.
import Table from 'cli-table3';
import pc from 'picocolors';
import type { Finding, Report, Severity } from '../model.js';

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
    report.findings.forEach((f, i) => {
      table.push([String(i + 1), paintSeverity(c, f.severity), f.category, f.title, String(f.count), shortTime(f.lastSeen ?? f.firstSeen)]);
    });
    out.push(table.toString());
    out.push('');
    report.findings.forEach((f, i) => out.push(...renderFinding(c, f, i + 1, maxEvidence), ''));
  }

  out.push(...renderSources(c, report));
  return out.join('\n') + '\n';
}

function renderFinding(c: Colors, f: Finding, n: number, maxEvidence: number): string[] {
  const lines = [`${c.bold(`${n}. ${f.title}`)}  ${paintSeverity(c, f.severity)}  ${c.dim(f.id)}`, `   ${f.summary}`];
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
  if (report.redactions) {
    const what = Object.entries(report.redactions).map(([k, n]) => `${k} ×${n}`).join(', ');
    lines.push(c.dim(`Redacted from this report: ${what}`));
  }
  return lines;
}
