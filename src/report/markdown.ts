// The ticket report: summary, then each finding with severity, cause, telling evidence and the fix.
import type { Finding, Report } from '../model.js';

const FENCE = '```';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMarkdown(report: Report): string {
  const { bundle, system, timeline } = report;
  const out: string[] = [`# logscan report: ${bundle.name}`, ''];
  out.push(
    `- **Bundle:** ${bundle.name} (${bundle.kind}, ${bundle.files} files, ${report.sources.length} sources read)`,
    `- **OS:** ${system.os}`,
    `- **Guest agent:** ${system.agentVersion ?? 'unknown'}${system.daemonVersion ? ` (daemon ${system.daemonVersion})` : ''}`,
  );
  if (system.extensions.length > 0) {
    out.push(`- **Extensions:** ${system.extensions.map((e) => `${e.name}${e.version ? ` ${e.version}` : ''}${e.status ? ` (${e.status})` : ''}`).join(', ')}`);
  }
  out.push(`- **Logs cover:** ${timeline.from ?? '?'} → ${timeline.to ?? '?'} (${timeline.events} events, UTC)`);
  if (report.problems.length > 0) out.push(`- **Problems reading the bundle:** ${report.problems.length} (listed at the end)`);
  out.push('');

  if (report.findings.length === 0) {
    out.push('No findings: nothing in the bundle points at a known cause.', '');
  } else {
    out.push('## Findings', '', '| # | Severity | Category | Finding | Count |', '| --- | --- | --- | --- | --- |');
    report.findings.forEach((f, i) => out.push(`| ${i + 1} | ${f.severity} | ${f.category} | ${cell(f.title)} | ${f.count} |`));
    out.push('');
    report.findings.forEach((f, i) => out.push(...renderFinding(f, i + 1)));
  }

  if (report.problems.length > 0) {
    out.push('## Problems reading the bundle', '');
    for (const p of report.problems) out.push(`- \`${p.path}\`: ${p.message}`);
    out.push('');
  }
  const redactions = report.redactions ? Object.entries(report.redactions) : [];
  out.push(
    '---',
    redactions.length > 0
      ? `_Secrets were redacted from this report: ${redactions.map(([k, n]) => `${k} (${n})`).join(', ')}._`
      : '_Secrets (SAS signatures, protected settings, passwords, private keys) are redacted from logscan reports; none were found here._',
    '',
  );
  return out.join('\n');
}

function renderFinding(f: Finding, n: number): string[] {
  const out = [`### ${n}. ${f.title}`, '', `**${f.severity.toUpperCase()}** · \`${f.category}\` · \`${f.id}\` · ${f.count}×`, '', f.summary, ''];
  for (const e of f.evidence.slice(0, 3)) {
    const where = e.record !== undefined ? `${e.path}, record ${e.record}` : e.line !== undefined ? `${e.path}:${e.line}` : e.path;
    const text = e.text.split('\n').slice(0, 12).join('\n').replace(/```/g, "'''");
    out.push(`\`${where}\``, '', FENCE + 'text', text, FENCE, '');
  }
  out.push('**Fix:**', '');
  for (const step of f.remediation) out.push(`1. ${step}`);
  if (f.docs) out.push('', `More: ${f.docs}`);
  out.push('');
  return out;
}
