import detector from '../../src/detectors/agent-outdated.js';
import { log, testDetector } from '../helpers/detector-tester.js';

testDetector(detector, {
  valid: [
    {
      name: 'a current agent',
      log: log(
        '2024-03-01T10:00:00.000001Z INFO Daemon Daemon Azure Linux Agent Version: 2.9.1.1',
        '2024-03-01T10:00:00.000002Z INFO ExtHandler ExtHandler Azure Linux Agent (Goal State Agent version 2.15.0.1)',
        '2024-03-01T10:30:00.000002Z INFO ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-2.15.0.1 is running as the goal state agent [DEBUG HeartbeatCounter: 1;HeartbeatId: 0A1B;UpdateGSErrors: 0;AutoUpdate: 1;UpdateMode: SelfUpdate]',
      ),
    },
    {
      name: 'an agent that was downloaded and installed',
      log: log('2019/11/05 10:00:00.000001 INFO ExtHandler Agent WALinuxAgent-2.2.45 downloaded successfully'),
    },
    {
      name: 'an old daemon running a current goal-state agent',
      log: log(
        '2018/12/06 13:56:25.000001 INFO Azure Linux Agent Version:2.2.2',
        '2018/12/06 13:56:27.115368 INFO ExtHandler Agent WALinuxAgent-2.2.34 is running as the goal state agent',
      ),
    },
  ],
  invalid: [
    {
      name: 'a 2.0 agent',
      log: log('2015/09/13 14:44:03 Windows Azure Linux Agent Version: WALinuxAgent-2.0.13'),
      id: 'agent-outdated.below-minimum',
      severity: 'warning',
    },
    {
      name: 'a 2.2.0 daemon',
      log: log('2016/10/05 17:01:58.465810 INFO Azure Linux Agent Version:2.2.0'),
      id: 'agent-outdated.below-minimum',
      severity: 'warning',
    },
    {
      name: 'a 2.2.0 daemon that cannot update itself is stuck below the minimum: an error',
      log: log(
        '2016/10/05 17:01:58.465810 INFO Azure Linux Agent Version:2.2.0',
        '2016/10/05 17:02:02.923016 WARNING Incarnation 1 failed to get Prod package list: (000008)Failed to fetch ExtensionManifest from all sources',
      ),
      id: 'agent-outdated.below-minimum',
      severity: 'error',
      others: ['agent-outdated.update-failing'],
    },
    {
      name: 'auto-update off in the heartbeat',
      log: log('2024-03-01T10:30:00.000002Z INFO ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-2.12.0.2 is running as the goal state agent [DEBUG HeartbeatCounter: 1;HeartbeatId: 0A1B;UpdateGSErrors: 0;AutoUpdate: 0;UpdateMode: SelfUpdate]'),
      id: 'agent-outdated.auto-update-disabled',
    },
    {
      name: 'the agent manifest cannot be fetched (2.2.0)',
      log: log('2016/10/05 17:02:02.923016 WARNING Incarnation 1 failed to get Prod package list: (000008)Failed to fetch ExtensionManifest from all sources'),
      id: 'agent-outdated.update-failing',
    },
    {
      name: 'a downloaded agent cannot be installed (2.2.45 update.py): the disk first',
      log: log(
        '2019/11/05 10:00:00.000001 WARNING ExtHandler Agent WALinuxAgent-2.2.45 install failed with exception: Exception unpacking Agent WALinuxAgent-2.2.45 from /var/lib/waagent/WALinuxAgent-2.2.45.zip: [Errno 28] No space left on device',
      ),
      id: 'agent-outdated.update-failing',
      firstStep: /^Free disk space first/,
    },
    {
      name: 'the agent package cannot be downloaded from any channel (2.2.45)',
      log: log(
        '2019/11/05 10:00:00.000001 WARNING ExtHandler Download failed, switching to host plugin',
        '2019/11/05 10:00:05.000001 WARNING ExtHandler Host plugin download failed',
        '2019/11/05 10:00:05.000002 ERROR ExtHandler No download channels available',
      ),
      id: 'agent-outdated.update-failing',
    },
    {
      name: 'newer versions blacklisted',
      log: log('2017/06/17 22:20:18.224904 INFO Agent WALinuxAgent-2.2.8 is blacklisted - skipping download'),
      id: 'agent-outdated.blacklisted',
    },
  ],
});

testDetector(detector, {
  path: 'WindowsAzure/Logs/WaAppAgent.log',
  valid: [{ name: 'a current Windows agent', log: log('[00000006] 2024-11-04T21:58:01.112Z [INFO]  WindowsAzureGuestAgent starting. Version 2.7.41491.1176') }],
  invalid: [
    {
      name: 'an old Windows agent',
      log: log('[00000006] [11/14/2019 05:52:13.44] [INFO]  WindowsAzureGuestAgent starting. Version 2.7.41491.800'),
      id: 'agent-outdated.windows-below-minimum',
      severity: 'warning',
    },
  ],
});
