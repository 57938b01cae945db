import { describe, expect, it } from 'vitest';
import { extensionLogParsers } from '../../../src/parsers/extension-logs/index.js';
import { router } from '../../../src/parsers/index.js';

const route = router(extensionLogParsers);
const V = 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux';

describe('extension-log globs (first match wins)', () => {
  it.each([
    [`${V}/extension.log`, 'vmsnapshot-log'],
    [`${V}/extension.log.1`, 'vmsnapshot-log'],
    [`${V}/extension.log.2.gz`, 'vmsnapshot-log'],
    [`${V}/extension.log-20240220`, 'vmsnapshot-log'],
    [`bundle-1/${V}/1.0.9199.0/extension.log`, 'vmsnapshot-log'],
    [`${V}/host_based_extension.log`, 'vmsnapshot-log'],
    ['host_based_extension.log', 'vmsnapshot-log'],
    ['serialconsole.log', 'vmsnapshot-log'],
    ['diag/serial-console-20240220.log', 'vmsnapshot-log'],
    ['console.log', 'vmsnapshot-log'],
    ['vm-01.serialconsole.log', 'vmsnapshot-log'],
    ['var/log/azure/Microsoft.Azure.Monitor.AzureMonitorLinuxAgent/console.log', 'generic-log'],
    [`${V}/shell.log`, 'vmsnapshot-shell'],
    [`${V}/shell.log.1`, 'vmsnapshot-shell'],
    [`${V}/events/1708390801000000000.json`, 'extension-events'],
    ['var/log/azure/Microsoft.Azure.Extensions.CustomScript/events/1.json', 'extension-events'],
    ['var/log/azure/custom-script/handler.log', 'generic-log'],
    ['var/log/azure/run-command-handler/handler.log.1', 'generic-log'],
    ['var/log/azure/Microsoft.Azure.Diagnostics.LinuxDiagnostic/extension.log', 'generic-log'],
    ['var/log/azure/Microsoft.Azure.Monitor.AzureMonitorLinuxAgent/extension.log', 'generic-log'],
    ['var/log/azure/custom-script/download/0/stdout.txt', 'generic-log'],
    ['var/log/azure/Microsoft.Azure.Extensions.CustomScript/CommandExecution.log', undefined],
    ['var/log/azure/Microsoft.CPlat.Core.RunCommandLinux/CommandExecution_runcmd.log', undefined],
    ['var/log/azure/Microsoft.Azure.Extensions.CustomScript/CommandExecution.log.1', undefined],
    ['var/log/waagent.log', undefined],
    [`var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9199.0/status/0.status`, undefined],
    ['var/lib/waagent/events/extension_events/Microsoft.Azure.Extensions.CustomScript/1.json', undefined],
    ['WindowsAzure/Logs/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.9199.0/IaaSBcdrExtension0.log', undefined],
    ['var/log/syslog', undefined],
  ])('%s -> %s', (path, id) => {
    expect(route.byPath(path)?.id).toBe(id);
  });
});
