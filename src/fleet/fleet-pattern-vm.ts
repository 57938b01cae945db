// What the fleet patterns share: who a VM is, and the fleet finding's member and evidence entries.
import type { Evidence, Finding, Severity } from '../model.js';
import { SEVERITY_RANK } from '../model.js';
import type { FleetEvidence, FleetFindingMember, FleetMember } from './patterns.js';

/** Settings every pattern reads (defaults in patterns.ts). */
export interface PatternSettings {
  minVms: number;
  windowMinutes: number;
}

/**
 * One VM whatever the number of its bundles: the VM id (case-insensitive: a GUID), else the host name, else the bundle
 * itself. A bundle that names neither counts as a VM of its own.
 */
export function vmKey(member: FleetMember): string {
  const id = member.vm.vmId?.trim();
  if (id) return `id:${id.toLowerCase()}`;
  const host = member.vm.hostname?.trim();
  if (host) return `host:${host.toLowerCase()}`;
  return `bundle:${member.bundle}`;
}

/** How a VM is named in a sentence: its name, else host name, else VM id, else the bundle. */
export function vmLabel(member: FleetMember): string {
  return member.vm.vmName?.trim() || member.vm.hostname?.trim() || member.vm.vmId?.trim() || member.bundle;
}

export function millis(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

export function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

export function maxSeverity(severities: Iterable<Severity>): Severity {
  let best: Severity = 'info';
  for (const s of severities) if (SEVERITY_RANK[s] > SEVERITY_RANK[best]) best = s;
  return best;
}

export function fleetEvidence(bundle: string, e: Evidence): FleetEvidence {
  return {
    bundle,
    path: e.path,
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.record !== undefined ? { record: e.record } : {}),
    ...(e.time !== undefined ? { time: e.time } : {}),
    text: e.text,
  };
}

/** A member entry for the findings of one bundle, with their span of time (`from`/`to` when the pattern knows better). */
export function memberEntry(member: FleetMember, findings: readonly Finding[], span?: { from?: number; to?: number }): FleetFindingMember {
  const times = findings.flatMap((f) => [millis(f.firstSeen), millis(f.lastSeen)]).filter((t): t is number => t !== undefined);
  const first = span?.from ?? (times.length > 0 ? Math.min(...times) : undefined);
  const last = span?.to ?? (times.length > 0 ? Math.max(...times) : undefined);
  return {
    bundle: member.bundle,
    vm: { ...member.vm },
    findingIds: [...new Set(findings.map((f) => f.id))].sort(),
    ...(first !== undefined ? { firstSeen: iso(first) } : {}),
    ...(last !== undefined ? { lastSeen: iso(last) } : {}),
  };
}

/** The earliest and latest of the members' times. */
export function spanOf(entries: readonly FleetFindingMember[]): { firstSeen?: string; lastSeen?: string } {
  const firsts = entries.map((m) => millis(m.firstSeen)).filter((t): t is number => t !== undefined);
  const lasts = entries.map((m) => millis(m.lastSeen)).filter((t): t is number => t !== undefined);
  return {
    ...(firsts.length > 0 ? { firstSeen: iso(Math.min(...firsts)) } : {}),
    ...(lasts.length > 0 ? { lastSeen: iso(Math.max(...lasts)) } : {}),
  };
}

/** "a, b, c and 4 more": names in a sentence, bounded. */
export function nameList(names: readonly string[], shown = 5): string {
  if (names.length <= 1) return names.join('');
  if (names.length <= shown) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}
