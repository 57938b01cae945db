// The terminal report: the verdict, the VM summary, the findings overview (consequences under their cause), each
// finding with its evidence and fix, then the sources read. Every line fits the width it is given.
import pc from 'picocolors';
import type { Report } from '../model.js';
import { DEFAULT_EVIDENCE, type EvidenceLimit } from './evidence-excerpt.js';
import { clockNotes, explainedBy, foldFindings } from './folding.js';
import type { FoldedFinding } from './folding.js';
import { renderFinding, renderOverview, severitySpan, shortTime, type Colors } from './text-findings.js';
import { wrapSpans, wrapText } from './terminal-layout.js';
import { terminalLine as one } from './output-escape.js';
import { redactionLines } from './redact.js';
import { DEFAULT_WIDTH, MIN_WIDTH } from './text-width.js';

export interface TextOptions {
  color: boolean;
  /** Columns of the terminal (default 80); no line of the report is wider. */
  width?: number;
  /** Evidence shown per finding (default 3), or `all`; the report says how many it left out. */
  evidence?: EvidenceLimit;
}

export { DEFAULT_WIDTH, MIN_WIDTH } from './text-width.js';

const LAYOUT_NAMES: Record<string, string> = {
  'wala-logs-zip': 'waagent -collect-logs',
  iid: 'Inspect IaaS Disk',
  collectguestlogs: 'CollectGuestLogs',
  'linux-tarball': 'Linux log tarball',
};

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function renderText(report: Report, options: TextOptions): string {
  const c = pc.createColors(options.color);
  const width = Math.max(MIN_WIDTH, Math.floor(options.width ?? DEFAULT_WIDTH));
  const limit = options.evidence ?? DEFAULT_EVIDENCE;
  const out: string[] = [];
  const { bundle, timeline } = report;
  const layout = bundle.layout && bundle.layout !== 'unknown' ? `, ${LAYOUT_NAMES[bundle.layout] ?? bundle.layout}` : '';
  out.push(
    ...wrapSpans(
      [
        { text: `logscan ${report.tool.version}`, paint: c.bold },
        {
          text:
            ` · ${one(bundle.name)} (${bundle.kind}${layout}, ${plural(bundle.files, 'file')}) · ${plural(report.sources.length, 'source')} · ${plural(timeline.events, 'event')}` +
            (timeline.from ? ` · ${shortTime(timeline.from)} → ${shortTime(timeline.to)}` : ''),
        },
      ],
      width,
      { hanging: '  ' },
    ),
  );
  const folded = foldFindings(report);
  out.push(...renderVerdict(c, report, folded, width), '');
  out.push(...renderSummary(c, report, width), '');

  if (report.findings.length === 0) {
    out.push(...wrapText('No findings: nothing in the bundle points at a known cause.', width, {}, c.green));
  } else {
    out.push(...renderOverview(c, folded, width), '');
    for (const item of folded) out.push(...renderFinding(c, item, width, limit), '');
  }

  out.push(...renderSources(c, report, width));
  return out.join('\n') + '\n';
}

const CONFIDENCE: Record<string, string> = { high: 'high confidence', medium: 'medium confidence', low: 'low confidence' };

/** The answer first: the verdict's sentence, its root causes with what each explains, what was checked, how times were read. */
function renderVerdict(c: Colors, report: Report, folded: FoldedFinding[], width: number): string[] {
  const { verdict } = report;
  const lines = [
    ...wrapSpans([{ text: 'Verdict', paint: c.bold }, { text: ` (${CONFIDENCE[verdict.confidence] ?? verdict.confidence})`, paint: c.dim }], width),
    ...wrapText(verdict.summary, width, { indent: '  ' }, c.bold),
  ];
  const byId = new Map(folded.map((x) => [x.finding.id, x]));
  verdict.rootCauses.forEach((id, i) => {
    const root = byId.get(id);
    if (!root) return;
    const explained = explainedBy(report.findings, id).map((f) => `#${byId.get(f.id)!.number}`);
    const label = i === 0 ? 'Root cause' : 'Also';
    lines.push(
      ...wrapSpans(
        [
          { text: `${label}: #${root.number} ${one(root.finding.title)} ` },
          severitySpan(c, root.finding.severity),
          ...(explained.length > 0 ? [{ text: ` — explains ${explained.join(', ')}`, paint: c.dim }] : []),
        ],
        width,
        { indent: '  ', hanging: '    ' },
      ),
    );
  });
  if (verdict.checked.length > 0) lines.push(...wrapText(`Checked: ${verdict.checked.join(', ')}`, width, { indent: '  ', hanging: '    ' }, c.dim));
  for (const note of clockNotes(report.sources)) lines.push(...wrapText(`Times: ${note}`, width, { indent: '  ', hanging: '    ' }, c.yellow));
  return lines;
}

