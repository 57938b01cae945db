import { describe, expect, it } from 'vitest';
import detector, { MAX_DOWNLOAD_EXTENSIONS } from '../../src/detectors/extension-failure.js';
import type { LogEvent } from '../../src/model.js';
import { findingsForEvents, log, testDetector } from '../helpers/detector-tester.js';

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
      firstStep: /^Exit code 127 means the shell could not find a program/,
    },
    {
      name: 'CustomScript exits 127 because python is missing: install python first, not "remove and re-add"',
      log: log(
        `2024-03-14T02:30:02.300441Z ERROR ExtHandler ExtHandler Event: name=Microsoft.Azure.Extensions.CustomScript, op=Enable, message=[ExtensionOperationError] Non-zero exit code: 127, bin/custom-script-shim enable`,
        '[stdout]',
        '',
        '[stderr]',
        '/bin/sh: 1: python: not found',
        ', duration=2170',
      ),
      id: 'extension-failure.non-zero-exit',
      firstStep: /install Python 3 .*apt-get install python3/,
    },
    {
      name: 'a script whose shebang names python',
      log: log(
        `2024-03-14T02:30:02.300441Z ERROR ExtHandler ExtHandler Event: name=Microsoft.Azure.Extensions.CustomScript, op=Enable, message=[ExtensionOperationError] Non-zero exit code: 127, bin/custom-script-shim enable`,
        '[stderr]',
        "/usr/bin/env: 'python': No such file or directory",
        ', duration=2170',
      ),
      id: 'extension-failure.non-zero-exit',
      firstStep: /install Python 3/,
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
      firstStep: /rm \/var\/lib\/waagent\/\*\.manifest\.xml/,
    },
    {
      name: 'handler status cannot be written: permission denied',
      log: log("2024-03-14T02:30:02.400551Z ERROR ExtHandler [Microsoft.Azure.Extensions.CustomScript-2.1.10] Failed to save handler status: [Errno 13] Permission denied: '/var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/config/HandlerStatus'"),
      id: 'extension-failure.handler-state',
      firstStep: /^Permission denied on the path .*SELinux/,
    },
    {
      name: 'handler state cannot be written: read-only file system',
      log: log("2024-03-14T02:30:02.400551Z ERROR ExtHandler [Microsoft.Azure.Extensions.CustomScript-2.1.10] Failed to set state: [Errno 30] Read-only file system: '/var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/config/HandlerState'"),
      id: 'extension-failure.handler-state',
      firstStep: /file system is read-only/,
    },
    {
      name: 'handler state cannot be written: disk full',
      log: log("2024-03-14T02:30:02.400551Z ERROR ExtHandler [Microsoft.Azure.Extensions.CustomScript-2.1.10] Failed to save handler status: [Errno 28] No space left on device"),
      id: 'extension-failure.handler-state',
      firstStep: /^Free disk space first/,
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
      name: 'artifacts cannot be downloaded through the proxy',
      log: log(`2024-03-01T10:00:00.000001Z ERROR ExtHandler ${CSE} Event: name=Microsoft.Azure.Extensions.CustomScript, op=Download, message=Failed to download artifacts: [ExtensionDownloadError] [HTTP Failed] GET https://x.blob.core.windows.net/y -- IOError Tunnel connection failed: 407 Proxy Authentication Required, duration=0`),
      id: 'extension-failure.download',
      firstStep: /HttpProxy\.Host and HttpProxy\.Port in \/etc\/waagent\.conf/,
    },
    {
      name: 'artifacts cannot be downloaded: the storage name does not resolve',
      log: log(`2024-03-01T10:00:00.000001Z ERROR ExtHandler ${CSE} Event: name=Microsoft.Azure.Extensions.CustomScript, op=Download, message=Failed to download artifacts: [ExtensionDownloadError] [HTTP Failed] GET https://x.blob.core.windows.net/y -- IOError [Errno -2] Name or service not known, duration=0`),
      id: 'extension-failure.download',
      firstStep: /^Names do not resolve: .*resolv\.conf/,
    },
    {
      name: 'artifacts cannot be downloaded: certificate verification fails',
      log: log(`2024-03-01T10:00:00.000001Z ERROR ExtHandler ${CSE} Event: name=Microsoft.Azure.Extensions.CustomScript, op=Download, message=Failed to download artifacts: [ExtensionDownloadError] [HTTP Failed] GET https://x.blob.core.windows.net/y -- IOError [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed, duration=0`),
      id: 'extension-failure.download',
      firstStep: /CA bundle .*timedatectl/,
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
    { name: 'certificates installed', log: log('[00000003] 2024-11-04T21:58:04.011Z [INFO]  Installing certificates in the LocalMachine store succeeded.') },
  ],
  invalid: [
    {
      name: 'the agent cannot get the transport certificate: RdCrypt (SupportArticles-docs windows-azure-guest-agent.md)',
      log: log(
        '[00000004] [01/12/2019 00:30:47.24] [ERROR] RdCrypt Initialization failed. Error Code: -2147023143.',
        '[00000004] [01/12/2019 00:30:47.24] [ERROR] Failed to get TransportCertificate. Error: System.AccessViolationException',
      ),
      id: 'extension-failure.windows-certificates',
      count: 2,
      firstStep: /CNG Key Isolation/,
    },
    {
      name: 'the certificates cannot be imported (PFXImportCertStore, error 86)',
      log: log(
        '[00000003] [10/21/2020 02:37:45.98] [ERROR] Installing certificates in the LocalMachine store failed with exception: Microsoft.WindowsAzure.GuestAgent.CertificateManager.CryptographyNative+PInvokeException: PInvoke PFXImportCertStore failed and null handle is returned. Error Code: 86.',
      ),
      id: 'extension-failure.windows-certificates',
      firstStep: /Crypto\\Keys/,
    },
    {
      name: 'plugins cannot be installed: .NET runs 64-bit programs as 32-bit',
      log: log(
        '[00000010] 2021-01-12T16:35:45Z [ERROR] InstallPlugins() failed with exception: System.AggregateException: One or more errors occurred. ---> System.BadImageFormatException: An attempt was made to load a program with an incorrect format. (Exception from HRESULT: 0x8007000B)',
      ),
      id: 'extension-failure.windows-plugin',
      firstStep: /Enable64Bit/,
    },
    {
      name: 'the Windows agent fails to enable the backup plugin',
      log: log('[00000006] 2024-11-04T21:58:04.011Z [ERROR] Failed to enable plugin Microsoft.Azure.RecoveryServices.VMSnapshot. Error: the process exited with code 1'),
      id: 'extension-failure.windows-plugin',
      severity: 'error',
    },
  ],
});

