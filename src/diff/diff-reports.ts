// Two reports of one VM, before and after a fix: which findings are resolved, new or persisting (issue 14, part 5).
// A finding is the same in both when its id is and its evidence says the same thing (evidence-key.ts): line
// numbers, times and counts do not matter, what the lines say does. Core: no Node imports.
import type { Category, Evidence, Finding, Report, Severity } from '../model.js';
import { SEVERITY_RANK } from '../model.js';
import { evidenceKey } from './evidence-key.js';

/** Evidence items kept per side of an entry. */
export const DIFF_EVIDENCE = 3;

export type FailOn = Severity | 'never';

/** One bundle as the diff names it. */
export interface DiffBundle {
  bundle: string;
  verdict: string;
  rootCauses: string[];
  /** The span of the bundle's timeline. */
  from?: string;
  to?: string;
  findings: number;
  /** Who the VM is, where the bundle says (report.system). */
  vm?: { vmId?: string; vmName?: string; hostname?: string };
}

/** A finding as one side shows it. */
export interface DiffSide {
  severity: Severity;
  count: number;
  summary: string;
  firstSeen?: string;
  lastSeen?: string;
  evidence: Evidence[];
}

export interface DiffEntry {
  id: string;
  category: Category;
  title: string;
  /** The after side's severity when the finding is there, else the before side's. */
  severity: Severity;
  before?: DiffSide;
  after?: DiffSide;
  /**
   * Resolved although the after bundle still holds the finding's lines: none of them is later than the before bundle's
   * last time, and the after bundle's logs go on past it (a log keeps its history; the failure did not come back).
   */
  onlyOldLines?: true;
}

export interface ReportDiff {
  before: DiffBundle;
  after: DiffBundle;
  resolved: DiffEntry[];
  new: DiffEntry[];
  persisting: DiffEntry[];
  /** Set when the bundles name different VMs (by VM id, else host name): the findings may differ for that reason alone. */
  differentVms?: true;
}

function bundleOf(report: Report): DiffBundle {
  return {
    bundle: report.bundle.name,
    verdict: report.verdict.summary,
    rootCauses: [...report.verdict.rootCauses],
    ...(report.timeline.from ? { from: report.timeline.from } : {}),
    ...(report.timeline.to ? { to: report.timeline.to } : {}),
    findings: report.findings.length,
    ...(vmOf(report) ? { vm: vmOf(report)! } : {}),
  };
}

function vmOf(report: Report): DiffBundle['vm'] {
  const { vmId, vmName, hostname } = report.system;
  if (vmId === undefined && vmName === undefined && hostname === undefined) return undefined;
  return { ...(vmId !== undefined ? { vmId } : {}), ...(vmName !== undefined ? { vmName } : {}), ...(hostname !== undefined ? { hostname } : {}) };
}

/** Different VMs: both name a VM id and they differ, or neither does and both host names differ. */
function differentVms(a: Report, b: Report): boolean {
  const x = a.system;
  const y = b.system;
  if (x.vmId && y.vmId) return x.vmId.toLowerCase() !== y.vmId.toLowerCase();
  return Boolean(x.hostname && y.hostname && x.hostname.toLowerCase() !== y.hostname.toLowerCase());
}

function sideOf(finding: Finding): DiffSide {
  return {
    severity: finding.severity,
    count: finding.count,
    summary: finding.summary,
    ...(finding.firstSeen ? { firstSeen: finding.firstSeen } : {}),
    ...(finding.lastSeen ? { lastSeen: finding.lastSeen } : {}),
    evidence: finding.evidence.slice(0, DIFF_EVIDENCE),
  };
}

function entryOf(before: Finding | undefined, after: Finding | undefined): DiffEntry {
  const shown = (after ?? before)!;
  return {
    id: shown.id,
    category: shown.category,
    title: shown.title,
    severity: shown.severity,
    ...(before ? { before: sideOf(before) } : {}),
    ...(after ? { after: sideOf(after) } : {}),
  };
}

/** True when the two say the same thing: one evidence line in common once normalised (or neither has evidence). */
export function sameFinding(a: Finding, b: Finding): boolean {
  if (a.id !== b.id) return false;
  if (a.evidence.length === 0 || b.evidence.length === 0) return a.evidence.length === b.evidence.length;
  const keys = new Set(a.evidence.map((e) => evidenceKey(e.text)));
  return b.evidence.some((e) => keys.has(evidenceKey(e.text)));
}

/** The latest time a report shows: its timeline's end, else its findings' last times. */
function endOf(report: Report): number | undefined {
  const times = [report.timeline.to, ...report.findings.map((f) => f.lastSeen)].map((t) => (t ? Date.parse(t) : NaN)).filter(Number.isFinite);
  return times.length > 0 ? Math.max(...times) : undefined;
}

const bySeverityThenId = (a: DiffEntry, b: DiffEntry): number => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id.localeCompare(b.id);

export function diffReports(before: Report, after: Report): ReportDiff {
  const afterById = new Map(after.findings.map((f) => [f.id, f]));
  const matched = new Set<Finding>();
  const resolved: DiffEntry[] = [];
  const persisting: DiffEntry[] = [];
  // Silence means something only when the after bundle goes on past the before one's end.
  const beforeEnd = endOf(before);
  const afterEnd = endOf(after);
  const coversLater = beforeEnd !== undefined && afterEnd !== undefined && afterEnd > beforeEnd;
  for (const old of before.findings) {
    const current = afterById.get(old.id);
    if (!current || !sameFinding(old, current)) {
      resolved.push(entryOf(old, undefined));
      continue;
    }
    matched.add(current);
    const last = current.lastSeen ? Date.parse(current.lastSeen) : NaN;
    if (coversLater && Number.isFinite(last) && last <= beforeEnd!) resolved.push({ ...entryOf(old, current), onlyOldLines: true });
    else persisting.push(entryOf(old, current));
  }
  const added = after.findings.filter((f) => !matched.has(f)).map((f) => entryOf(undefined, f));
  return {
    before: bundleOf(before),
    after: bundleOf(after),
    resolved: resolved.sort(bySeverityThenId),
    new: added.sort(bySeverityThenId),
    persisting: persisting.sort(bySeverityThenId),
    ...(differentVms(before, after) ? { differentVms: true as const } : {}),
  };
}

/** The findings that fail the run: new or persisting at or above `failOn`. */
export function failingEntries(diff: ReportDiff, failOn: FailOn): DiffEntry[] {
  if (failOn === 'never') return [];
  const threshold = SEVERITY_RANK[failOn];
  return [...diff.new, ...diff.persisting].filter((e) => SEVERITY_RANK[e.severity] >= threshold);
}

/** 1 when a new or persisting finding is at or above `failOn`, else 0. */
export function diffExitCode(diff: ReportDiff, failOn: FailOn): number {
  return failingEntries(diff, failOn).length > 0 ? 1 : 0;
}
