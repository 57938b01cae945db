import vmShutdown from '../../src/detectors/vm-shutdown.js';
import { log, testDetector, testDetectorOnEvents, winEvent } from '../helpers/detector-tester.js';

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
