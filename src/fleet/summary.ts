// The fleet summary: what each bundle's digest says, gathered across the fleet. Bundles by verdict root cause and by
// category, the VMs with each finding, the bundles that could not be read, and the findings only the fleet shows
// (./patterns.ts), first. This is the JSON summary; the text, Markdown, HTML and NDJSON outputs render it.
// No Node imports.
import { SEVERITY_RANK, type Category, type Severity } from '../model.js';
import { TOOL_VERSION } from '../analysis.js';
import { redact } from '../report/redact.js';
import type { BundleDigest } from './digest.js';
import { vmOf } from './digest.js';
import { fleetFindings, type FleetFinding, type FleetMember } from './patterns.js';
// One notion of "the same VM" for the summary and the patterns.
import { vmKey, vmLabel } from './fleet-pattern-vm.js';

export type VmIdentity = FleetMember['vm'];

export interface FleetSummary {
  kind: 'logscan-fleet-summary';
  schemaVersion: 1;
  tool: { name: 'logscan'; version: string };
  bundles: { total: number; analysed: number; unreadable: number; withFindings: number };
  /** Files in folders of bundles that were no bundle (not an archive), not read. */
  notBundles?: number;
  /** Findings across VMs (./patterns.ts), first in every output. */
  fleetFindings: FleetFinding[];
  /** Verdict root causes, the most bundles first; `none` counts bundles whose verdict names none. */
  rootCauses: RootCauseGroup[];
  /** Every finding's category, the most bundles first. */
  categories: CategoryGroup[];
  vms: FleetVm[];
  unreadable: { bundle: string; reason: string }[];
}

export interface RootCauseGroup {
  /** A finding id, or `none`. */
  id: string;
  title: string;
  category?: Category;
  severity?: Severity;
  bundles: string[];
}

export interface CategoryGroup {
  category: Category;
  bundles: number;
  findings: number;
  worst: Severity;
}

export interface FleetVmFinding {
  bundle: string;
  id: string;
  severity: Severity;
  category: Category;
  title: string;
  rootCause: boolean;
  firstSeen?: string;
  lastSeen?: string;
}

export interface FleetVm extends VmIdentity {
  /** How the VM is named here: its name, host name or id, else its bundle's name (a bundle that says nothing). */
  label: string;
  os: string;
  bundles: string[];
  /** One sentence per bundle: its verdict. */
  verdicts: { bundle: string; summary: string }[];
  findings: FleetVmFinding[];
}

/** Gathers the bundles' digests as they arrive; `summary()` once all have. */
export class FleetSummaryBuilder {
  private readonly members: FleetMember[] = [];
  private readonly unreadable: { bundle: string; reason: string }[] = [];
  private notBundles = 0;

  add(bundle: string, digest: BundleDigest): void {
    this.members.push({ bundle, vm: vmOf(digest), report: digest });
  }

  fail(bundle: string, reason: string): void {
    // A reason can quote the bundle (a member's name, a line): it gets the same redaction as any report text. Its
    // leading "name: " repeats the bundle the summary names anyway.
    const name = bundle.split(/[\\/]/).filter((p) => p !== '').pop() ?? bundle;
    const own = reason.startsWith(`${name}: `) ? reason.slice(name.length + 2) : reason;
    this.unreadable.push({ bundle, reason: redact(own) });
  }

  skipped(notBundles: number): void {
    this.notBundles += notBundles;
  }

  get memberList(): readonly FleetMember[] {
    return this.members;
  }

  summary(): FleetSummary {
    const members = [...this.members].sort((a, b) => a.bundle.localeCompare(b.bundle));
    return {
      kind: 'logscan-fleet-summary',
      schemaVersion: 1,
      tool: { name: 'logscan', version: TOOL_VERSION },
      bundles: {
        total: members.length + this.unreadable.length,
        analysed: members.length,
        unreadable: this.unreadable.length,
        withFindings: members.filter((m) => m.report.findings.length > 0).length,
      },
      ...(this.notBundles > 0 ? { notBundles: this.notBundles } : {}),
      fleetFindings: fleetFindings(members),
      rootCauses: rootCauses(members),
      categories: categories(members),
      vms: vms(members),
      unreadable: [...this.unreadable].sort((a, b) => a.bundle.localeCompare(b.bundle)),
    };
  }
}

