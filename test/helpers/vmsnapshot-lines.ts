// VMSnapshotLinux extension.log lines in the Python 3 format (`<utc> [Name-ver]msg`), shared by detector tests.
export const VMSNAPSHOT_PREFIX = '[Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0]';
export const EXTENSION_LOG = 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log';

export const py3 = (seconds: string, msg: string): string => `2024-03-14 02:00:${seconds} ${VMSNAPSHOT_PREFIX}${msg}`;

/** A complete, healthy freeze/snapshot/thaw run (flow steps 1-9, backup-extension.md §1.5). */
export const HEALTHY_RUN = [
  py3('01.000001', 'starting enable'),
  py3('01.100000', 'T:S freeze, timeout value 60'),
  py3('01.200000', 'fsfreeze mount :/'),
  py3('01.300000', '****** 1. Starting Freeze Binary'),
  py3('01.400000', '****** 4. Freeze Completed (Signal=1 received)'),
  py3('01.500000', '****** 5. Snaphotting (Host) Started'),
  py3('03.500000', '****** 6. Snaphotting (Host) Completed'),
  py3('03.600000', '****** 7. Sending Thaw Signal to Binary'),
  py3('03.700000', '****** 9. Binary Process completed (Signal=2 received)'),
  py3('04.000000', 'Enable,success,1,Enable Succeeded,'),
];
