// How the verdict's sentence names a finding: "The backup fails because <clause>". Titles are headings ("No space
// left on device"); a clause reads after "because". Findings without a clause here fall back to their title.
// Core: no Node imports.
import type { Finding } from '../model.js';

const CLAUSES: Readonly<Record<string, string>> = {
  'network.wireserver-unreachable': 'the VM cannot reach the wire server (168.63.129.16)',
  'network.hostplugin-unreachable': 'the host plugin (168.63.129.16:32526) fails or cannot be reached',
  'network.storage-unreachable': 'downloads from Azure Storage fail',
  'network.throttled': 'the wire server throttles the agent',
  'network.tls-failure': 'HTTPS requests fail certificate verification',
  'network.dns-failure': 'name resolution fails for Azure endpoints',
  'network.proxy-failure': 'the HTTP proxy refuses or cannot tunnel the agent’s requests',
  'network.snapshot-network': 'the backup extension cannot reach storage or the host for the snapshot',
  'network.status-upload-failed': 'the agent cannot upload its status',
  'dhcp.send-failed': 'the agent cannot send its DHCP request, so it never learns the wire server address',
  'dhcp.no-response': 'no DHCP response reaches the agent, so it never learns the wire server address',
  'dhcp.wrong-endpoint': 'the agent uses a wire server address that is not 168.63.129.16',
  'dhcp.windows-client': 'the DHCP client cannot get or keep an address',
  'dhcp.client-failed': 'the DHCP client fails',
  'dhcp.endpoint-not-found': 'the wire server endpoint is never discovered through DHCP',
  'dhcp.client-not-running': 'the DHCP client is not running, so the wire server address cannot be renewed',
  'dhcp.windows-fabric-address': 'the guest agent finds no fabric address in the DHCP options',
  'resource-pressure.disk-full': 'the disk is full (no space left on device)',
  'resource-pressure.oom-kill': 'the VM runs out of memory and the kernel kills processes',
  'resource-pressure.low-memory': 'the VM runs low on memory',
  'resource-pressure.hung-task': 'I/O stalls block tasks for minutes',
  'resource-pressure.agent-throttled': 'the agent hits its CPU or memory quota',
  'agent-crash.exthandler-exit': 'the extension handler process keeps exiting with an error',
  'agent-crash.crash-loop': 'the guest agent restarts in a loop',
  'agent-crash.unclean-exit': 'the agent did not terminate cleanly',
  'agent-crash.unhandled-exception': 'the guest agent fails with an unhandled exception',
  'agent-crash.thread-died': 'an agent worker thread died',
  'agent-crash.memory-limit': 'the agent exceeds its memory limit and restarts',
  'agent-crash.events-folder-full': 'the agent’s events folder is full',
  'agent-crash.service-crash': 'the guest agent service terminated or failed to start',
  'agent-crash.windows-restart-loop': 'the guest agent restarts in a loop',
  'agent-crash.agent-process-crash': 'a guest agent program crashed',
  'agent-crash.known-defect': 'this agent version has a known crash defect',
  'agent-crash.traceback': 'the agent logged a Python traceback',
  'agent-crash.orphan-process': 'an agent process left behind by a self-update had to be killed',
  'agent-crash.windows-stuck-stopping': 'the guest agent service could not be stopped',
  'agent-outdated.below-minimum': 'the guest agent is older than the minimum supported version',
  'agent-outdated.windows-below-minimum': 'the guest agent is older than the minimum supported version',
  'agent-outdated.auto-update-disabled': 'guest agent auto-update is disabled',
  'agent-outdated.update-failing': 'the agent cannot update itself',
  'agent-outdated.behind-goal-state': 'the agent is older than the version the platform asks for',
  'agent-outdated.incompatible': 'the agent is too old for an extension',
  'agent-outdated.blacklisted': 'newer agent versions were disabled after they crashed',
  'extension-failure.non-zero-exit': 'an extension command exits with a non-zero code',
  'extension-failure.timeout': 'an extension command times out',
  'extension-failure.downgrade-not-allowed': 'the extension update is refused (downgrade not allowed)',
  'extension-failure.handler-state': 'the agent cannot read or write the extension’s handler state',
  'extension-failure.download': 'an extension package or manifest cannot be downloaded',
  'extension-failure.processing': 'the agent fails while processing extensions',
  'extension-failure.extension-error': 'an extension operation fails',
  'extension-failure.config-error': 'the extension configuration in the goal state is invalid',
  'extension-failure.dependency-failed': 'a dependent extension failed, so later extensions were skipped',
  'extension-failure.extensions-disabled': 'extension processing is disabled on the VM',
  'extension-failure.windows-plugin': 'the guest agent fails to install or enable an extension',
  'extension-failure.backup-extension-crash': 'the backup extension (IaaSBcdrExtension.exe) crashes',
  'extension-failure.vcredist-install': 'the Visual C++ runtime the backup extension needs fails to install',
  'extension-failure.status-error': 'an extension reports an error in its status',
  'extension-failure.settings-invalid': 'an extension’s settings file cannot be read',
  'extension-failure.handler-stuck': 'an extension handler is stuck in a failed state',
  'extension-failure.windows-certificates': 'the guest agent cannot load the certificates that protect extension settings',
  'extension-failure.operation-incomplete': 'an extension operation started but never finished',
  'fsfreeze.freeze-failed': 'a mount point cannot be frozen',
  'fsfreeze.freeze-timeout': 'freezing the file systems times out',
  'fsfreeze.thaw-failed': 'thawing fails or comes too late',
  'fsfreeze.binary-missing': 'the safefreeze binary is missing',
  'fsfreeze.lock-held': 'another process holds the freeze lock',
  'fsfreeze.stayed-frozen': 'the file systems stay frozen: the backup extension or the VM hung during the freeze',
  'fsfreeze.hung-task-during-freeze': 'tasks hang while the file systems are frozen',
  'vss.vss-error': 'the Volume Shadow Copy service reports errors',
  'vss.hold-writes-timeout': 'VSS cannot flush or hold writes in time (I/O pressure)',
  'vss.shadow-storage': 'shadow copies are deleted for lack of shadow storage',
  'vss.sql-writer': 'the SQL Server VSS writer fails during the backup',
  'vss.writer-failed': 'a VSS writer is in a failed or timed-out state',
  'snapshot-timeout.command-too-late': 'the snapshot command reached the VM too late (CRP timeout, code 402)',
  'snapshot-timeout.status-stuck': 'the backup extension’s status is stuck in transitioning',
  'snapshot-timeout.sequence-incomplete': 'a freeze/snapshot/thaw run started but never completed',
  'snapshot-failure.snapshot-limit': 'the disks reached their snapshot limit',
  'snapshot-failure.rate-exceeded': 'snapshot requests are throttled',
  'snapshot-failure.host-error': 'the host snapshot service answers with errors',
  'snapshot-failure.pre-post-script': 'a pre- or post-snapshot script fails',
  'snapshot-failure.workload': 'quiescing the database workload fails',
  'snapshot-failure.enable-failed': 'the backup extension’s enable step fails',
  'provisioning.failed': 'provisioning failed',
  'provisioning.dvd-unavailable': 'the provisioning DVD (ovf-env.xml) cannot be mounted',
  'provisioning.cloud-init-handshake': 'the cloud-init provisioning handshake never finishes',
  'provisioning.conflicting-agents': 'both cloud-init and the agent are set to provision the VM',
  'provisioning.oobe-not-complete': 'Windows setup (OOBE) never completed, so the agent waits',
  'provisioning.report-ready-failed': 'the VM cannot report ready to Azure after provisioning',
  'vm-shutdown.initiated-shutdown': 'the VM was shut down from inside',
  'vm-shutdown.unexpected-shutdown': 'the VM shut down unexpectedly',
  'vm-shutdown.near-backup': 'the VM was shut down from inside during the backup window',
};

/** The clause naming `f` in the verdict: after "because", or after "The backup fails:" when nothing explains it. */
export function becausePhrase(f: Finding): string {
  const clause = CLAUSES[f.id] ?? fromTitle(f.title);
  // "an extension command fails" says more with the extension's name; "the backup extension" already says it.
  const detail = f.extensions?.length === 1 && /\b(?:an|the) (?:extension|handler)\b|\bextension handler\b/.test(clause) ? ` (${shortName(f.extensions[0]!)})` : '';
  return clause + detail;
}

/** A heading as a clause: "VM cannot reach …" -> "the VM cannot reach …", "The agent …" -> "the agent …". */
function fromTitle(title: string): string {
  if (/^VM\b/.test(title)) return `the ${title}`;
  return /^[A-Z][a-z]/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title;
}

/** `Microsoft.Azure.RecoveryServices.VMSnapshotLinux` -> `VMSnapshotLinux`. */
function shortName(extension: string): string {
  return extension.slice(extension.lastIndexOf('.') + 1) || extension;
}

export const BECAUSE_CLAUSES = CLAUSES;
