// The ticket report: summary, then each finding with severity, cause, telling evidence and the fix.
import type { Report } from '../model.js';
import { DEFAULT_EVIDENCE, evidencePlace, matchedDetails, pickEvidence, shortenLine, type EvidenceLimit } from './evidence-excerpt.js';
import { clockNotes, explainedBy, foldFindings } from './folding.js';
import type { FoldedFinding } from './folding.js';
import { redactionLines } from './redact.js';
import { markdownCode as code, markdownFence, markdownText as md, markdownWithCode } from './output-escape.js';

export interface MarkdownOptions {
  /** Evidence excerpts per finding (default 3), or `all`; the report says how many it left out. */
  evidence?: EvidenceLimit;
}

/** A ticket has no width, but a 5 KB line still buries what matters: longer lines keep the part around the match. */
const MAX_EVIDENCE_LINE = 1000;
/** Lines of a multi-line entry (a traceback) quoted per evidence. */
const EVIDENCE_LINES = 12;

/**
 * Every value that comes from the bundle (names, paths, messages, summaries, titles, the verdict's sentence) goes
 * through `md` (escaped prose), `code` (a code span) or `markdownFence` (evidence): output-escape.ts.
 */

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const limit = options.evidence ?? DEFAULT_EVIDENCE;
  const { bundle, system, timeline } = report;
  const out: string[] = [`# logscan report: ${md(bundle.name)}`, ''];
  const folded = foldFindings(report);
  out.push(...renderVerdict(report, folded));
  out.push(
    `- **Bundle:** ${md(bundle.name)} (${bundle.kind}, ${count(bundle.files, 'file')}, ${count(report.sources.length, 'source')} read)`,
    `- **OS:** ${md(system.osName && !system.osName.toLowerCase().includes(system.os) ? `${system.osName} (${system.os})` : (system.osName ?? system.os))}`,
    `- **Guest agent:** ${md(system.agentVersion ?? 'unknown')}${system.daemonVersion ? ` (daemon ${md(system.daemonVersion)})` : ''}`,
  );
  if (system.extensions.length > 0) {
    out.push(`- **Extensions:** ${system.extensions.map((e) => md(`${e.name}${e.version ? ` ${e.version}` : ''}${e.status ? ` (${e.status})` : ''}`)).join(', ')}`);
  }
  out.push(`- **Logs cover:** ${timeline.from ?? '?'} → ${timeline.to ?? '?'} (${count(timeline.events, 'event')}, UTC)`);
  if (report.problems.length > 0) out.push(`- **Problems reading the bundle:** ${report.problems.length} (listed at the end)`);
  out.push('');

  if (report.findings.length === 0) {
    out.push('No findings: nothing in the bundle points at a known cause.', '');
  } else {
    out.push('## Findings', '', '| # | Severity | Category | Finding | Caused by | Count |', '| --- | --- | --- | --- | --- | --- |');
    for (const { finding: f, number, depth, causes } of folded) {
      const title = `${'&nbsp;&nbsp;'.repeat(depth)}${depth > 0 ? '↳ ' : ''}${md(f.title)}`;
      out.push(`| ${number} | ${f.severity} | ${f.category} | ${title} | ${causes.map((x) => `#${x.number}`).join(', ')} | ${f.count} |`);
    }
    out.push('');
    for (const item of folded) out.push(...renderFinding(item, limit));
  }

  if (report.problems.length > 0) {
    out.push('## Problems reading the bundle', '');
    for (const p of report.problems) out.push(`- ${code(p.path)}: ${md(p.message)}`);
    out.push('');
  }
  const skipped = report.skipped ?? [];
  if (skipped.length > 0) {
    out.push('## Files not read', '');
    for (const k of skipped) out.push(`- ${code(k.path)}: ${md(k.reason)}`);
    out.push('');
  }
  const redacted = redactionLines(report, 10);
  if (redacted.length > 0) {
    out.push('## Redacted', '', 'Each distinct secret is replaced by one token (`«redacted:sas-1»`), the same wherever it appears.', '', '| Kind | Count | Where |', '| --- | --- | --- |');
    for (const r of redacted) {
      const where = [...r.places.map((p) => `${md(p.path)} (${p.count})`), ...(r.morePlaces > 0 ? [`${r.morePlaces} more`] : [])].join(', ');
      out.push(`| ${r.kind} | ${r.count} | ${where} |`);
    }
    out.push('');
  }
  out.push(
    '---',
    redacted.length > 0
      ? '_Secrets were redacted from this report (listed above)._'
      : '_Secrets (SAS signatures, protected settings, passwords, keys, tokens) are redacted from logscan reports; none were found here._',
    '',
  );
  return out.join('\n');
}

