import detector from '../../src/detectors/resource-pressure.js';
import { log, testDetector, testDetectorOnEvents, winEvent } from '../helpers/detector-tester.js';

testDetector(detector, {
  valid: [{ name: 'normal cgroup setup', log: log('2024-03-01T10:00:00.000001Z INFO ExtHandler ExtHandler Started tracking cgroup walinuxagent.service') }],
  invalid: [
    {
      name: 'disk full while writing events',
      log: log('2024-03-01T10:00:00.000001Z WARNING ExtHandler ExtHandler Failed to write events to file: [Errno 28] No space left on device'),
      id: 'resource-pressure.disk-full',
      severity: 'error',
    },
    {
      name: 'the Windows agent cannot save its state: .NET IOException, not enough space on the disk',
      files: {
        'WindowsAzure/Logs/WaAppAgent.log': log(
          '[00000006] 2024-12-01T03:00:04.003Z [ERROR] Unhandled exception in the guest agent: System.IO.IOException: There is not enough space on the disk.',
        ),
      },
      id: 'resource-pressure.disk-full',
      firstStep: /^Free disk space on C: first/,
    },
    {
      name: 'agent CPU quota',
      log: log('2024-03-01T10:00:00.000001Z WARNING ExtHandler ExtHandler Disabling resource usage monitoring. Reason: The agent has been throttled for 121.4 seconds'),
      id: 'resource-pressure.agent-throttled',
    },
  ],
});

testDetectorOnEvents(detector, {
  valid: [{ name: 'a .NET crash for another reason', events: [winEvent({ provider: '.NET Runtime', id: 1026, channel: 'Application', message: 'Application: WaAppAgent.exe Exception Info: System.NullReferenceException' })] }],
  invalid: [
    {
      name: 'a .NET crash on a full disk (ERROR_DISK_FULL)',
      events: [winEvent({ provider: '.NET Runtime', id: 1026, channel: 'Application', message: 'Application: WaAppAgent.exe Exception Info: System.IO.IOException: There is not enough space on the disk.' })],
      id: 'resource-pressure.disk-full',
    },
  ],
});
