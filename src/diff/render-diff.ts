// `logscan diff` in text, Markdown and JSON. Every bundle value goes through output-escape.ts: a log line cannot move
// the terminal's cursor or make Markdown links, HTML or table cells. Core: no Node imports.
import type { Evidence } from '../model.js';
import { evidencePlace } from '../report/evidence-excerpt.js';
import { markdownCode, markdownText, terminalLine } from '../report/output-escape.js';
import { failingEntries, type DiffEntry, type DiffSide, type FailOn, type ReportDiff } from './diff-reports.js';

/** Characters of an evidence line shown in text and Markdown; the JSON keeps the report's text. */
const EVIDENCE_CHARS = 240;

const GROUPS = [
  ['resolved', 'Resolved', 'in the before bundle only'],
  ['new', 'New', 'in the after bundle only'],
  ['persisting', 'Persisting', 'in both'],
] as const;

export interface DiffRenderOptions {
  failOn: FailOn;
  /** logscan's version, for the JSON. */
  version: string;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > EVIDENCE_CHARS ? `${line.slice(0, EVIDENCE_CHARS - 1)}…` : line;
}

function seen(side: DiffSide): string {
  const times = side.count === 1 ? 'once' : `${side.count} times`;
  if (side.firstSeen && side.lastSeen && side.firstSeen !== side.lastSeen) return `${times}, ${side.firstSeen} to ${side.lastSeen}`;
  return side.firstSeen ? `${times}, at ${side.firstSeen}` : times;
}

/** The side an entry's evidence is quoted from: the after bundle's when it has one. */
function shownEvidence(entry: DiffEntry): { label: string; evidence: Evidence[] } {
  return entry.after ? { label: 'after', evidence: entry.after.evidence } : { label: 'before', evidence: entry.before!.evidence };
}

function counts(diff: ReportDiff): string {
  return `${diff.resolved.length} resolved, ${diff.new.length} new, ${diff.persisting.length} persisting`;
}

function vmName(bundle: ReportDiff['before']): string {
  return bundle.vm?.vmName ?? bundle.vm?.hostname ?? bundle.vm?.vmId ?? 'unknown';
}

function differentVmsNote(diff: ReportDiff): string {
  return `Note: the bundles come from different VMs (${vmName(diff.before)} and ${vmName(diff.after)}); findings may differ for that reason alone.`;
}

function onlyOldLinesNote(diff: ReportDiff): string {
  return `its lines are still in the after bundle, none later than the before bundle's end (${diff.before.to ?? 'unknown'})`;
}

// ---- Text ----

export function renderDiffText(diff: ReportDiff, options: DiffRenderOptions): string {
  const out: string[] = [];
  out.push(`logscan diff: ${terminalLine(diff.before.bundle)} -> ${terminalLine(diff.after.bundle)}`);
  out.push(counts(diff));
  out.push(`Before: ${terminalLine(diff.before.verdict)}`);
  out.push(`After:  ${terminalLine(diff.after.verdict)}`);
  if (diff.differentVms) out.push(terminalLine(differentVmsNote(diff)));
  for (const [key, heading, meaning] of GROUPS) {
    const entries = diff[key];
    out.push('', `${heading} (${entries.length}, ${meaning})`);
    if (entries.length === 0) out.push('  none');
    for (const e of entries) {
      out.push(`  ${e.severity.padEnd(8)} ${terminalLine(e.id)}: ${terminalLine(e.title)}`);
      if (e.before) out.push(`           before: seen ${seen(e.before)}`);
      if (e.after) out.push(`           after:  seen ${seen(e.after)}${e.before && e.before.severity !== e.after.severity ? ` (was ${e.before.severity})` : ''}`);
      if (e.onlyOldLines) out.push(`           resolved: ${onlyOldLinesNote(diff)}`);
      const { label, evidence } = shownEvidence(e);
      for (const ev of evidence) out.push(`           ${label} ${terminalLine(evidencePlace(ev))}: ${terminalLine(firstLine(ev.text))}`);
    }
  }
  out.push('', failLine(diff, options.failOn));
  return out.join('\n') + '\n';
}

