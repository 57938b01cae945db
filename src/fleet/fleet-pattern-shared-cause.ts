// fleet.shared-cause.*: the same verdict root cause, with the same specific cause, on several VMs (the same proxy, the
// same name that does not resolve, the same error code). Fixed once where the VMs share it, not VM by VM.
import type { Finding } from '../model.js';
import { matchedDetails } from '../report/evidence-excerpt.js';
import type { FleetEvidence, FleetFinding, FleetMember } from './patterns.js';
import { fleetEvidence, maxSeverity, memberEntry, nameList, spanOf, vmKey, vmLabel, type PatternSettings } from './fleet-pattern-vm.js';

export const SHARED_CAUSE_PREFIX = 'fleet.shared-cause.';

/** Addresses every Azure VM talks to: naming them says nothing about what the VMs share. */
const PLATFORM_ADDRESSES = new Set(['168.63.129.16', '169.254.169.254']);

/** What a cause is named by: an endpoint (a proxy, a name that does not resolve), else a detail its detector matched. */
interface Cause {
  kind: 'proxy' | 'name' | 'detail' | 'error';
  value: string;
}

/** The proxy a line names: the agent's verbose `HTTP proxy: [host:port]`, or `proxy host:port` / `proxy=http://host`. */
const PROXY_NAMED = /HTTP proxy: \[([^\]\s]+)\]|\bproxy(?:[ _-]?(?:server|host))?\s*[=:]?\s*['"]?(?:https?:\/\/)?([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z0-9-]+(?::\d+)?)/gi;
/** The agent's failed request (waagent.md §4.4 N1): `[HTTP Failed] GET <url> -- IOError <error> -- 6 attempts made`. */
const HTTP_FAILED_ERROR = /\[HTTP Failed\] \S+ \S+ -- (?:IOError|HttpException) (.+?)(?: -- \d+ attempts made)?$/m;
/** Characters of an error kept as a cause. */
const MAX_ERROR_CHARS = 120;

/** The host of the request whose name did not resolve (`[HTTP Failed] GET https://host/... -- [Errno -2] ...`). */
const URL_HOST = /\bhttps?:\/\/([A-Za-z0-9][A-Za-z0-9.-]*)/g;

function endpoints(finding: Finding, pattern: RegExp): string[] {
  const found = new Set<string>();
  for (const e of finding.evidence) {
    for (const m of e.text.matchAll(pattern)) {
      const host = (m[1] ?? m[2] ?? '').toLowerCase().replace(/\.$/, '');
      if (host && !PLATFORM_ADDRESSES.has(host.replace(/:\d+$/, ''))) found.add(host);
    }
  }
  return [...found];
}

/**
 * The specific causes a root-cause finding exposes. A proxy or a name the evidence shows names the cause on its own (two
 * VMs refused by different proxies do not share a cause, even with the same 407); otherwise each detail the detector
 * matched does (`[Errno 110] Connection timed out`, `status 402`, `2.2.10 (agent) < 2.2.53`); failing those, the error
 * of the agent's failed request (`Tunnel connection failed: 407 Proxy Authentication Required`).
 */
export function causesOf(finding: Finding): Cause[] {
  if (finding.id === 'network.proxy-failure') {
    const proxies = endpoints(finding, PROXY_NAMED);
    if (proxies.length > 0) return proxies.map((value) => ({ kind: 'proxy', value }));
  }
  if (finding.id === 'network.dns-failure') {
    const names = endpoints(finding, URL_HOST);
    if (names.length > 0) return names.map((value) => ({ kind: 'name', value }));
  }
  const details = matchedDetails(finding);
  if (details.length > 0) return details.map((value) => ({ kind: 'detail', value }));
  // A detector that names no detail (a proxy's 407): the error the agent's failed request ended with.
  const errors = new Set<string>();
  for (const e of finding.evidence) {
    const error = HTTP_FAILED_ERROR.exec(e.text)?.[1]?.trim();
    if (error) errors.add(error.slice(0, MAX_ERROR_CHARS));
  }
  return [...errors].map((value) => ({ kind: 'error', value }));
}

interface Group {
  findingId: string;
  cause: Cause;
  /** Per VM, the bundles and their finding. */
  vms: Map<string, { member: FleetMember; finding: Finding }[]>;
}

/** The id's tail for a cause: its value in lower-case letters, digits and dashes (ids stay plain text). */
function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48).replace(/-+$/, '') || 'cause';
}