/** The answer first: the verdict's sentence, the root causes with what each explains, what was checked, how times were read. */
function renderVerdict(report: Report, folded: FoldedFinding[]): string[] {
  const { verdict } = report;
  const out = ['## Verdict', '', `**${md(verdict.summary)}**`, '', `Confidence: ${verdict.confidence}.`];
  const byId = new Map(folded.map((x) => [x.finding.id, x]));
  if (verdict.rootCauses.length > 0) {
    out.push('', verdict.rootCauses.length === 1 ? 'Root cause:' : 'Root causes, most probable first:', '');
    for (const id of verdict.rootCauses) {
      const root = byId.get(id);
      if (!root) continue;
      const n = explainedBy(report.findings, id).length;
      out.push(`- **#${root.number} ${md(root.finding.title)}** (${code(root.finding.id)}, ${root.finding.severity})${n > 0 ? `, explains ${n} other finding${n === 1 ? '' : 's'}` : ''}`);
      // Consequences nest under their cause, as deep as the chain goes.
      const walk = (cause: string, indent: string, seen: Set<string>): void => {
        for (const x of folded) {
          if (x.causes[0]?.id !== cause || seen.has(x.finding.id)) continue;
          seen.add(x.finding.id);
          out.push(`${indent}- #${x.number} ${md(x.finding.title)} (${code(x.finding.id)})`);
          walk(x.finding.id, indent + '  ', seen);
        }
      };
      walk(id, '  ', new Set([id]));
    }
  }
  if (verdict.checked.length > 0) out.push('', `Checked: ${verdict.checked.join(', ')}.`);
  const notes = clockNotes(report.sources);
  // One quote block per note: consecutive `>` lines would run together into one paragraph.
  for (const n of notes) out.push('', `> **Times:** ${md(n)}`);
  out.push('');
  return out;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function renderFinding(item: FoldedFinding, limit: EvidenceLimit): string[] {
  const { finding: f, number: n, causes } = item;
  const out = [`### ${n}. ${md(f.title)}`, '', `**${f.severity.toUpperCase()}** · ${code(f.category)} · ${code(f.id)} · ${f.count}×`, ''];
  if (causes.length > 0) out.push(`Caused by ${causes.map((x) => `#${x.number} ${md(x.title)}`).join('; ')}.`, '');
  else if (item.rootCause) out.push('**Root cause.**', '');
  out.push(md(f.summary, { lineStart: true }), '');
  const details = matchedDetails(f);
  const shown = pickEvidence(f.evidence, limit);
  for (const e of shown) {
    const lines = e.text.split('\n');
    const quoted = lines.slice(0, EVIDENCE_LINES).map((l) => shortenLine(l, MAX_EVIDENCE_LINE, details));
    if (lines.length > EVIDENCE_LINES) quoted.push(`… ${lines.length - EVIDENCE_LINES} more lines`);
    out.push(code(evidencePlace(e, ', ')), '', ...markdownFence(quoted), '');
  }
  const left = f.evidence.length - shown.length;
  if (left > 0) out.push(`_… ${left} more (use \`--evidence all\`)._`, '');
  out.push('**Fix:**', '');
  for (const step of f.remediation) out.push(`1. ${markdownWithCode(step)}`);
  if (f.docs) out.push('', `More: ${docsLink(f.docs)}`);
  out.push('');
  return out;
}

/** The finding's documentation page, ours: a link when it is a plain https address, else escaped text. */
function docsLink(url: string): string {
  return /^https:\/\/[\w.-]+(?:\/[\w\-./#?=&%~+]*)?$/.test(url) ? `<${url}>` : md(url);
}
