// fleet.concurrent-backups: snapshot trouble on several VMs starting within minutes of each other, the seed article's
// cause 4c "many VMs backed up at the same time" (../shared/docs/backup-extension.md, cause-4 row; windows.md: "not
// visible in-guest, only via timestamps across bundles").
import type { Finding } from '../model.js';
import type { FleetEvidence, FleetFinding, FleetFindingMember, FleetMember } from './patterns.js';
import { fleetEvidence, iso, maxSeverity, memberEntry, millis, nameList, spanOf, vmKey, vmLabel, type PatternSettings } from './fleet-pattern-vm.js';

export const CONCURRENT_BACKUPS_ID = 'fleet.concurrent-backups';

/**
 * The findings that place a VM's backup in time and show it struggling: every snapshot time-out, the host throttling
 * snapshot calls (code 173) or failing them (BHS 5xx), and a freeze that timed out (fsfreeze on Linux, VSS holding
 * writes on Windows). Lock contention and plain failures say nothing about load on the host, so they do not count.
 */
export function isBackupTrouble(findingId: string): boolean {
  return (
    findingId.startsWith('snapshot-timeout.') ||
    findingId === 'snapshot-failure.rate-exceeded' ||
    findingId === 'snapshot-failure.host-error' ||
    findingId === 'fsfreeze.freeze-timeout' ||
    findingId === 'vss.hold-writes-timeout'
  );
}

/** Evidence items kept per fleet finding, one per VM and window first. */
const MAX_EVIDENCE = 100;

interface Point {
  time: number;
  vm: string;
  member: FleetMember;
  finding: Finding;
  evidence: FleetEvidence;
}

/** Every time a troubled backup of the fleet shows: the findings' first and last times and their evidence's times. */
function pointsOf(members: readonly FleetMember[]): Point[] {
  const points: Point[] = [];
  for (const member of members) {
    const vm = vmKey(member);
    for (const finding of member.report.findings) {
      if (!isBackupTrouble(finding.id)) continue;
      const seen = new Set<number>();
      const add = (time: number | undefined, evidence: FleetEvidence): void => {
        if (time === undefined || seen.has(time)) return;
        seen.add(time);
        points.push({ time, vm, member, finding, evidence });
      };
      for (const e of finding.evidence) add(millis(e.time), fleetEvidence(member.bundle, e));
      // A compact report may have dropped the evidence of the finding's first or last time: the finding still says when.
      for (const t of [finding.firstSeen, finding.lastSeen]) {
        add(millis(t), { bundle: member.bundle, path: finding.evidence[0]?.path ?? '', time: t!, text: `${finding.title} (${finding.id})` });
      }
    }
  }
  return points.sort((a, b) => a.time - b.time || a.vm.localeCompare(b.vm));
}

/**
 * Windows of at most `windowMinutes` holding points of at least `minVms` distinct VMs, earliest first and not
 * overlapping: a window opens at a point, takes every point within the span, and the next search starts after it.
 */
function windowsOf(points: readonly Point[], settings: PatternSettings): Point[][] {
  const span = settings.windowMinutes * 60_000;
  const windows: Point[][] = [];
  const perVm = new Map<string, number>();
  let end = 0;
  for (let start = 0; start < points.length; start++) {
    if (end < start) end = start;
    while (end < points.length && points[end]!.time - points[start]!.time <= span) {
      perVm.set(points[end]!.vm, (perVm.get(points[end]!.vm) ?? 0) + 1);
      end++;
    }
    if (perVm.size >= settings.minVms) {
      windows.push(points.slice(start, end));
      perVm.clear();
      start = end - 1;
      continue;
    }
    const vm = points[start]!.vm;
    const n = perVm.get(vm)! - 1;
    if (n === 0) perVm.delete(vm);
    else perVm.set(vm, n);
  }
  return windows;
}

export function concurrentBackups(members: readonly FleetMember[], settings: PatternSettings): FleetFinding[] {
  const windows = windowsOf(pointsOf(members), settings);
  if (windows.length === 0) return [];

  const evidence: FleetEvidence[] = [];
  const sentences: string[] = [];
  // Per bundle: the findings and the span of time that put it in a window.
  const byBundle = new Map<FleetMember, { findings: Set<Finding>; from: number; to: number }>();
  const vms = new Set<string>();
  for (const window of windows) {
    const firstPerVm = new Map<string, Point>();
    for (const p of window) {
      if (!firstPerVm.has(p.vm)) firstPerVm.set(p.vm, p);
      vms.add(p.vm);
      const entry = byBundle.get(p.member) ?? { findings: new Set<Finding>(), from: p.time, to: p.time };
      entry.findings.add(p.finding);
      entry.from = Math.min(entry.from, p.time);
      entry.to = Math.max(entry.to, p.time);
      byBundle.set(p.member, entry);
    }
    for (const p of firstPerVm.values()) if (evidence.length < MAX_EVIDENCE) evidence.push(p.evidence);
    const names = [...firstPerVm.values()].map((p) => vmLabel(p.member));
    sentences.push(`${firstPerVm.size} VMs between ${iso(window[0]!.time)} and ${iso(window[window.length - 1]!.time)} (${nameList(names)})`);
  }

  const memberEntries: FleetFindingMember[] = [...byBundle.entries()]
    .map(([member, e]) => memberEntry(member, [...e.findings], { from: e.from, to: e.to }))
    .sort((a, b) => (a.firstSeen ?? '').localeCompare(b.firstSeen ?? '') || a.bundle.localeCompare(b.bundle));
  const findings = [...byBundle.values()].flatMap((e) => [...e.findings]);
  const timedOut = findings.some((f) => f.category === 'snapshot-timeout');
  const windowWord = windows.length === 1 ? 'one window' : `${windows.length} windows`;
  return [
    {
      id: CONCURRENT_BACKUPS_ID,
      category: timedOut ? 'snapshot-timeout' : 'snapshot-failure',
      severity: maxSeverity(['warning', ...findings.map((f) => f.severity)]),
      title: 'Many VMs were backed up at once',
      summary:
        `Snapshots of ${vms.size} VMs ran into time-outs, throttling or host errors within ${settings.windowMinutes} minutes of each other ` +
        `in ${windowWord}: ${sentences.join('; ')}.`,
      remediation: [
        'Spread the backups: give the VMs of one host, availability set or cloud service backup policies with different start times, so their snapshots do not start together.',
        'Once the schedules no longer overlap, retry the failed backups; if one VM still times out on its own, follow its own report.',
      ],
      members: memberEntries,
      evidence: evidence.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '') || a.bundle.localeCompare(b.bundle)),
      ...spanOf(memberEntries),
    },
  ];
}
