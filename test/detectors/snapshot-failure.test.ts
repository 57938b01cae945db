import detector from '../../src/detectors/snapshot-failure.js';
import { log, testDetector } from '../helpers/detector-tester.js';
import { HEALTHY_RUN } from '../helpers/vmsnapshot-lines.js';

const P = '[Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0]';
const py3 = (msg: string): string => `2024-03-14 02:00:05.000001 ${P}${msg}`;

testDetector(detector, {
  path: 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log',
  valid: [
    { name: 'a complete run', log: log(...HEALTHY_RUN) },
    { name: 'a successful host pre-snapshot', log: log(py3('PreSnapshot: Status Code: 200')) },
  ],
  invalid: [
    {
      name: 'snapshot count limit (85)',
      log: log(py3('T:S Enable failed with FailedSnapshotLimitReached errror StatusCode.FailedSnapshotLimitReached,')),
      id: 'snapshot-failure.snapshot-limit',
      severity: 'error',
    },
    {
      name: 'snapshot rate exceeded (173)',
      log: log(py3('Retrying when snapshot failed with SnapshotRateExceeded')),
      id: 'snapshot-failure.rate-exceeded',
      severity: 'warning',
    },
    {
      name: 'host DoSnapshot 500 (serial-console format)',
      log: log('2024-10-22 22:49:39.187634  Info  dosnapshot responseBody: StatusCode:500, ErrorMessage: Could not find config corresponding to the Disk'),
      id: 'snapshot-failure.host-error',
    },
    {
      name: 'a pre-script times out',
      log: log(py3('Prescript for /opt/app/pre.sh timed out.')),
      id: 'snapshot-failure.pre-post-script',
    },
    {
      name: 'workload quiescing fails',
      log: log(py3('Workload Patch failed with error message: cannot connect StatusCode.FailedWorkloadConnectionError,')),
      id: 'snapshot-failure.workload',
    },
  ],
});