/** The OS as the bundle names it, with the platform only when the name does not already say it. */
function osLine(system: Report['system']): string {
  if (!system.osName) return system.os;
  return system.osName.toLowerCase().includes(system.os) ? system.osName : `${system.osName} (${system.os})`;
}

/** A few lines about the VM before the findings: what it runs and what the bundle covers. */
function renderSummary(c: Colors, report: Report, width: number): string[] {
  const { system, timeline } = report;
  const item = { indent: '  ', hanging: '    ' };
  const lines = [c.bold('VM')];
  lines.push(...wrapText(`OS: ${one(osLine(system))}`, width, item));
  lines.push(...wrapText(`Guest agent: ${one(system.agentVersion ?? 'unknown')}${system.daemonVersion ? ` (daemon ${one(system.daemonVersion)})` : ''}`, width, item));
  if (system.extensions.length > 0) {
    lines.push('  Extensions:');
    for (const e of system.extensions) {
      const state = [e.state, e.status].filter(Boolean).join(', ');
      lines.push(...wrapText(one(`- ${e.name}${e.version ? ` ${e.version}` : ''}${state ? ` (${state})` : ''}`), width, { indent: '    ', hanging: '      ' }));
    }
  }
  lines.push(...wrapText(`Logs cover: ${timeline.from ? `${shortTime(timeline.from)} → ${shortTime(timeline.to)}` : 'no timed events'}`, width, item));
  lines.push(
    ...wrapSpans(
      [
        { text: `Read: ${plural(report.sources.length, 'source')} of ${plural(report.bundle.files, 'file')}` },
        ...(report.problems.length > 0 ? [{ text: `; ${plural(report.problems.length, 'problem')} (listed at the end)`, paint: c.yellow }] : []),
      ],
      width,
      item,
    ),
  );
  return lines;
}

/** The sources read and the problems met, after the findings. */
function renderSources(c: Colors, report: Report, width: number): string[] {
  const item = { indent: '  - ', hanging: '    ' };
  const lines = [c.bold(`Sources read (${report.sources.length})`)];
  for (const s of report.sources.slice(0, 30)) {
    lines.push(...wrapText(`${one(s.path)} (${s.parser}, ${plural(s.events, 'event')}${s.from ? `, ${shortTime(s.from)} → ${shortTime(s.to)}` : ''})`, width, item));
  }
  if (report.sources.length > 30) lines.push(`  … ${report.sources.length - 30} more (see --format json)`);
  if (report.problems.length > 0) {
    lines.push(c.yellow(c.bold(`Problems (${report.problems.length})`)));
    for (const p of report.problems.slice(0, 20)) lines.push(...wrapText(one(`${p.path}: ${p.message}`), width, item));
    if (report.problems.length > 20) lines.push(`  … ${report.problems.length - 20} more (see --format json)`);
  }
  const skipped = report.skipped ?? [];
  if (skipped.length > 0) {
    lines.push(c.dim(`Not read (${skipped.length})`));
    for (const k of skipped.slice(0, 10)) lines.push(...wrapText(one(`${k.path}: ${k.reason}`), width, item, c.dim));
    if (skipped.length > 10) lines.push(c.dim(`  … ${skipped.length - 10} more (see --format json)`));
  }
  const redacted = redactionLines(report);
  if (redacted.length > 0) {
    lines.push(c.dim('Redacted from this report (each secret by one token, «redacted:kind-n»)'));
    for (const r of redacted) {
      const where = [...r.places.map((p) => `${p.path} ×${p.count}`), ...(r.morePlaces > 0 ? [`${r.morePlaces} more`] : [])].join(', ');
      lines.push(...wrapText(one(`${r.kind} ×${r.count}${where ? `: ${where}` : ''}`), width, item, c.dim));
    }
  }
  return lines;
}
