// fsfreeze: freezing or thawing the file systems for a consistent snapshot fails, times out, or never
// ends (the Linux analogue of VSS). Messages: ../shared/docs/backup-extension.md §1.5-1.6.
// Hung tasks inside a freeze window are this detector's (resource-pressure takes the others).
import { defineDetector } from './types.js';
import { reportStatusEvent, reportStatusFacts } from './snapshot-evidence.js';
import { FREEZE_WATCH, FreezePhases } from './freeze-phase.js';
import { BACKUP_VM_ERRORS } from '../knowledge/pages.js';

export default defineDetector({
  meta: {
    id: 'fsfreeze',
    category: 'fsfreeze',
    severity: 'error',
    title: 'Freezing the file systems for the snapshot fails',
    platform: 'linux',
    docs: `${BACKUP_VM_ERRORS}#usererrorfsfreezefailed---failed-to-freeze-one-or-more-mount-points-of-the-vm-to-take-a-file-system-consistent-snapshot`,
    remediation: [
      'Check the mount points named in the evidence: unmount stale or unreachable ones (NFS, CIFS, fuse), and list those that cannot be frozen under MountsToSkip in /etc/azure/vmbackup.conf (for example `MountsToSkip = /mnt/resource`).',
      'If freezing is slow, raise SafeFreezeWaitInSeconds (for example 600) under [SnapshotThread] in /etc/azure/vmbackup.conf, and schedule the backup outside heavy I/O.',
      'Retry the backup; if it keeps failing, collect /var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log and open a case.',
    ],
    watch: [
      ...FREEZE_WATCH,
      'Failed to FITHAW', 'freeze failed', 'took longer than timeout', 'open failed for some mount', 'Failed to open:', 'already freezed', 'aquire lock', 'safefreeze binary',
      'timely Thaw', 'SLEEP failure', 'result inconsistent', 'FsFreezeFailed', 'FsFreezeTimeout', 'UnableToOpenMount', 'SafeFreezeBinary', 'blocked for more than', 'Thawing: /',
      'signal handled: 0',
    ],
    // Windows records reach it as log lines do (warnings, errors, info records with a watch keyword).
    windowsEvents: [],
    variants: {
      'freeze-failed': { title: 'A mount point could not be frozen (FIFREEZE failed or the mount could not be opened)' },
      'freeze-timeout': { title: 'Freezing the file systems timed out' },
      'thaw-failed': {
        title: 'Thawing failed or came too late: the snapshot is inconsistent',
        remediation: [
          'Look for a device mounted twice (`findmnt`, duplicate entries in /etc/fstab) and remove the duplicate, and read `dmesg` for file-system errors on the mount named in the evidence (unmount, fsck, remount).',
          'A thaw that comes too late means the snapshot took longer than the freeze timeout: check CPU and I/O load during the backup window, then retry.',
        ],
      },
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
    const phases = new FreezePhases();
    return {
      event(event) {
        if (phases.holdHungTask(event)) return;
        const text = event.message;
        phases.note(event);
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
          for (const event of phases.stillFrozen()) context.report('stayed-frozen', event);
        }
        for (const e of phases.hungTasks(true)) context.report('hung-task-during-freeze', e, { detail: e.fields?.task });
      },
    };
  },
});

function mountOf(text: string): string | undefined {
  return /(?:FIFREEZE|FITHAW|open|stat): (\S+)/.exec(text)?.[1];
}