const CAUSE_WORDS: Record<Cause['kind'], string> = { proxy: 'the same proxy', name: 'the same name failing to resolve', detail: 'the same detail', error: 'the same error' };

function groupsOf(members: readonly FleetMember[]): Group[] {
  const groups = new Map<string, Group>();
  for (const member of members) {
    const vm = vmKey(member);
    for (const id of member.report.verdict.rootCauses) {
      const finding = member.report.findings.find((f) => f.id === id);
      // A damaged bundle is a fact about the bundle, not about the VM.
      if (!finding || finding.category === 'bundle') continue;
      for (const cause of causesOf(finding)) {
        const key = `${id}\u0000${cause.kind}\u0000${cause.value.toLowerCase()}`;
        const group = groups.get(key) ?? { findingId: id, cause, vms: new Map() };
        const bundles = group.vms.get(vm) ?? [];
        bundles.push({ member, finding });
        group.vms.set(vm, bundles);
        groups.set(key, group);
      }
    }
  }
  return [...groups.values()];
}

/** The groups worth a finding: enough VMs, endpoints before details, and no group whose VMs a kept one of the same id already covers. */
function keptGroups(groups: readonly Group[], settings: PatternSettings): Group[] {
  const rank = (g: Group): number => (g.cause.kind === 'proxy' || g.cause.kind === 'name' ? 0 : 1);
  const candidates = groups
    .filter((g) => g.vms.size >= settings.minVms)
    .sort((a, b) => a.findingId.localeCompare(b.findingId) || rank(a) - rank(b) || b.vms.size - a.vms.size || a.cause.value.localeCompare(b.cause.value));
  const kept: Group[] = [];
  for (const g of candidates) {
    const covered = kept.some((k) => k.findingId === g.findingId && [...g.vms.keys()].every((vm) => k.vms.has(vm)));
    if (!covered) kept.push(g);
  }
  return kept;
}

/** The evidence of one bundle that shows the cause: the first item naming it, else the finding's first. */
function evidenceFor(member: FleetMember, finding: Finding, cause: Cause): FleetEvidence | undefined {
  const wanted = cause.value.toLowerCase();
  const e = finding.evidence.find((x) => x.text.toLowerCase().includes(wanted)) ?? finding.evidence[0];
  return e ? fleetEvidence(member.bundle, e) : undefined;
}

export function sharedRootCauses(members: readonly FleetMember[], settings: PatternSettings): FleetFinding[] {
  const kept = keptGroups(groupsOf(members), settings);
  const ids = new Map<string, number>();
  return kept.map((group) => {
    const entries = [...group.vms.values()].flat();
    const findings = entries.map((e) => e.finding);
    const first = findings[0]!;
    const base = `${SHARED_CAUSE_PREFIX}${group.findingId}.${slug(group.cause.value)}`;
    const seen = (ids.get(base) ?? 0) + 1;
    ids.set(base, seen);
    const memberEntries = entries
      .map((e) => memberEntry(e.member, [e.finding]))
      .sort((a, b) => (a.firstSeen ?? '').localeCompare(b.firstSeen ?? '') || a.bundle.localeCompare(b.bundle));
    const names = [...group.vms.values()].map((bundles) => vmLabel(bundles[0]!.member));
    const evidence = entries.map((e) => evidenceFor(e.member, e.finding, group.cause)).filter((e): e is FleetEvidence => e !== undefined);
    return {
      id: seen === 1 ? base : `${base}-${seen}`,
      category: first.category,
      severity: maxSeverity(findings.map((f) => f.severity)),
      title: `${group.vms.size} VMs share one cause: ${first.title}`,
      summary:
        `${group.vms.size} VMs have the same root cause, ${group.findingId}, with ${CAUSE_WORDS[group.cause.kind]}: ${group.cause.value}. ` +
        `VMs: ${nameList(names, 10)}.`,
      remediation: [
        `Fix it once where the VMs share it (${group.cause.value}): the proxy, name server, network rule or image they have in common, rather than VM by VM.`,
        ...first.remediation,
      ],
      members: memberEntries,
      evidence: evidence.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '') || a.bundle.localeCompare(b.bundle)),
      ...spanOf(memberEntries),
    };
  });
}
