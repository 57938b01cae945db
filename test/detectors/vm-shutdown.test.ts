import vmShutdown from '../../src/detectors/vm-shutdown.js';
import { describe, expect, it } from 'vitest';
import { findingsForEvents, log, testDetector, testDetectorOnEvents, winEvent } from '../helpers/detector-tester.js';

testDetectorOnEvents(vmShutdown, {
  valid: [{ name: 'a clean start', events: [winEvent({ provider: 'EventLog', id: 6005, level: 'info' })] }],
  invalid: [
    {
      name: 'a user shuts the VM down over RDP',
      events: [winEvent({ provider: 'User32', id: 1074, level: 'info', data: { param1: 'C:\\Windows\\system32\\shutdown.exe (WINVM01)', param3: 'Other (Unplanned)', param5: 'power off', param7: 'WINVM01\\admin' } })],
      id: 'vm-shutdown.initiated-shutdown',
      severity: 'warning',
    },
    { name: 'an unexpected shutdown', events: [winEvent({ provider: 'EventLog', id: 6008 })], id: 'vm-shutdown.unexpected-shutdown' },
    {
      name: 'a shutdown during the backup',
      events: [
        winEvent({ provider: 'VSS', id: 8193, channel: 'Application', time: '2024-03-14T02:00:00Z' }),
        winEvent({ provider: 'User32', id: 1074, level: 'info', time: '2024-03-14T02:10:00Z', data: { param1: 'explorer.exe', param7: 'WINVM01\\admin' } }),
      ],
      id: 'vm-shutdown.near-backup',
      severity: 'error',
    },
  ],
});


testDetector(vmShutdown, {
  path: 'var/log/syslog',
  valid: [{ name: 'a service stopping', log: log('2024-03-14T02:00:01.000000+00:00 vm1 systemd[1]: Stopping Daily apt download activities...') }],
  invalid: [
    {
      name: 'the Linux guest reboots',
      log: log('2024-03-14T02:00:01.000000+00:00 vm1 kernel: [98765.432100] reboot: Restarting system'),
      id: 'vm-shutdown.initiated-shutdown',
    },
  ],
});

testDetectorOnEvents(vmShutdown, {
  valid: [],
  invalid: [
    {
      name: 'an unexpected stop during the backup is one finding, near-backup',
      events: [
        winEvent({ provider: 'VSS', id: 12297, channel: 'Application', time: '2024-03-14T02:00:00Z' }),
        winEvent({ provider: 'EventLog', id: 6008, time: '2024-03-14T02:30:00Z' }),
      ],
      id: 'vm-shutdown.near-backup',
      count: 1,
    },
  ],
});

describe('vm-shutdown on a log of many shutdowns and many backup records', () => {
  // Every shutdown used to be compared with every backup time kept (5,000 shutdowns and millions of VSS records:
  // minutes); TimeBuckets answers in a few lookups. The answers must stay exact, at the window's edge too.
  it('relates each shutdown to the backup records within two hours', () => {
    const HOUR = 3_600_000;
    const start = Date.parse('2024-01-01T00:00:00Z');
    const events = [];
    // Backup records every 36 seconds for the first 1,000 hours.
    for (let i = 0; i < 100_000; i++) events.push(winEvent({ provider: 'VSS', id: 8229, level: 'warning', time: new Date(start + i * 36_000).toISOString() }));
    // Shutdowns: 4,000 within the backups' span, 999 more than two hours after their end, one exactly two hours after.
    const lastBackup = start + 99_999 * 36_000;
    for (let i = 0; i < 4000; i++) events.push(shutdownAt(start + i * 900_000));
    for (let i = 0; i < 999; i++) events.push(shutdownAt(lastBackup + 2 * HOUR + 1 + i * 60_000));
    events.push(shutdownAt(lastBackup + 2 * HOUR));
    const findings = findingsForEvents(vmShutdown, events);
    expect(findings.find((f) => f.id === 'vm-shutdown.near-backup')?.count).toBe(4001);
    expect(findings.find((f) => f.id === 'vm-shutdown.initiated-shutdown')?.count).toBe(999);
  });
});

function shutdownAt(ms: number) {
  return winEvent({ provider: 'User32', id: 1074, level: 'info', time: new Date(ms).toISOString(), data: { param1: 'C:\\Windows\\system32\\shutdown.exe', param7: 'vm\\admin' } });
}
