// The ticket report: summary, then each finding with severity, cause, telling evidence and the fix.
import type { Report } from '../model.js';
import { DEFAULT_EVIDENCE, evidencePlace, matchedDetails, pickEvidence, shortenLine, type EvidenceLimit } from './evidence-excerpt.js';
import { clockNotes, explainedBy, foldFindings } from './folding.js';
import type { FoldedFinding } from './folding.js';

export interface MarkdownOptions {
  /** Evidence excerpts per finding (default 3), or `all`; the report says how many it left out. */
  evidence?: EvidenceLimit;
}

/** A ticket has no width, but a 5 KB line still buries what matters: longer lines keep the part around the match. */
const MAX_EVIDENCE_LINE = 1000;
/** Lines of a multi-line entry (a traceback) quoted per evidence. */
const EVIDENCE_LINES = 12;

const FENCE = '```';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const limit = options.evidence ?? DEFAULT_EVIDENCE;
  const { bundle, system, timeline } = report;
  const out: string[] = [`# logscan report: ${bundle.name}`, ''];
  const folded = foldFindings(report);
  out.push(...renderVerdict(report, folded));
  out.push(
    `- **Bundle:** ${bundle.name} (${bundle.kind}, ${count(bundle.files, 'file')}, ${count(report.sources.length, 'source')} read)`,
    `- **OS:** ${system.osName && !system.osName.toLowerCase().includes(system.os) ? `${system.osName} (${system.os})` : (system.osName ?? system.os)}`,
    `- **Guest agent:** ${system.agentVersion ?? 'unknown'}${system.daemonVersion ? ` (daemon ${system.daemonVersion})` : ''}`,
  );
  if (system.extensions.length > 0) {
    out.push(`- **Extensions:** ${system.extensions.map((e) => `${e.name}${e.version ? ` ${e.version}` : ''}${e.status ? ` (${e.status})` : ''}`).join(', ')}`);
  }
  out.push(`- **Logs cover:** ${timeline.from ?? '?'} → ${timeline.to ?? '?'} (${count(timeline.events, 'event')}, UTC)`);
  if (report.problems.length > 0) out.push(`- **Problems reading the bundle:** ${report.problems.length} (listed at the end)`);
  out.push('');

  if (report.findings.length === 0) {
    out.push('No findings: nothing in the bundle points at a known cause.', '');
  } else {
    out.push('## Findings', '', '| # | Severity | Category | Finding | Caused by | Count |', '| --- | --- | --- | --- | --- | --- |');
    for (const { finding: f, number, depth, causes } of folded) {
      const title = `${'&nbsp;&nbsp;'.repeat(depth)}${depth > 0 ? '↳ ' : ''}${cell(f.title)}`;
      out.push(`| ${number} | ${f.severity} | ${f.category} | ${title} | ${causes.map((x) => `#${x.number}`).join(', ')} | ${f.count} |`);
    }
    out.push('');
    for (const item of folded) out.push(...renderFinding(item, limit));
  }

  if (report.problems.length > 0) {
    out.push('## Problems reading the bundle', '');
    for (const p of report.problems) out.push(`- \`${p.path}\`: ${p.message}`);
    out.push('');
  }
  const skipped = report.skipped ?? [];
  if (skipped.length > 0) {
    out.push('## Files not read', '');
    for (const k of skipped) out.push(`- \`${k.path}\`: ${k.reason}`);
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

/** The answer first: the verdict's sentence, the root causes with what each explains, what was checked, how times were read. */
function renderVerdict(report: Report, folded: FoldedFinding[]): string[] {
  const { verdict } = report;
  const out = ['## Verdict', '', `**${verdict.summary}**`, '', `Confidence: ${verdict.confidence}.`];
  const byId = new Map(folded.map((x) => [x.finding.id, x]));
  if (verdict.rootCauses.length > 0) {
    out.push('', verdict.rootCauses.length === 1 ? 'Root cause:' : 'Root causes, most probable first:', '');
    for (const id of verdict.rootCauses) {
      const root = byId.get(id);
      if (!root) continue;
      const n = explainedBy(report.findings, id).length;
      out.push(`- **#${root.number} ${cell(root.finding.title)}** (\`${root.finding.id}\`, ${root.finding.severity})${n > 0 ? `, explains ${n} other finding${n === 1 ? '' : 's'}` : ''}`);
      // Consequences nest under their cause, as deep as the chain goes.
      const walk = (cause: string, indent: string, seen: Set<string>): void => {
        for (const x of folded) {
          if (x.causes[0]?.id !== cause || seen.has(x.finding.id)) continue;
          seen.add(x.finding.id);
          out.push(`${indent}- #${x.number} ${cell(x.finding.title)} (\`${x.finding.id}\`)`);
          walk(x.finding.id, indent + '  ', seen);
        }
      };
      walk(id, '  ', new Set([id]));
    }
  }
  if (verdict.checked.length > 0) out.push('', `Checked: ${verdict.checked.join(', ')}.`);
  const notes = clockNotes(report.sources);
  // One quote block per note: consecutive `>` lines would run together into one paragraph.
  for (const n of notes) out.push('', `> **Times:** ${n}`);
  out.push('');
  return out;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function renderFinding(item: FoldedFinding, limit: EvidenceLimit): string[] {
  const { finding: f, number: n, causes } = item;
  const out = [`### ${n}. ${f.title}`, '', `**${f.severity.toUpperCase()}** · \`${f.category}\` · \`${f.id}\` · ${f.count}×`, ''];
  if (causes.length > 0) out.push(`Caused by ${causes.map((x) => `#${x.number} ${cell(x.title)}`).join('; ')}.`, '');
  else if (item.rootCause) out.push('**Root cause.**', '');
  out.push(f.summary, '');
  const details = matchedDetails(f);
  const shown = pickEvidence(f.evidence, limit);
  for (const e of shown) {
    const lines = e.text.split('\n');
    const quoted = lines.slice(0, EVIDENCE_LINES).map((l) => shortenLine(l, MAX_EVIDENCE_LINE, details));
    if (lines.length > EVIDENCE_LINES) quoted.push(`… ${lines.length - EVIDENCE_LINES} more lines`);
    out.push(`\`${evidencePlace(e, ', ')}\``, '', FENCE + 'text', quoted.join('\n').replace(/```/g, "'''"), FENCE, '');
  }
  const left = f.evidence.length - shown.length;
  if (left > 0) out.push(`_… ${left} more (use \`--evidence all\`)._`, '');
  out.push('**Fix:**', '');
  for (const step of f.remediation) out.push(`1. ${step}`);
  if (f.docs) out.push('', `More: ${f.docs}`);
  out.push('');
  return out;
}