function failLine(diff: ReportDiff, failOn: FailOn): string {
  if (failOn === 'never') return 'Exit 0: --fail-on never.';
  const failing = failingEntries(diff, failOn);
  return failing.length === 0
    ? `Exit 0: no new or persisting finding at or above ${failOn}.`
    : `Exit 1: ${failing.length} new or persisting finding${failing.length === 1 ? '' : 's'} at or above ${failOn}.`;
}

// ---- Markdown ----

export function renderDiffMarkdown(diff: ReportDiff, options: DiffRenderOptions): string {
  const out: string[] = [];
  out.push(`# logscan diff: ${markdownText(diff.before.bundle)} → ${markdownText(diff.after.bundle)}`, '');
  out.push(`${counts(diff)}.`, '');
  out.push(`- **Before:** ${markdownText(diff.before.verdict)}`, `- **After:** ${markdownText(diff.after.verdict)}`);
  if (diff.differentVms) out.push('', markdownText(differentVmsNote(diff), { lineStart: true }));
  for (const [key, heading, meaning] of GROUPS) {
    const entries = diff[key];
    out.push('', `## ${heading} (${entries.length})`, '', `Findings ${meaning}.`, '');
    if (entries.length === 0) out.push('None.');
    for (const e of entries) {
      out.push(`### ${markdownText(e.title)}`, '');
      out.push(`${markdownCode(e.id)}, ${e.severity}, ${e.category}.`);
      const lines: string[] = [];
      if (e.before) lines.push(`- Before: seen ${markdownText(seen(e.before))}.`);
      if (e.after) lines.push(`- After: seen ${markdownText(seen(e.after))}${e.before && e.before.severity !== e.after.severity ? ` (was ${e.before.severity})` : ''}.`);
      if (e.onlyOldLines) lines.push(`- Resolved: ${markdownText(onlyOldLinesNote(diff))}.`);
      const { label, evidence } = shownEvidence(e);
      for (const ev of evidence) lines.push(`- ${label} ${markdownCode(evidencePlace(ev))}: ${markdownCode(firstLine(ev.text))}`);
      out.push('', ...lines, '');
    }
  }
  out.push('', markdownText(failLine(diff, options.failOn), { lineStart: true }));
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}

// ---- JSON ----

/** The JSON shape of `logscan diff --format json` (README, "logscan diff"). */
export interface DiffJson {
  diffVersion: 1;
  tool: { name: 'logscan'; version: string };
  failOn: FailOn;
  /** The ids of the new and persisting findings at or above `failOn`: exit 1 when not empty. */
  failing: string[];
  before: ReportDiff['before'];
  after: ReportDiff['after'];
  counts: { resolved: number; new: number; persisting: number };
  /** Present (true) when the bundles name different VMs. */
  differentVms?: true;
  resolved: DiffEntry[];
  new: DiffEntry[];
  persisting: DiffEntry[];
}

export function diffJson(diff: ReportDiff, options: DiffRenderOptions): DiffJson {
  return {
    diffVersion: 1,
    tool: { name: 'logscan', version: options.version },
    failOn: options.failOn,
    failing: failingEntries(diff, options.failOn).map((e) => e.id),
    before: diff.before,
    after: diff.after,
    counts: { resolved: diff.resolved.length, new: diff.new.length, persisting: diff.persisting.length },
    ...(diff.differentVms ? { differentVms: true as const } : {}),
    resolved: diff.resolved,
    new: diff.new,
    persisting: diff.persisting,
  };
}

export function renderDiffJson(diff: ReportDiff, options: DiffRenderOptions): string {
  return JSON.stringify(diffJson(diff, options), null, 2) + '\n';
}
