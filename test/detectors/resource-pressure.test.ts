import detector from '../../src/detectors/resource-pressure.js';
import { log, testDetector } from '../helpers/detector-tester.js';

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
      name: 'agent CPU quota',
      log: log('2024-03-01T10:00:00.000001Z WARNING ExtHandler ExtHandler Disabling resource usage monitoring. Reason: The agent has been throttled for 121.4 seconds'),
      id: 'resource-pressure.agent-throttled',
    },
  ],
});
