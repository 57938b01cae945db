import detector from '../../src/detectors/snapshot-timeout.js';
import { log, testDetector } from '../helpers/detector-tester.js';
import { HEALTHY_RUN } from '../helpers/vmsnapshot-lines.js';

const P = '[Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0]';
const EXT_LOG = 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log';
const STATUS = 'var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/status/41.status';

const status = (state: string, code: string, time: string): string =>
  JSON.stringify([
    {
      version: '1.0',
      timestampUTC: time,
      status: {
        name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux',
        operation: 'Enable',
        status: state,
        code,
        formattedMessage: { lang: 'en-US', message: '{"messageStr": "Enable in progress", "snapshotConsistency": 0}' },
        substatus: [],
      },
    },
  ]);

testDetector(detector, {
  path: EXT_LOG,
  valid: [
    { name: 'a complete run', log: log(...HEALTHY_RUN) },
    { name: 'a final success status', files: { [STATUS]: status('success', '1', '2024-03-14T02:00:04Z') } },
    // The log ends with the file systems frozen: fsfreeze.stayed-frozen is that finding.
    { name: 'a run that stops while frozen, after the snapshot started', log: log(...HEALTHY_RUN.slice(0, 6)) },
  ],
  invalid: [
    {
      name: 'the command arrived after the CRP limit (402)',
      log: log(
        `2024-03-14 02:00:01.000001 ${P}timespan: 2:30:00, total_span_in_seconds: 9000, MAX_TIMESPAN: 8400`,
        `2024-03-14 02:00:01.000002 ${P}CRP timeout limit has reached, will not take snapshot.`,
      ),
      id: 'snapshot-timeout.command-too-late',
      severity: 'error',
    },
    {
      name: 'the status file is stuck at transitioning (code 4)',
      files: { [STATUS]: status('transitioning', '4', '2024-03-14T02:00:01Z') },
      id: 'snapshot-timeout.status-stuck',
    },
    {
      name: 'a run that stops after the thaw signal, before the binary completes',
      log: log(...HEALTHY_RUN.slice(0, 8)),
      id: 'snapshot-timeout.sequence-incomplete',
    },
    {
      name: 'a run cut short by the next run',
      log: log(...HEALTHY_RUN.slice(0, 6), ...HEALTHY_RUN),
      id: 'snapshot-timeout.sequence-incomplete',
      count: 1,
    },
  ],
});
