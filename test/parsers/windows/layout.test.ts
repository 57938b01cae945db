// detectLayout: which kind of bundle a list of paths is (bundles.md §1-4).
import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../../src/parsers/windows/layout.js';

describe('detectLayout', () => {
  it('IID zips hold device_<N>/ paths (Windows or Linux, results.txt or not)', () => {
    expect(detectLayout(['device_0/WindowsAzure/Logs/WaAppAgent.log', 'device_0/Windows/System32/winevt/Logs/System.evtx'])).toBe('iid');
    expect(detectLayout(['results.txt', 'device_0/var/log/waagent.log', 'device_0/etc/os-release'])).toBe('iid');
    expect(detectLayout(['disk-inspect-123/device_1/var/lib/waagent/waagent_status.json'])).toBe('iid');
  });

  it('WALA logs.zip: results.txt at the root next to var/log and var/lib/waagent', () => {
    expect(detectLayout(['results.txt', 'var/log/waagent.log', 'var/lib/waagent/waagent_status.json'])).toBe('wala-logs-zip');
    expect(detectLayout(['logs/results.txt', 'logs/var/log/waagent.log'])).toBe('wala-logs-zip');
    // A results.txt deeper down is not the collector's.
    expect(detectLayout(['a/b/results.txt', 'var/log/syslog'])).toBe('linux-tarball');
  });

  it('CollectGuestLogs / VMAgentLogs reproduce WindowsAzure/Logs and Packages/Plugins', () => {
    expect(detectLayout(['WindowsAzure/Logs/WaAppAgent.log', 'Packages/Plugins/Microsoft.Compute.BGInfo/2.1/Status/0.status'])).toBe('collectguestlogs');
    expect(detectLayout(['VMAgentLogs/WindowsAzure/Logs/AggregateStatus/aggregatestatus.json'])).toBe('collectguestlogs');
    expect(detectLayout(['C:\\WindowsAzure\\Logs\\WaAppAgent.log'])).toBe('collectguestlogs');
    expect(detectLayout(['Logs/WaAppAgent.log', 'Logs/Plugins/Microsoft.Compute.BGInfo/2.1/CommandExecution.log'])).toBe('collectguestlogs');
    expect(detectLayout(['/windowsazure/logs/telemetry.log'])).toBe('collectguestlogs');
  });

  it('hand-made Linux tarballs', () => {
    expect(detectLayout(['var/log/waagent.log', 'var/log/syslog.1'])).toBe('linux-tarball');
    expect(detectLayout(['./var/lib/waagent/GoalState.1.xml'])).toBe('linux-tarball');
    expect(detectLayout(['backup/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log'])).toBe('linux-tarball');
    expect(detectLayout(['sosreport-host-2024/sos_commands/logs/journalctl_--no-pager'])).toBe('linux-tarball');
  });

  it('anything else is unknown, and bad input never throws', () => {
    expect(detectLayout([])).toBe('unknown');
    expect(detectLayout(['WaAppAgent.log'])).toBe('unknown');
    expect(detectLayout(['notes.txt', 'a/b/c.log', '', '/'])).toBe('unknown');
    expect(detectLayout([undefined as unknown as string, 42 as unknown as string])).toBe('unknown');
  });
});
