import detector from '../../src/detectors/extension-failure.js';
import { log, testDetector } from '../helpers/detector-tester.js';

const CSE = '[Microsoft.Azure.Extensions.CustomScript-2.1.10]';

testDetector(detector, {
  valid: [
    {
      name: 'a successful install and enable',
      log: log(
        `2024-03-01T10:00:00.000001Z INFO ExtHandler ${CSE} Target handler state: enabled [incarnation 2]`,
        `2024-03-01T10:00:00.000002Z INFO ExtHandler ${CSE} Downloading extension package: https://x.blob.core.windows.net/y/Microsoft.Azure.Extensions__CustomScript__2.1.10`,
        `2024-03-01T10:00:01.000002Z INFO ExtHandler ${CSE} Unzipping extension package: /var/lib/waagent/Microsoft.Azure.Extensions__CustomScript__2.1.10.zip`,
        `2024-03-01T10:00:02.000002Z INFO ExtHandler ${CSE} Install extension [bin/custom-script-shim install]`,
        `2024-03-01T10:00:03.000002Z INFO ExtHandler ${CSE} Enable extension: [bin/custom-script-shim enable]`,
      ),
    },
    {
      name: 'an informational Event line for a download that succeeded',
      log: log('2018/07/19 18:13:13.490002 INFO Event: name=Microsoft.Azure.Extensions.CustomScript, op=Download, message=Download succeeded, duration=132'),
    },
    {
      name: 'the agent’s own launch failure (agent-crash owns it)',
      log: log("2017/06/17 22:20:18.227055 ERROR Event: name=WALinuxAgent, op=Enable, message=Agent WALinuxAgent-2.2.0 launched with command 'python -u /usr/sbin/waagent -run-exthandlers' failed with exception: x"),
    },
  ],
  invalid: [
    {
      name: 'install exits 1 (2.2.26)',
      log: log('2018/07/19 18:13:14.496545 ERROR Event: name=Microsoft.Azure.Extensions.CustomScript, op=Install, message=[ExtensionError] Non-zero exit code: 1, bin/custom-script-shim install, duration=0'),
      id: 'extension-failure.non-zero-exit',
      severity: 'error',
    },
    {
      name: 'enable exits 127 with stdout/stderr continuation lines (2.2.47+)',
      log: log(
        `2024-03-01T10:00:00.000001Z ERROR ExtHandler ${CSE} Event: name=Microsoft.Azure.Extensions.CustomScript, op=Enable, message=[ExtensionOperationError] Non-zero exit code: 127, bin/custom-script-shim enable`,
        '[stdout]',
        '',
        '[stderr]',
        '/bin/sh: 1: bin/custom-script-shim: not found',
        ', duration=12',
      ),
      id: 'extension-failure.non-zero-exit',
    },
    {
      name: 'enable times out',
      log: log(`2024-03-01T10:05:00.000001Z ERROR ExtHandler ${CSE} Event: name=Microsoft.Azure.Extensions.CustomScript, op=Enable, message=[ExtensionOperationError] Timeout(300): bin/custom-script-shim enable, duration=300000`),
      id: 'extension-failure.timeout',
    },
    {
      name: 'downgrade not allowed (VMSnapshotLinux, 2.2.22)',
      log: log('2018/03/05 14:31:57.747218 ERROR Event: name=Microsoft.Azure.RecoveryServices.VMSnapshotLinux, op=None, message=[ExtensionError] Downgrade not allowed, duration=0'),
      id: 'extension-failure.downgrade-not-allowed',
      severity: 'error',
    },
    {
      name: 'handler status cannot be saved',
      log: log("2018/03/05 14:31:57.745038 ERROR [Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9120.0] Failed to save handler status: [Errno 2] No such file or directory: '/var/lib/waagent/x/config/HandlerStatus'"),
      id: 'extension-failure.handler-state',
    },
    {
      name: 'extension processing raises (2.2.34)',
      log: log("2018/12/13 18:51:40.004441 WARNING ExtHandler Exception processing extension handlers: 'NoneType' object is not iterable"),
      id: 'extension-failure.processing',
    },
    {
      name: 'artifacts cannot be downloaded',
      log: log(`2024-03-01T10:00:00.000001Z ERROR ExtHandler ${CSE} Event: name=Microsoft.Azure.Extensions.CustomScript, op=Download, message=Failed to download artifacts: [ExtensionDownloadError] Failed to download extension package from all URIs, duration=0`),
      id: 'extension-failure.download',
      severity: 'error',
    },
    {
      name: 'extensions disabled',
      log: log("2024-03-01T10:00:00.000001Z INFO ExtHandler ExtHandler Extension 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux' will not be processed since extension processing is disabled. To enable extension processing, set Extensions.Enabled=y in '/etc/waagent.conf'"),
      id: 'extension-failure.extensions-disabled',
      severity: 'warning',
    },
    {
      name: 'a download that never completes',
      log: log(
        `2019/04/13 14:55:05.325941 INFO ${CSE} Target handler state: enabled`,
        `2019/04/13 14:55:05.342185 INFO ${CSE} Downloading extension package: https://x.blob.core.windows.net/y/Microsoft.Azure.Extensions__CustomScript__2.1.10`,
      ),
      id: 'extension-failure.operation-incomplete',
      severity: 'warning',
    },
  ],
});

testDetector(detector, {
  valid: [
    {
      name: 'the agent’s own family manifest (agent-outdated owns it)',
      log: log('2016/10/05 17:02:02.923016 WARNING Incarnation 1 failed to get Prod package list: (000008)Failed to fetch ExtensionManifest from all sources'),
    },
  ],
  invalid: [],
});

testDetector(detector, {
  path: 'WindowsAzure/Logs/WaAppAgent.log',
  valid: [
    { name: 'a plugin enabled', log: log('[00000006] 2024-11-04T21:58:04.011Z [INFO]  Successfully enabled plugin Microsoft.Azure.RecoveryServices.VMSnapshot.') },
  ],
  invalid: [
    {
      name: 'the Windows agent fails to enable the backup plugin',
      log: log('[00000006] 2024-11-04T21:58:04.011Z [ERROR] Failed to enable plugin Microsoft.Azure.RecoveryServices.VMSnapshot. Error: the process exited with code 1'),
      id: 'extension-failure.windows-plugin',
      severity: 'error',
    },
  ],
});
