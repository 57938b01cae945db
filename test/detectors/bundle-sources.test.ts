import bundle from '../../src/detectors/bundle.js';
import { log, testDetector } from '../helpers/detector-tester.js';
import { EXTENSION_LOG, HEALTHY_RUN } from '../helpers/vmsnapshot-lines.js';

const AGENT_WITH_BACKUP = log(
  '2024-03-14T02:00:00.000001Z INFO ExtHandler [Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0] Target handler state: enabled [incarnation_12]',
  '2024-03-14T02:30:00.000001Z INFO ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-2.10.0.8 is running as the goal state agent [DEBUG HeartbeatCounter: 1;HeartbeatId: 1;DroppedPackets: 0;UpdateGSErrors: 0;AutoUpdate: 1;UpdateMode: SelfUpdate]',
);

testDetector(bundle, {
  valid: [
    { name: 'the backup extension and its log', files: { 'var/log/waagent.log': AGENT_WITH_BACKUP, [EXTENSION_LOG]: log(...HEALTHY_RUN) } },
  ],
  invalid: [
    {
      name: 'the backup extension is installed but its log is missing',
      files: { 'var/log/waagent.log': AGENT_WITH_BACKUP },
      id: 'bundle.missing-source',
      severity: 'warning',
    },
    {
      name: 'the collector cut a file',
      files: {
        'results.txt': log('2024-03-14T03:00:00Z INFO Adding truncated file /var/log/waagent.log, size 31457280 b', '2024-03-14T03:00:01Z WARNING Archive too big, done with adding files.'),
        'truncated_var_log_waagent.log': AGENT_WITH_BACKUP,
        [EXTENSION_LOG]: log(...HEALTHY_RUN),
      },
      id: 'bundle.truncated',
    },
    {
      name: 'a log silent for a day',
      files: {
        'var/log/waagent.log': log(
          '2024-03-14T02:00:00.000001Z INFO ExtHandler ExtHandler Azure Linux Agent (Goal State Agent version 2.10.0.8)',
          '2024-03-15T04:00:00.000001Z INFO ExtHandler ExtHandler Azure Linux Agent (Goal State Agent version 2.10.0.8)',
        ),
      },
      id: 'bundle.log-gap',
      severity: 'info',
    },
  ],
});