// VMSnapshotLinux's shell.log: handle.sh finds no python (backup-extension.md §1.5, rc 3).
testDetector(detector, {
  path: 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/shell.log',
  valid: [{ name: 'python found', log: log('Thu May  2 02:00:03 UTC 2024- python3 path exists', 'Thu May  2 02:00:24 UTC 2024- 0 returned from handle.py') }],
  invalid: [
    {
      name: 'no python on the image',
      log: log('Sun Mar  3 04:05:07 UTC 2024- The command is enable, exiting...', 'Sun Mar  3 04:05:07 UTC 2024- python version unknown'),
      id: 'extension-failure.non-zero-exit',
      firstStep: /install Python 3/,
    },
  ],
});

describe('extension-failure in bounded memory', () => {
  const start = Date.parse('2024-03-01T10:00:00Z');
  const step = (i: number, version: string, message: string): LogEvent => ({
    time: start + i,
    timeText: new Date(start + i).toISOString(),
    timeSource: 'utc',
    level: 'info',
    source: 'waagent-log',
    path: 'var/log/waagent.log',
    line: i + 1,
    message,
    extension: { name: 'Microsoft.Azure.Extensions.CustomScript', version },
  });
  const download = (i: number, version: string) => step(i, version, `Downloading extension package: https://x.blob.core.windows.net/y/CustomScript__${version}`);
  const unzip = (i: number, version: string) => step(i, version, `Unzipping extension package: /var/lib/waagent/CustomScript__${version}.zip`);

  it('100,000 versions downloaded and unzipped, the last one never finished: that one incomplete download', () => {
    const events: LogEvent[] = [];
    for (let i = 0; i < 100_000; i++) events.push(download(2 * i, `1.${i}`), unzip(2 * i + 1, `1.${i}`));
    events.push(download(300_000, '9.9'));
    const incomplete = findingsForEvents(detector, events).filter((f) => f.id === 'extension-failure.operation-incomplete');
    expect(incomplete).toHaveLength(1);
    expect(incomplete[0]!.count).toBe(1);
    expect(incomplete[0]!.evidence.at(-1)!.text).toMatch(/CustomScript__9\.9$/);
  });

  it('100,000 versions that never finish: at most the bound is remembered, the newest among them', () => {
    const events = Array.from({ length: 100_000 }, (_, i) => download(i, `1.${i}`));
    const incomplete = findingsForEvents(detector, events).find((f) => f.id === 'extension-failure.operation-incomplete')!;
    expect(incomplete.count).toBe(MAX_DOWNLOAD_EXTENSIONS);
    expect(incomplete.evidence.at(-1)!.text).toMatch(/CustomScript__1\.99999$/);
  });
});
