// fsfreeze: freezing or thawing the file systems for a consistent snapshot fails, times out, or never
// ends (the Linux analogue of VSS). Messages: ../shared/docs/backup-extension.md §1.5-1.6.
import { defineDetector } from './types.js';
import type { LogEvent } from '../model.js';
import { reportStatusEvent, reportStatusFacts } from './snapshot-evidence.js';

/** After a freeze, how long a hung-task report still counts as caused by it. */
const FREEZE_WINDOW_MS = 15 * 60_000;

export default defineDetector({
  meta: {
    id: 'fsfreeze',
    category: 'fsfreeze',
    severity: 'error',
    title: 'Freezing the file systems for the snapshot fails',
    docs: 'https://learn.microsoft.com/azure/backup/backup-azure-vms-troubleshoot#usererrorfsfreezefailed---failed-to-freeze-one-or-more-mount-points-of-the-vm-to-take-a-file-system-consistent-snapshot',
    remediation: [
      'Check the mount points named in the evidence: unmount stale or unreachable ones (NFS, CIFS, fuse), and list those that cannot be frozen under MountsToSkip in /etc/azure/vmbackup.conf (for example `MountsToSkip = /mnt/resource`).',
      'If freezing is slow, raise SafeFreezeWaitInSeconds (for example 600) under [SnapshotThread] in /etc/azure/vmbackup.conf, and schedule the backup outside heavy I/O.',
      'Retry the backup; if it keeps failing, collect /var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log and open a case.',
    ],
    watch: [
      'Failed to FIFREEZE', 'Failed to FITHAW', 'freeze failed', 'freeze timed-out', 'took longer than timeout', 'open failed for some mount',
      'Failed to open:', 'already freezed', 'aquire lock', 'safefreeze binary', 'timely Thaw', 'SLEEP failure', 'result inconsistent',
      'FsFreezeFailed', 'FsFreezeTimeout', 'UnableToOpenMount', 'SafeFreezeBinary', '****** 1. ', '****** 2. ', '****** 3. ', '****** 4. ', '****** 6. ', '****** 7. ', '****** 8. ', '****** 9. ', 'blocked for more than', 'T:S freeze', 'fsfreeze mount',
      'freezing the mount', 'Freezing: ', 'Thawing: /', 'sig_handle=0', 'signal handled: 0', 'snapshot result', 'Enable,success', 'Enable,error',
    ],
    variants: {
      'freeze-failed': { title: 'A mount point could not be frozen (FIFREEZE failed or the mount could not be opened)' },
      'freeze-timeout': { title: 'Freezing the file systems timed out' },
      'thaw-failed': { title: 'Thawing failed or came too late: the snapshot is inconsistent' },
      'binary-missing': {
        title: 'The safefreeze binary is missing',
        remediation: [
          'An antivirus or cleanup removed the extension’s safefreeze binary: exclude /var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-*/ from it, then uninstall the VMSnapshotLinux extension and retry the backup so that it is reinstalled.',
        ],
      },
      'lock-held': {
        title: 'Another process holds the freeze lock',
        severity: 'warning',
        remediation: [
          'Another freeze is running (Azure Site Recovery, a second backup, a script using fsfreeze): make sure they do not overlap with the backup window.',
        ],
      },
      'stayed-frozen': {
        title: 'The extension log stops while the file systems are frozen',
        severity: 'critical',
        remediation: [
          'The extension died or the VM hung while file systems were frozen: check the serial console log and /var/log/messages around that time for hung tasks, and thaw manually if needed (`fsfreeze -u <mount>`).',
          'Raise SafeFreezeWaitInSeconds and check the VM for CPU, memory or disk pressure during the backup window.',
        ],
      },
      'hung-task-during-freeze': {
        title: 'Tasks hung while the file systems were frozen',
        remediation: ['Processes blocked on frozen file systems: shorten the freeze (faster snapshot, fewer mounts via MountsToSkip) and keep heavy I/O away from the backup window.'],
      },
    },
  },
  create(context) {
    // Per extension log: was the last freeze marker a freeze start with no thaw or end after it?
    const frozenAt = new Map<string, LogEvent | undefined>();
    const freezes: number[] = [];
    const hung: LogEvent[] = [];
    return {
      event(event) {
        if (event.fields?.kind === 'hung-task') {
          if (hung.length < 50) hung.push(event);
          return;
        }
        const text = event.message;
        if (event.source === 'vmsnapshot-log') {
          if (FREEZE_START.test(text)) {
            frozenAt.set(event.path, event);
            if (event.time !== null) freezes.push(event.time);
          } else if (FREEZE_END.test(text)) {
            frozenAt.set(event.path, undefined);
          }
        }
        if (reportStatusEvent('fsfreeze', event, context)) return;
        if (/safefreeze binary is missing/.test(text)) return context.report('binary-missing', event);
        if (/freeze timed-out|freeze took longer than timeout|sig_handle=0|signal handled: 0\b/.test(text)) return context.report('freeze-timeout', event);
        if (/Failed to FITHAW|Failed to receive timely Thaw|Inconsistent snapshot because of SLEEP failure|snapshot result inconsistent/.test(text))
          return context.report('thaw-failed', event, { detail: mountOf(text) });
        if (/Failed to FIFREEZE|freeze failed for some mount|file open failed for some mount|Failed to open: /.test(text))
          return context.report('freeze-failed', event, { detail: mountOf(text) });
        if (/already freezed by some other processor|Failed to open file or aquire lock/.test(text)) context.report('lock-held', event);
      },
      finish(facts) {
        reportStatusFacts('fsfreeze', facts, context);
        // A log that ends frozen with no timeout or failure reported: the process or the VM hung.
        if (!context.has('freeze-timeout')) {
          for (const event of frozenAt.values()) if (event) context.report('stayed-frozen', event);
        }
        for (const e of hung) {
          if (e.time !== null && freezes.some((t) => e.time! >= t && e.time! - t <= FREEZE_WINDOW_MS)) {
            context.report('hung-task-during-freeze', e, { detail: e.fields?.task });
          }
        }
      },
    };
  },
});

/** Lines written as the freeze begins (flow steps 1-4, the py3 "T:S freeze" and per-mount lines). */
const FREEZE_START = /^\*{6} [1-4]\. |T:S freeze, timeout value|^fsfreeze mount :|^freezing the mount: |^Freezing: /;
/** Lines that show the freeze ended one way or another (thaw steps 7-9, a timeout, a result). */
const FREEZE_END = /^\*{6} [6-9]\. |Thaw|thaw|freeze timed-out|sig_handle=0|snapshot result|Enable,(?:success|error)|Failed to FIFREEZE|Binary Process completed/;

function mountOf(text: string): string | undefined {
  return /(?:FIFREEZE|FITHAW|open|stat): (\S+)/.exec(text)?.[1];
}
