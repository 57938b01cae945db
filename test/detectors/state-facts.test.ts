// Findings raised from the agent's state files (facts), and the traps the docs name.
import extensionFailure from '../../src/detectors/extension-failure.js';
import fsfreeze from '../../src/detectors/fsfreeze.js';
import agentOutdated from '../../src/detectors/agent-outdated.js';
import snapshotFailure from '../../src/detectors/snapshot-failure.js';
import network from '../../src/detectors/network.js';
import { testDetector } from '../helpers/detector-tester.js';
import { SNAPSHOT_DIR, vmSnapshotStatus, waagentConf } from '../helpers/state-files.js';

const STATUS = `${SNAPSHOT_DIR}/status/41.status`;
const T = '2024-03-14T02:00:04Z';

testDetector(fsfreeze, {
  valid: [{ name: 'a successful backup status', files: { [STATUS]: vmSnapshotStatus({ status: 'success', code: '1', time: T }) } }],
  invalid: [
    {
      name: 'the ARM rewrite trap: "success" with code 122 is a freeze timeout',
      files: { [STATUS]: vmSnapshotStatus({ status: 'success', code: '122', time: T, substatus: 'error', extErrorCode: 'FailedRetryableFsFreezeTimeout' }) },
      id: 'fsfreeze.freeze-timeout',
      severity: 'error',
    },
  ],
});

testDetector(extensionFailure, {
  valid: [
    { name: 'a successful status', files: { [STATUS]: vmSnapshotStatus({ status: 'success', code: '1', time: T }) } },
    // The code belongs to the fsfreeze finding; it must not be a second, generic finding here.
    { name: 'a code another finding owns', files: { [STATUS]: vmSnapshotStatus({ status: 'error', code: '122', time: T }) } },
  ],
  invalid: [
    {
      name: 'the ARM rewrite trap: "success" over a generic error and an error substatus',
      files: { [STATUS]: vmSnapshotStatus({ status: 'success', code: '2', time: T, substatus: 'error', message: 'Enable failed with error' }) },
      id: 'extension-failure.status-error',
      severity: 'error',
    },
    {
      name: 'settings that cannot be parsed',
      files: { [`${SNAPSHOT_DIR}/config/41.settings`]: '{"runtimeSettings": [{"handlerSettings": {"publicSettings": {' },
      id: 'extension-failure.settings-invalid',
    },
    {
      name: 'a handler stuck after a failed upgrade',
      files: { [`${SNAPSHOT_DIR}/config/HandlerState`]: 'FailedUpgrade' },
      id: 'extension-failure.handler-stuck',
      severity: 'warning',
    },
    {
      name: 'extensions disabled in waagent.conf',
      files: { 'etc/waagent.conf': waagentConf({ 'Extensions.Enabled': 'n', 'AutoUpdate.Enabled': 'y' }) },
      id: 'extension-failure.extensions-disabled',
    },
  ],
});

testDetector(agentOutdated, {
  valid: [{ name: 'auto-update on', files: { 'etc/waagent.conf': waagentConf({ 'AutoUpdate.Enabled': 'y', 'Extensions.Enabled': 'y' }) } }],
  invalid: [
    {
      name: 'auto-update off in waagent.conf',
      files: { 'etc/waagent.conf': waagentConf({ 'AutoUpdate.Enabled': 'n' }) },
      id: 'agent-outdated.auto-update-disabled',
      severity: 'warning',
    },
    {
      name: 'a blacklisted agent version in error.json',
      files: { 'var/lib/waagent/WALinuxAgent-2.9.1.1/error.json': '{"last_failure": 1710381600.0, "failure_count": 3, "was_fatal": true, "reason": "crashed"}' },
      id: 'agent-outdated.blacklisted',
    },
  ],
});

testDetector(snapshotFailure, {
  valid: [{ name: 'a successful status', files: { [STATUS]: vmSnapshotStatus({ status: 'success', code: '1', time: T }) } }],
  invalid: [
    {
      name: 'the snapshot limit code in the status file',
      files: { [STATUS]: vmSnapshotStatus({ status: 'error', code: '85', time: T }) },
      id: 'snapshot-failure.snapshot-limit',
    },
  ],
});

testDetector(network, {
  valid: [{ name: 'a successful status', files: { [STATUS]: vmSnapshotStatus({ status: 'success', code: '1', time: T }) } }],
  invalid: [
    {
      name: 'no network for the snapshot (76) in the status file',
      files: { [STATUS]: vmSnapshotStatus({ status: 'error', code: '76', time: T }) },
      id: 'network.snapshot-network',
    },
  ],
});