function rootCauses(members: readonly FleetMember[]): RootCauseGroup[] {
  const groups = new Map<string, RootCauseGroup>();
  for (const m of members) {
    const ids = m.report.verdict.rootCauses.length > 0 ? m.report.verdict.rootCauses : ['none'];
    for (const id of new Set(ids)) {
      const f = m.report.findings.find((x) => x.id === id);
      let g = groups.get(id);
      if (!g) {
        g = { id, title: f?.title ?? (id === 'none' ? 'no root cause (nothing found that explains a failure)' : id), bundles: [] };
        if (f) Object.assign(g, { category: f.category, severity: f.severity });
        groups.set(id, g);
      }
      g.bundles.push(m.bundle);
    }
  }
  return [...groups.values()].sort((a, b) => b.bundles.length - a.bundles.length || (a.id === 'none' ? 1 : b.id === 'none' ? -1 : a.id.localeCompare(b.id)));
}

function categories(members: readonly FleetMember[]): CategoryGroup[] {
  const groups = new Map<Category, CategoryGroup>();
  for (const m of members) {
    const inBundle = new Set<Category>();
    for (const f of m.report.findings) {
      let g = groups.get(f.category);
      if (!g) groups.set(f.category, (g = { category: f.category, bundles: 0, findings: 0, worst: f.severity }));
      g.findings++;
      if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[g.worst]) g.worst = f.severity;
      if (!inBundle.has(f.category)) {
        inBundle.add(f.category);
        g.bundles++;
      }
    }
  }
  return [...groups.values()].sort((a, b) => b.bundles - a.bundles || a.category.localeCompare(b.category));
}

function vms(members: readonly FleetMember[]): FleetVm[] {
  const byKey = new Map<string, FleetVm>();
  for (const m of members) {
    const key = vmKey(m);
    let vm = byKey.get(key);
    if (!vm) {
      vm = { ...m.vm, label: vmLabel(m), os: m.report.system.os, bundles: [], verdicts: [], findings: [] };
      byKey.set(key, vm);
    }
    // A later bundle of the same VM may say more about it.
    for (const k of ['vmId', 'vmName', 'hostname'] as const) if (vm[k] === undefined && m.vm[k] !== undefined) vm[k] = m.vm[k];
    vm.bundles.push(m.bundle);
    vm.verdicts.push({ bundle: m.bundle, summary: m.report.verdict.summary });
    const roots = new Set(m.report.verdict.rootCauses);
    for (const f of m.report.findings) {
      vm.findings.push({
        bundle: m.bundle,
        id: f.id,
        severity: f.severity,
        category: f.category,
        title: f.title,
        rootCause: roots.has(f.id),
        ...(f.firstSeen !== undefined ? { firstSeen: f.firstSeen } : {}),
        ...(f.lastSeen !== undefined ? { lastSeen: f.lastSeen } : {}),
      });
    }
  }
  const worst = (vm: FleetVm): number => Math.max(0, ...vm.findings.map((f) => SEVERITY_RANK[f.severity]));
  return [...byKey.values()].sort((a, b) => worst(b) - worst(a) || a.label.localeCompare(b.label));
}

/** The most severe finding of the fleet, its own and across VMs: for `--fail-on`. */
export function worstSeverity(summary: FleetSummary): Severity | undefined {
  let worst: Severity | undefined;
  const see = (s: Severity): void => {
    if (worst === undefined || SEVERITY_RANK[s] > SEVERITY_RANK[worst]) worst = s;
  };
  for (const vm of summary.vms) for (const f of vm.findings) see(f.severity);
  for (const f of summary.fleetFindings) see(f.severity);
  return worst;
}
