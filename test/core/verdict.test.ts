// The causal model as tables: a set of findings and the verdict it must give. Findings are built in code (the
// detectors' own tests cover how they are raised); times, extensions and severities are what the model reads.
import { describe, expect, it } from 'vitest';
import type { Category, Confidence, Finding, Severity, SourceSummary } from '../../src/model.js';
import { decideVerdict } from '../../src/report/verdict.js';

interface Spec {
  id: string;
  severity?: Severity;
  /** Minutes after 02:00 UTC on 2024-03-14: first and last seen. */
  at?: [number, number?];
  extension?: string;
  /** Evidence lines (in `path`); defaults to one line of its own. */
  lines?: number[];
  /** Where the evidence is (default var/log/waagent.log). */
  path?: string;
  count?: number;
}

const BASE = Date.parse('2024-03-14T02:00:00Z');
let nextLine = 1000;
const VMSNAPSHOT = 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux';
const CUSTOMSCRIPT = 'Microsoft.Azure.Extensions.CustomScript';

function finding(spec: Spec): Finding {
  const [detector] = spec.id.split('.');
  const time = (m: number): string => new Date(BASE + m * 60_000).toISOString();
  const lines = spec.lines ?? [nextLine++];
  return {
    id: spec.id,
    detector: detector!,
    category: detector as Category,
    severity: spec.severity ?? 'error',
    title: spec.id,
    summary: '',
    remediation: ['fix it'],
    evidence: lines.map((line) => ({ path: spec.path ?? 'var/log/waagent.log', line, text: `line ${line}` })),
    ...(spec.at ? { firstSeen: time(spec.at[0]), lastSeen: time(spec.at[1] ?? spec.at[0]) } : {}),
    count: spec.count ?? lines.length,
    ...(spec.extension ? { extensions: [spec.extension] } : {}),
  };
}

const LINUX_SOURCES: SourceSummary[] = [
  { path: 'var/log/waagent.log', parser: 'waagent-log', events: 100 },
  { path: `var/log/azure/${VMSNAPSHOT}/extension.log`, parser: 'vmsnapshot-log', events: 40 },
];

interface Case {
  name: string;
  findings: Spec[];
  roots: string[];
  confidence?: Confidence;
  /** finding id -> the ids it must name in causedBy (absent ids: no causedBy). */
  causedBy?: Record<string, string[]>;
  summary?: RegExp;
  /** Ids that must not be in the report (merged into another). */
  merged?: string[];
  extensions?: string[];
}

