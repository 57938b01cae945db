// The causal model: which findings can explain which, as data. The verdict (src/report/verdict.ts) links two
// findings of a report only when a link below matches both AND the bundle supports it: the cause is seen before or
// around the consequence (within the link's window), and, for links about one extension, on the same extension.
// Each link carries a one-line reason a reviewer can check against ../shared/docs. Core: no Node imports.

/** A finding id (`network.wireserver-unreachable`) or every variant of a detector (`network.*`). */
export type FindingPattern = string;

export interface CausalLink {
  cause: readonly FindingPattern[];
  effect: readonly FindingPattern[];
  /**
   * How long after the cause was last seen a consequence can still follow (ms). `Infinity` for causes that are a
   * state (an old agent, a configuration), not an episode: they explain what follows them, however late.
   */
  within: number;
  /**
   * How long before the cause's first line a consequence may already show (ms; default `LEAD_MS`): a full disk is
   * full before anything says so, an OOM kill is logged the moment it happens.
   */
  lead?: number;
  /**
   * A cause its detector lowered below error has recovered (the DHCP endpoint was found after all): it then
   * explains only what follows within this window (default: `within`).
   */
  whenRecovered?: number;
  /** Both findings must concern the same extension when both name one. */
  sameExtension?: boolean;
  /** Why the cause explains the effect, with the section of ../shared/docs that says so. */
  why: string;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A consequence may show up this long before its cause's first line and still count (logs written a moment apart). */
export const LEAD_MS = 2 * MIN;

/** Consequences of losing the wire server: everything the agent fetches or reports through it. */
const WIRE_CONSEQUENCES = [
  'extension-failure.processing',
  'extension-failure.download',
  'extension-failure.operation-incomplete',
  'agent-outdated.update-failing',
  'agent-outdated.behind-goal-state',
  'network.status-upload-failed',
  'network.snapshot-network',
  'snapshot-timeout.*',
  'agent-crash.exthandler-exit',
  'agent-crash.unhandled-exception',
  'agent-crash.traceback',
  'agent-crash.events-folder-full',
];

export const CAUSAL_LINKS: readonly CausalLink[] = [
  // DHCP → wire server (waagent.md §4.5 D1-D5; backup-extension.md §4 cause 4 "DHCP").
  {
    cause: ['dhcp.*'],
    effect: ['network.wireserver-unreachable', 'network.hostplugin-unreachable', 'network.snapshot-network', 'provisioning.report-ready-failed', 'provisioning.failed', ...WIRE_CONSEQUENCES],
    within: 6 * HOUR,
    // Once the endpoint is found, later wire-server failures have another cause.
    whenRecovered: 5 * MIN,
    why: 'Without DHCP option 245 the agent has no wire server endpoint, so every call to 168.63.129.16 fails (waagent.md §4.5 D1-D5).',
  },
  {
    cause: ['dhcp.send-failed', 'dhcp.no-response', 'dhcp.client-failed', 'dhcp.client-not-running', 'dhcp.windows-client'],
    effect: ['dhcp.endpoint-not-found', 'dhcp.wrong-endpoint', 'dhcp.windows-fabric-address'],
    within: 6 * HOUR,
    why: 'The endpoint comes from option 245 of the DHCP reply: no request or no reply, no endpoint (waagent.md §4.5 D3-D5).',
  },
  {
    cause: ['dhcp.send-failed', 'dhcp.client-failed', 'dhcp.client-not-running'],
    effect: ['dhcp.no-response'],
    within: HOUR,
    why: 'A request that cannot be sent gets no reply (waagent.md §4.5 D3-D5).',
  },
  // Wire server → what goes through it (waagent.md §4.4 N6-N8, §6 rule 2).
  {
    cause: ['network.wireserver-unreachable'],
    effect: ['network.hostplugin-unreachable', 'provisioning.report-ready-failed', ...WIRE_CONSEQUENCES],
    within: 6 * HOUR,
    why: 'Goal states, extension manifests, status uploads and agent updates all go through 168.63.129.16 (waagent.md §4.4 N6-N8, §6 rule 2; seed cause 1).',
  },
  {
    cause: ['network.hostplugin-unreachable'],
    effect: ['extension-failure.download', 'extension-failure.processing', 'network.status-upload-failed', 'agent-crash.exthandler-exit', 'agent-crash.unhandled-exception', 'agent-crash.traceback', 'snapshot-timeout.*'],
    within: 6 * HOUR,
    why: 'The host plugin (32526) is the fallback channel for artifacts and status; a failing plugin made 2.2.x handlers exit (waagent.md §5 excerpt 15, §4.4 N13-N14).',
  },
  // Name resolution, proxy and TLS → storage downloads and the snapshot's blob calls (backup-extension.md §4 cause 1).
  {
    cause: ['network.dns-failure', 'network.proxy-failure', 'network.tls-failure'],
    effect: ['network.storage-unreachable', 'network.snapshot-network', 'network.status-upload-failed', 'extension-failure.download', 'agent-outdated.update-failing', 'snapshot-failure.host-error'],
    within: 6 * HOUR,
    why: 'Downloads and status blobs go to *.blob.core.windows.net over HTTPS: DNS, the proxy and TLS must all work (waagent.md §6 rule 3; backup-extension.md §4 cause 1).',
  },
  {
    cause: ['network.proxy-failure'],
    effect: ['network.wireserver-unreachable', 'network.hostplugin-unreachable'],
    within: 6 * HOUR,
    why: 'A proxy that 168.63.129.16 does not bypass breaks the agent’s calls to the wire server (waagent.md §4.4 N16).',
  },
  {
    cause: ['network.storage-unreachable', 'network.snapshot-network'],
    effect: ['extension-failure.download', 'agent-outdated.update-failing', 'snapshot-timeout.*', 'snapshot-failure.host-error', 'snapshot-failure.enable-failed'],
    within: 6 * HOUR,
    why: 'Extension packages, agent updates and snapshot blobs come from Azure Storage (backup-extension.md §1.7 snapshot network paths).',
  },
  // Resources → the agent and the extensions (waagent.md §4.6 R2, C3-C4; seed cause 4 "CPU or memory above 90%").
  {
    cause: ['resource-pressure.disk-full'],
    effect: ['agent-crash.*', 'extension-failure.*', 'agent-outdated.update-failing', 'agent-outdated.blacklisted', 'snapshot-timeout.*', 'snapshot-failure.*', 'fsfreeze.binary-missing', 'vss.shadow-storage', 'vss.vss-error', 'network.status-upload-failed'],
    within: 24 * HOUR,
    // A disk is full before a warning says so (Windows srv 2013 is periodic).
    lead: HOUR,
    why: 'With no space left the agent cannot write its state, status, events or packages, and crashes or fails extensions (waagent.md §4.6 R2).',
  },
  {
    cause: ['resource-pressure.oom-kill', 'resource-pressure.low-memory', 'resource-pressure.agent-throttled'],
    effect: ['agent-crash.*', 'extension-failure.timeout', 'extension-failure.non-zero-exit', 'extension-failure.operation-incomplete', 'snapshot-timeout.*', 'fsfreeze.freeze-timeout', 'fsfreeze.stayed-frozen', 'vss.hold-writes-timeout', 'vss.writer-failed'],
    within: 2 * HOUR,
    // The kernel logs a kill the moment it happens: what it kills fails after it.
    lead: 5_000,
    why: 'Out of memory the kernel kills the agent or the extension, and a starved VM misses the freeze and snapshot deadlines (seed cause 4; waagent.md §4.6 C3-C4).',
  },
  {
    cause: ['resource-pressure.hung-task'],
    effect: ['fsfreeze.freeze-timeout', 'fsfreeze.thaw-failed', 'snapshot-timeout.*', 'extension-failure.timeout'],
    within: 2 * HOUR,
    why: 'I/O stalls long enough for the kernel to report hung tasks make the freeze and the snapshot miss their time limits (backup-extension.md §0 item 3).',
  },
  // The freeze → the snapshot run (backup-extension.md §1.6 freeze/thaw timeline, §4 cause 4).
  {
    cause: ['fsfreeze.freeze-timeout', 'fsfreeze.freeze-failed', 'fsfreeze.thaw-failed', 'fsfreeze.stayed-frozen', 'fsfreeze.binary-missing', 'fsfreeze.lock-held'],
    effect: ['snapshot-timeout.*', 'snapshot-failure.enable-failed', 'extension-failure.status-error', 'extension-failure.timeout'],
    within: 3 * HOUR,
    sameExtension: true,
    why: 'A freeze that fails or times out ends the freeze/snapshot/thaw run early and leaves the status at an error or transitioning (backup-extension.md §1.6, codes 121-123).',
  },
  {
    cause: ['fsfreeze.freeze-timeout', 'fsfreeze.stayed-frozen', 'fsfreeze.thaw-failed'],
    effect: ['fsfreeze.hung-task-during-freeze', 'resource-pressure.hung-task'],
    within: 30 * MIN,
    why: 'Processes writing to a frozen file system block until the thaw; the kernel reports them as hung (backup-extension.md §1.6).',
  },
  // VSS → the Windows snapshot (windows.md §3, §4 cause 4).
  {
    cause: ['vss.*'],
    effect: ['snapshot-failure.*', 'snapshot-timeout.*', 'extension-failure.status-error', 'extension-failure.windows-plugin'],
    within: 3 * HOUR,
    why: 'The Windows snapshot is taken through VSS: a failing writer or provider fails or stalls it (windows.md §3, §4 cause 4).',
  },
  {
    cause: ['vss.sql-writer', 'vss.hold-writes-timeout'],
    effect: ['vss.vss-error', 'vss.writer-failed'],
    within: HOUR,
    why: 'The SQL writer’s failure and a hold-writes time-out show up again as generic VSS writer errors (windows.md §3, SQLWRITER 24583, VSS 12297/12298).',
  },
  // The agent → what it runs (seed cause 2; waagent.md §6 rule 1).
  {
    cause: ['agent-crash.*'],
    effect: ['snapshot-timeout.*', 'extension-failure.processing', 'extension-failure.operation-incomplete', 'extension-failure.handler-stuck', 'network.status-upload-failed'],
    within: 6 * HOUR,
    why: 'While the agent or its handler is down, extension commands and status reports wait (waagent.md §6 rule 1; seed cause 2).',
  },
  {
    cause: ['agent-crash.exthandler-exit', 'agent-crash.crash-loop', 'agent-crash.unhandled-exception', 'agent-crash.memory-limit', 'agent-crash.events-folder-full', 'agent-crash.known-defect', 'agent-crash.orphan-process'],
    effect: ['agent-outdated.blacklisted'],
    within: 6 * HOUR,
    why: 'A goal-state agent version that keeps failing is blacklisted and the daemon falls back to an older one (waagent.md §4.2 U8, §6 rule 1).',
  },
  {
    cause: ['agent-crash.unhandled-exception', 'agent-crash.memory-limit', 'agent-crash.events-folder-full', 'agent-crash.service-crash', 'agent-crash.agent-process-crash'],
    effect: ['agent-crash.exthandler-exit', 'agent-crash.crash-loop', 'agent-crash.unclean-exit', 'agent-crash.windows-restart-loop', 'agent-crash.traceback', 'agent-crash.thread-died'],
    within: HOUR,
    why: 'The exception or crash is why the process exits and is restarted (waagent.md §4.1 L5, L9-L12, L17-L24).',
  },
  {
    cause: ['agent-crash.exthandler-exit', 'agent-crash.crash-loop'],
    effect: ['agent-crash.unclean-exit', 'agent-crash.traceback'],
    within: HOUR,
    why: 'After the handler exits, the next start notes that it did not terminate cleanly (waagent.md §4.1 L17).',
  },
  {
    // Not an extension's own script failing (non-zero exit, time-out): an old agent does not make a script exit 1.
    cause: ['agent-outdated.below-minimum', 'agent-outdated.windows-below-minimum'],
    effect: [
      'agent-outdated.incompatible',
      'agent-outdated.update-failing',
      'extension-failure.download',
      'extension-failure.config-error',
      'extension-failure.handler-state',
      'extension-failure.processing',
      'extension-failure.operation-incomplete',
      'extension-failure.windows-plugin',
      'snapshot-timeout.*',
    ],
    within: Infinity,
    why: 'An agent below the supported minimum cannot handle current goal states and extension packages such as VMSnapshot’s, and its update path fails (seed cause 2; backup-extension.md §4 cause 2; waagent.md §5 excerpt 10).',
  },
  {
    cause: ['agent-outdated.incompatible'],
    effect: ['extension-failure.*', 'snapshot-timeout.*'],
    within: Infinity,
    why: 'An extension that needs a newer agent than the one running cannot be installed or enabled (waagent.md §4.3, "Failed to construct ConfigurationProvider").',
  },
  {
    cause: ['agent-crash.known-defect'],
    effect: ['agent-crash.*', 'extension-failure.processing', 'extension-failure.operation-incomplete', 'agent-outdated.blacklisted', 'snapshot-timeout.*'],
    within: Infinity,
    why: 'An agent version with a known crash defect crashes or stops processing extensions as the defect describes (src/knowledge/agent-versions.ts, with the issue each defect comes from; waagent.md §5).',
  },
  {
    cause: ['agent-outdated.auto-update-disabled'],
    effect: ['agent-outdated.below-minimum', 'agent-outdated.windows-below-minimum', 'agent-outdated.behind-goal-state'],
    within: Infinity,
    why: 'With auto-update off the agent stays on the version the image shipped (waagent.md §6 rule 5).',
  },
  {
    cause: ['extension-failure.extensions-disabled'],
    effect: ['snapshot-timeout.*', 'extension-failure.operation-incomplete', 'extension-failure.handler-stuck'],
    within: Infinity,
    why: 'With Extensions.Enabled=n the agent never runs VMSnapshot: the backup times out (backup-extension.md §2.1, MicrosoftDocs/azure-docs#42262).',
  },
  // An extension that cannot run → its own status and the snapshot (seed cause 3).
  {
    cause: ['extension-failure.non-zero-exit', 'extension-failure.timeout', 'extension-failure.downgrade-not-allowed', 'extension-failure.handler-state', 'extension-failure.settings-invalid', 'extension-failure.backup-extension-crash', 'extension-failure.vcredist-install', 'extension-failure.windows-plugin', 'extension-failure.windows-certificates', 'extension-failure.download', 'extension-failure.config-error'],
    effect: ['snapshot-timeout.*', 'extension-failure.status-error', 'extension-failure.handler-stuck', 'extension-failure.operation-incomplete', 'extension-failure.dependency-failed', 'snapshot-failure.enable-failed'],
    within: 6 * HOUR,
    sameExtension: true,
    why: 'An extension that cannot be installed, updated or enabled reports an error status, and when it is the backup extension the snapshot never runs (seed cause 3; backup-extension.md §4 cause 3).',
  },
  {
    cause: ['extension-failure.handler-state', 'extension-failure.handler-stuck'],
    effect: ['extension-failure.downgrade-not-allowed'],
    within: HOUR,
    sameExtension: true,
    why: 'The agent picks install, update or downgrade from the handler state on disk; with that state missing or corrupt it refuses the goal state’s version as a downgrade (backup-extension.md §4 cause 3 and §5 excerpt 02; waagent.md §5 excerpt 02).',
  },
  {
    cause: ['extension-failure.download', 'extension-failure.config-error'],
    effect: ['extension-failure.processing'],
    within: 6 * HOUR,
    why: 'A handler whose package or configuration cannot be read fails the processing of the goal state (waagent.md §4.3 E3-E5).',
  },
  // The snapshot's own failures → the time-out the portal shows (backup-extension.md §1.4).
  {
    cause: ['snapshot-failure.pre-post-script', 'snapshot-failure.host-error', 'snapshot-failure.snapshot-limit', 'snapshot-failure.workload'],
    effect: ['snapshot-timeout.*', 'snapshot-failure.enable-failed', 'extension-failure.status-error'],
    within: 3 * HOUR,
    sameExtension: true,
    why: 'A pre/post script, the host snapshot service or the snapshot limit fails the run, which ends in the extension’s error status (backup-extension.md §1.4, §2).',
  },
  // Shutdowns → whatever was running (windows.md §3 User32 1074; seed cause 4 "shut down from inside").
  {
    cause: ['vm-shutdown.*'],
    effect: ['snapshot-timeout.*', 'snapshot-failure.*', 'agent-crash.unclean-exit', 'agent-crash.service-crash', 'agent-crash.exthandler-exit', 'extension-failure.operation-incomplete', 'fsfreeze.stayed-frozen', 'vss.*'],
    within: 2 * HOUR,
    why: 'A shutdown from inside the VM during the backup window stops the agent and the snapshot half way (seed cause 4; windows.md §3 User32 1074, EventLog 6008).',
  },
  // Provisioning → everything after it (backup error UserErrorVmProvisioningStateFailed, backup-extension.md §2).
  {
    cause: ['provisioning.failed', 'provisioning.dvd-unavailable', 'provisioning.cloud-init-handshake', 'provisioning.conflicting-agents', 'provisioning.oobe-not-complete', 'provisioning.report-ready-failed'],
    effect: ['extension-failure.processing', 'extension-failure.operation-incomplete', 'extension-failure.handler-stuck', 'extension-failure.windows-plugin', 'snapshot-timeout.*', 'agent-outdated.update-failing'],
    within: Infinity,
    why: 'Until provisioning completes the agent does not process extensions; Windows agents wait for OOBE (waagent.md §4.7 P2-P8; windows.md §1 "Waiting for OOBE").',
  },
  {
    cause: ['extension-failure.windows-certificates'],
    effect: ['extension-failure.windows-plugin', 'extension-failure.status-error', 'extension-failure.settings-invalid'],
    within: 6 * HOUR,
    why: 'Without its transport certificate the agent cannot decrypt protected settings, so plugins fail to enable (windows.md §1; backup-extension.md §2 ExtensionConfigParsingFailure).',
  },
  {
    cause: ['provisioning.dvd-unavailable', 'provisioning.cloud-init-handshake', 'provisioning.conflicting-agents', 'provisioning.report-ready-failed'],
    effect: ['provisioning.failed'],
    within: Infinity,
    why: 'Without the provisioning DVD (ovf-env.xml) or the cloud-init handshake, provisioning fails (waagent.md §4.7 P4-P7).',
  },
];

/**
 * Two detectors that read the very same lines gave two readings of one problem: the report keeps one, the more
 * specific, listed here as [kept, dropped] (else the graver, then the one that is not a symptom).
 */
export const SAME_EVIDENCE_PRECEDENCE: readonly (readonly [FindingPattern, FindingPattern])[] = [
  // The host answered (HTTP 500 from the backup host service): a host error the extension reports as "no network"
  // (backup-extension.md §5 excerpt 06, azure-linux-extensions PR 2019).
  ['snapshot-failure.*', 'network.snapshot-network'],
  // A freeze that never ended explains the run that never finished, on the same line (backup-extension.md §1.6).
  ['fsfreeze.*', 'snapshot-timeout.*'],
];

/** True when `id` matches the pattern (`detector.*` or an exact id). */
export function matchesPattern(pattern: FindingPattern, id: string): boolean {
  return pattern.endsWith('.*') ? id.startsWith(pattern.slice(0, -1)) : pattern === id;
}

/**
 * How a finding tends to stand in a chain, for ranking root causes: a `cause` explains failures (a full disk, a
 * blocked port), a `symptom` is what the failure looks like from outside (the snapshot timed out, an error status).
 * A symptom is named as the root cause only when nothing in the bundle explains it, and the verdict says so.
 */
export const SYMPTOMS: readonly FindingPattern[] = [
  'snapshot-timeout.*',
  'extension-failure.status-error',
  'extension-failure.processing',
  'extension-failure.operation-incomplete',
  'extension-failure.handler-stuck',
  'extension-failure.dependency-failed',
  'snapshot-failure.enable-failed',
  'agent-crash.unclean-exit',
  'agent-crash.traceback',
  'network.status-upload-failed',
  'fsfreeze.hung-task-during-freeze',
];

/**
 * Findings that, as warnings explaining nothing else, are what a healthy VM also shows (one fetch that timed out and
 * recovered, a throttled call, an unclean exit at boot, an old agent that works): never named as the answer on their
 * own. Other warnings are, when the bundle shows nothing graver, with low confidence.
 */
export const MINOR_WARNINGS: readonly FindingPattern[] = [
  'agent-outdated.below-minimum',
  'agent-outdated.windows-below-minimum',
  'agent-outdated.auto-update-disabled',
  'agent-outdated.behind-goal-state',
  'network.storage-unreachable',
  'network.wireserver-unreachable',
  'network.hostplugin-unreachable',
  'network.throttled',
  'network.status-upload-failed',
  'agent-crash.unclean-exit',
  'agent-crash.traceback',
  'agent-crash.thread-died',
  'agent-crash.memory-limit',
  'dhcp.client-failed',
  'extension-failure.dependency-failed',
  'resource-pressure.agent-throttled',
  'snapshot-failure.rate-exceeded',
  'vss.shadow-storage',
  'fsfreeze.lock-held',
];

/** Categories that describe the bundle or its reading, never why the VM fails. */
export const NEVER_ROOT_CATEGORIES: readonly string[] = ['bundle', 'other'];
