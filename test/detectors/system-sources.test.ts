// Findings raised from system logs and from what the bundle holds (or lacks).
import resourcePressure from '../../src/detectors/resource-pressure.js';
import dhcp from '../../src/detectors/dhcp.js';
import bundle from '../../src/detectors/bundle.js';
import fsfreeze from '../../src/detectors/fsfreeze.js';
import agentOutdated from '../../src/detectors/agent-outdated.js';
import { log, testDetector } from '../helpers/detector-tester.js';
import { EXTENSION_LOG, HEALTHY_RUN, py3 } from '../helpers/vmsnapshot-lines.js';

const SYSLOG = 'var/log/syslog';

testDetector(resourcePressure, {
  path: SYSLOG,
  valid: [
    { name: 'ordinary kernel lines', log: log('Mar 14 02:00:01 vm1 kernel: [ 12.345678] EXT4-fs (sda1): mounted filesystem with ordered data mode') },
    {
      name: 'a task that hangs right after the freeze (fsfreeze owns it)',
      files: {
        [EXTENSION_LOG]: log(py3('01.300000', '****** 1. Starting Freeze Binary'), py3('01.400000', '****** 4. Freeze Completed (Signal=1 received)')),
        [SYSLOG]: log('2024-03-14T02:03:01.000000+00:00 vm1 kernel: [98999.000001] INFO: task mysqld:1234 blocked for more than 120 seconds.'),
      },
    },
  ],
  invalid: [
    {
      name: 'the OOM killer',
      log: log('Mar 14 02:00:01 vm1 kernel: [98765.432100] Out of memory: Killed process 4242 (java) total-vm:8123456kB, anon-rss:7000000kB, file-rss:0kB, shmem-rss:0kB'),
      id: 'resource-pressure.oom-kill',
      severity: 'error',
    },
    {
      name: 'a hung task',
      log: log('Mar 14 02:05:01 vm1 kernel: [98999.000001] INFO: task jbd2/sda1-8:301 blocked for more than 120 seconds.'),
      id: 'resource-pressure.hung-task',
      severity: 'warning',
    },
    {
      name: 'a task that hangs an hour after the freeze ended',
      files: {
        [EXTENSION_LOG]: log(...HEALTHY_RUN),
        [SYSLOG]: log('2024-03-14T03:05:01.000000+00:00 vm1 kernel: [98999.000001] INFO: task mysqld:1234 blocked for more than 120 seconds.'),
      },
      id: 'resource-pressure.hung-task',
    },
  ],
});

testDetector(dhcp, {
  path: SYSLOG,
  valid: [{ name: 'a lease renewed', log: log('Mar 14 02:00:01 vm1 dhclient[812]: bound to 10.0.0.4 -- renewal in 1732 seconds.') }],
  invalid: [
    {
      name: 'the DHCP client gets no offer',
      log: log('Mar 14 02:00:01 vm1 dhclient[812]: No DHCPOFFERS received.'),
      id: 'dhcp.client-failed',
      severity: 'warning',
    },
  ],
});

testDetector(fsfreeze, {
  valid: [],
  invalid: [
    {
      name: 'tasks hang right after the freeze',
      files: {
        [EXTENSION_LOG]: log(py3('01.300000', '****** 1. Starting Freeze Binary'), py3('01.400000', '****** 4. Freeze Completed (Signal=1 received)')),
        [SYSLOG]: log('2024-03-14T02:03:01.000000+00:00 vm1 kernel: [98999.000001] INFO: task mysqld:1234 blocked for more than 120 seconds.'),
      },
      id: 'fsfreeze.hung-task-during-freeze',
      others: ['fsfreeze.stayed-frozen'],
    },
  ],
});

testDetector(agentOutdated, {
  valid: [],
  invalid: [
    {
      name: 'the goal state asks for a newer agent than the one running',
      files: {
        'var/log/waagent.log': log('2024-03-14T02:00:00.000001Z INFO ExtHandler ExtHandler Azure Linux Agent (Goal State Agent version 2.9.1.1)'),
        'var/lib/waagent/ExtensionsConfig.12.xml': [
          '<?xml version="1.0" encoding="utf-8"?>',
          '<Extensions version="1.0.0.0" goalStateIncarnation="12"><GuestAgentExtension xmlns:i="http://www.w3.org/2001/XMLSchema-instance">',
          '  <GAFamilies>',
          '    <GAFamily>',
          '      <Name>Prod</Name>',
          '      <Version>2.12.0.2</Version>',
          '      <Uris><Uri>https://zrdfepirv2.blob.core.windows.net/bfd5c281a7dc4e4b84381eb0b47e3aaf/Microsoft.OSTCLinuxAgent_Prod_uscentraleuap_manifest.xml</Uri></Uris>',
          '    </GAFamily>',
          '  </GAFamilies>',
          '</GuestAgentExtension>',
          '  <Plugins></Plugins>',
          '</Extensions>',
        ].join('\n'),
      },
      id: 'agent-outdated.behind-goal-state',
    },
    {
      name: 'an extension needs a newer agent',
      log: log('2024-03-14T02:00:00.000001Z ERROR ExtHandler ExtHandler Failed to construct ConfigurationProvider: the agent does not support this extension'),
      id: 'agent-outdated.incompatible',
    },
  ],
});