const CASES: Case[] = [
  {
    name: 'the wire server explains extension processing',
    findings: [
      { id: 'network.wireserver-unreachable', at: [0, 120] },
      { id: 'extension-failure.processing', at: [30] },
    ],
    roots: ['network.wireserver-unreachable'],
    causedBy: { 'extension-failure.processing': ['network.wireserver-unreachable'] },
    confidence: 'high',
    summary: /because the VM cannot reach the wire server \(168\.63\.129\.16\); this also explains 1 other finding\.$/,
  },
  {
    name: 'an extension failure a day after the network recovered is not its consequence',
    findings: [
      { id: 'network.wireserver-unreachable', at: [0, 60] },
      { id: 'extension-failure.non-zero-exit', at: [60 * 26], extension: CUSTOMSCRIPT },
    ],
    roots: ['network.wireserver-unreachable', 'extension-failure.non-zero-exit'],
    causedBy: {},
  },
  {
    name: 'DHCP without the endpoint -> wire server -> goal state processing -> the snapshot command too late',
    findings: [
      { id: 'dhcp.no-response', at: [0, 10] },
      { id: 'dhcp.endpoint-not-found', at: [1, 12] },
      { id: 'network.wireserver-unreachable', at: [2, 90] },
      { id: 'extension-failure.processing', at: [20] },
      { id: 'snapshot-timeout.command-too-late', at: [150], extension: VMSNAPSHOT },
    ],
    roots: ['dhcp.no-response'],
    causedBy: {
      'dhcp.endpoint-not-found': ['dhcp.no-response'],
      'network.wireserver-unreachable': ['dhcp.endpoint-not-found'],
      'extension-failure.processing': ['network.wireserver-unreachable'],
      'snapshot-timeout.command-too-late': ['network.wireserver-unreachable'],
    },
    confidence: 'high',
    summary: /^The backup fails because no DHCP response reaches the agent.*; this also explains 4 other findings\.$/,
  },
  {
    name: 'the freeze time-out explains the unfinished run',
    findings: [
      { id: 'fsfreeze.freeze-timeout', at: [0, 1], extension: VMSNAPSHOT },
      { id: 'snapshot-timeout.sequence-incomplete', at: [0], extension: VMSNAPSHOT },
    ],
    roots: ['fsfreeze.freeze-timeout'],
    causedBy: { 'snapshot-timeout.sequence-incomplete': ['fsfreeze.freeze-timeout'] },
    confidence: 'high',
    summary: /^The backup fails because freezing the file systems times out; this also explains 1 other finding\.$/,
  },
  {
    name: 'a freeze on another extension’s log does not explain the backup extension (same extension)',
    findings: [
      { id: 'extension-failure.timeout', at: [0], extension: CUSTOMSCRIPT },
      { id: 'snapshot-timeout.status-stuck', at: [5], extension: VMSNAPSHOT },
    ],
    roots: ['snapshot-timeout.status-stuck', 'extension-failure.timeout'],
    causedBy: {},
    confidence: 'low',
    summary: /^The backup fails: the backup extension’s status is stuck in transitioning, and nothing in the bundle explains it\. Separately, an extension command times out \(CustomScript\)\.$/,
  },
  {
    name: 'the full disk explains the crash loop, which explains the unclean exits',
    findings: [
      { id: 'agent-crash.exthandler-exit', severity: 'critical', at: [5, 60], count: 4 },
      { id: 'resource-pressure.disk-full', at: [0, 58] },
      { id: 'agent-crash.unclean-exit', severity: 'warning', at: [6, 61] },
    ],
    roots: ['resource-pressure.disk-full'],
    causedBy: { 'agent-crash.exthandler-exit': ['resource-pressure.disk-full'], 'agent-crash.unclean-exit': ['agent-crash.exthandler-exit'] },
    confidence: 'high',
    summary: /because the disk is full \(no space left on device\); this also explains 2 other findings\.$/,
  },
  {
    name: 'two independent causes are both named',
    findings: [
      { id: 'network.dns-failure', at: [0, 30] },
      { id: 'vss.sql-writer', at: [600], extension: 'Microsoft.Azure.RecoveryServices.VMSnapshot' },
    ],
    roots: ['network.dns-failure', 'vss.sql-writer'],
    causedBy: {},
    confidence: 'medium',
    summary: /A second, independent cause: /,
  },
  {
    name: 'hung tasks after the freeze began are its consequence',
    findings: [
      { id: 'fsfreeze.freeze-timeout', at: [0, 1], extension: VMSNAPSHOT },
      { id: 'resource-pressure.hung-task', severity: 'warning', at: [3, 5] },
    ],
    roots: ['fsfreeze.freeze-timeout'],
    causedBy: { 'resource-pressure.hung-task': ['fsfreeze.freeze-timeout'] },
  },
  {
    name: 'I/O stalls before the freeze explain its time-out',
    findings: [
      { id: 'fsfreeze.freeze-timeout', at: [30, 31], extension: VMSNAPSHOT },
      { id: 'resource-pressure.hung-task', severity: 'warning', at: [0, 20] },
    ],
    roots: ['resource-pressure.hung-task'],
    causedBy: { 'fsfreeze.freeze-timeout': ['resource-pressure.hung-task'] },
    confidence: 'high',
  },
  {
    name: 'an agent below the minimum explains a package it cannot fetch, whenever (a state, not an episode)',
    findings: [
      { id: 'agent-outdated.below-minimum' },
      { id: 'extension-failure.download', at: [600], extension: VMSNAPSHOT },
    ],
    roots: ['agent-outdated.below-minimum'],
    causedBy: { 'extension-failure.download': ['agent-outdated.below-minimum'] },
  },
  {
    name: 'an old agent does not make an extension’s own script exit 1',
    findings: [
      { id: 'agent-outdated.below-minimum', severity: 'warning', at: [0] },
      { id: 'extension-failure.non-zero-exit', at: [600], extension: CUSTOMSCRIPT },
    ],
    roots: ['extension-failure.non-zero-exit'],
    causedBy: {},
  },
  {
    name: 'a state seen only after the failure does not explain it',
    findings: [
      { id: 'extension-failure.download', at: [0], extension: VMSNAPSHOT },
      { id: 'agent-outdated.below-minimum', at: [600] },
    ],
    roots: ['extension-failure.download', 'agent-outdated.below-minimum'],
    causedBy: {},
  },
  {
    name: 'without times, findings from different files are not linked',
    findings: [{ id: 'agent-crash.events-folder-full', path: 'pasted.log' }, { id: 'extension-failure.processing', at: [0] }],
    roots: ['agent-crash.events-folder-full', 'extension-failure.processing'],
    causedBy: {},
  },
  {
    name: 'DHCP that recovered explains only what follows at once',
    findings: [
      { id: 'dhcp.no-response', severity: 'warning', at: [0, 2] },
      { id: 'network.wireserver-unreachable', at: [22, 60] },
    ],
    roots: ['network.wireserver-unreachable'],
    causedBy: {},
  },
  {
    name: 'an OOM kill after the crash does not explain it',
    findings: [
      { id: 'agent-crash.exthandler-exit', at: [0] },
      { id: 'resource-pressure.oom-kill', at: [0.5], path: 'var/log/kern.log' },
    ],
    roots: ['agent-crash.exthandler-exit', 'resource-pressure.oom-kill'],
    causedBy: {},
  },
  {
    name: 'findings with the same evidence are one finding: the more specific reading is kept, with the graver severity',
    findings: [
      { id: 'network.snapshot-network', severity: 'error', lines: [9, 10], at: [0, 1], extension: VMSNAPSHOT },
      { id: 'snapshot-failure.host-error', severity: 'warning', lines: [9, 10], at: [0, 1], extension: VMSNAPSHOT },
    ],
    roots: ['snapshot-failure.host-error'],
    merged: ['network.snapshot-network'],
  },
  {
    name: 'with no precedence, the graver reading of the same lines is kept',
    findings: [
      { id: 'agent-outdated.update-failing', severity: 'error', lines: [9, 10], at: [0, 1] },
      { id: 'network.storage-unreachable', severity: 'warning', lines: [9, 10], at: [0, 1] },
    ],
    roots: ['agent-outdated.update-failing'],
    merged: ['network.storage-unreachable'],
  },
  {
    name: 'a healthy bundle: no root cause, the summary says what was checked',
    findings: [],
    roots: [],
    confidence: 'high',
    summary: /^No failure found: network, agent-outdated, agent-crash, extension-failure, fsfreeze, resource-pressure, dhcp, snapshot-timeout, snapshot-failure, provisioning checked in 2 sources, nothing at error level\.$/,
  },
  {
    name: 'warnings alone are no root cause',
    findings: [
      { id: 'network.storage-unreachable', severity: 'warning', at: [0] },
      { id: 'bundle.missing-source', severity: 'warning' },
    ],
    roots: [],
    summary: /nothing at error level; 1 warning worth a look\.$/,
  },
  {
    name: 'a bundle problem is never the root cause',
    findings: [{ id: 'bundle.unreadable', at: [0] }],
    roots: [],
    confidence: 'medium',
  },
  {
    name: 'the symptom alone: named, with low confidence',
    findings: [{ id: 'snapshot-timeout.command-too-late', at: [0], extension: VMSNAPSHOT }],
    roots: ['snapshot-timeout.command-too-late'],
    confidence: 'low',
    summary: /^The backup fails: the snapshot command reached the VM too late \(CRP timeout, code 402\), and nothing in the bundle explains it\.$/,
  },
  {
    name: 'another extension failing in a backup bundle is not the backup’s failure',
    findings: [{ id: 'extension-failure.non-zero-exit', at: [0], extension: CUSTOMSCRIPT }],
    extensions: [VMSNAPSHOT],
    roots: ['extension-failure.non-zero-exit'],
    summary: /^No backup failure found; an extension command exits with a non-zero code \(CustomScript\)\.$/,
  },
  {
    name: 'a warning cause that explains an error is a root cause',
    findings: [
      { id: 'network.wireserver-unreachable', severity: 'warning', at: [0, 100] },
      { id: 'snapshot-timeout.command-too-late', at: [110], extension: VMSNAPSHOT },
    ],
    roots: ['network.wireserver-unreachable'],
    causedBy: { 'snapshot-timeout.command-too-late': ['network.wireserver-unreachable'] },
    confidence: 'high',
  },
  {
    name: 'a handler state that cannot be saved explains the refused downgrade of the same extension (one problem)',
    findings: [
      { id: 'extension-failure.handler-state', at: [0], extension: VMSNAPSHOT },
      { id: 'extension-failure.downgrade-not-allowed', at: [0], extension: VMSNAPSHOT },
    ],
    roots: ['extension-failure.handler-state'],
    causedBy: { 'extension-failure.downgrade-not-allowed': ['extension-failure.handler-state'] },
    confidence: 'high',
  },
];

describe('verdict: finding sets -> root causes', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const input = c.findings.map(finding);
      const { findings, verdict } = decideVerdict(input, LINUX_SOURCES, { extensions: (c.extensions ?? []).map((name) => ({ name })) });
      expect(verdict.rootCauses).toEqual(c.roots);
      if (c.confidence) expect(verdict.confidence).toBe(c.confidence);
      if (c.summary) expect(verdict.summary).toMatch(c.summary);
      if (c.causedBy) {
        for (const f of findings) expect(f.causedBy, f.id).toEqual(c.causedBy[f.id]);
      }
      for (const id of c.merged ?? []) expect(findings.map((f) => f.id)).not.toContain(id);
      // Root causes come first, each followed by what it explains.
      if (c.roots.length > 0) expect(findings[0]!.id).toBe(c.roots[0]);
      for (const f of findings) if (f.causedBy) expect(findings.findIndex((x) => x.id === f.causedBy![0])).toBeLessThan(findings.indexOf(f));
      // A consequence's fix starts with its cause.
      for (const f of findings) if (f.causedBy) expect(f.remediation[0]).toMatch(/^First fix what causes this: /);
      expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
    });
  }

  it('checked lists only what the sources can show', () => {
    const { verdict } = decideVerdict([], [{ path: 'Windows/System32/winevt/Logs/System.evtx', parser: 'evtx', events: 10 }], { extensions: [] });
    expect(verdict.checked).toEqual(['network', 'agent-crash', 'extension-failure', 'vss', 'resource-pressure', 'dhcp', 'vm-shutdown']);
    expect(verdict.checked).not.toContain('fsfreeze');
  });
});
