import detector from '../../src/detectors/dhcp.js';
import { log, testDetector } from '../helpers/detector-tester.js';

testDetector(detector, {
  valid: [
    {
      name: 'the DHCP rerun at every boot, followed by the endpoint',
      log: log(
        '2023-06-05T16:19:28.967774Z INFO ExtHandler ExtHandler WireServer endpoint is not found. Rerun dhcp handler',
        '2023-06-05T16:19:28.974222Z INFO ExtHandler ExtHandler Test for route to 168.63.129.16',
        '2023-06-05T16:19:28.983903Z INFO ExtHandler ExtHandler Wire server endpoint:168.63.129.16',
      ),
    },
    {
      name: 'no route before DHCP adds it: the route test of a discovery that succeeds',
      log: log(
        '2019/02/11 03:14:01.660552 INFO Daemon WireServer endpoint is not found. Rerun dhcp handler',
        '2019/02/11 03:14:01.661004 INFO Daemon Test for route to 168.63.129.16',
        '2019/02/11 03:14:01.661559 WARNING Daemon No route exists to 168.63.129.16',
        '2019/02/11 03:14:01.663118 INFO Daemon Send dhcp request',
        '2019/02/11 03:14:01.778802 INFO Daemon Wire server endpoint:168.63.129.16',
      ),
    },
    {
      name: 'a 2.0 boot that discovers the endpoint',
      log: log(
        '2015/09/13 14:44:03 DoDhcpWork: Setting socket.timeout=10, entering recv',
        '2015/09/13 14:44:03 Discovered Windows Azure endpoint: 168.63.129.16',
      ),
    },
    { name: 'an endpoint masked in a pasted log', log: log('2018/04/27 13:02:32.391401 INFO Wire server endpoint:X.X.X.X') },
    { name: 'the DHCP client monitor at work', log: log('2024-03-01T10:00:00.000001Z INFO EnvHandler ExtHandler EnvMonitor: Detected dhcp client restart. Restoring routing table.') },
  ],
  invalid: [
    {
      name: 'DHCP request cannot be sent',
      log: log('2024-03-01T10:00:00.000001Z WARNING Daemon Daemon Failed to send DHCP request: [DhcpError] [Errno 101] Network is unreachable'),
      id: 'dhcp.send-failed',
      severity: 'error',
    },
    {
      name: 'one failed discovery is one finding: rerun, no route, request not sent, no reply (2.2.32)',
      log: log(
        '2019/02/11 03:14:01.660552 INFO Daemon WireServer endpoint is not found. Rerun dhcp handler',
        '2019/02/11 03:14:01.661559 WARNING Daemon No route exists to 168.63.129.16',
        '2019/02/11 03:14:01.663551 WARNING Daemon Failed to send DHCP request: [DhcpError] [Errno 101] Network is unreachable',
        '2019/02/11 03:14:01.664001 INFO Daemon Protocol endpoint not found: WireProtocol, [ProtocolError] [DhcpError] Failed to receive dhcp response.',
        '2019/02/11 03:14:11.670112 INFO Daemon WireServer endpoint is not found. Rerun dhcp handler',
      ),
      id: 'dhcp.no-response',
      severity: 'error',
      count: 5,
    },
    {
      name: 'a discovery that fails once and then finds the endpoint is a warning',
      log: log(
        '2018/09/21 00:01:20.197909 INFO Daemon Protocol endpoint not found: WireProtocol, [ProtocolError] [DhcpError] Failed to receive dhcp response.',
        '2018/09/21 00:01:30.000001 INFO Daemon Wire server endpoint:168.63.129.16',
      ),
      id: 'dhcp.no-response',
      severity: 'warning',
      count: 1,
    },
    {
      name: 'no DHCP response (2.2.31 with prefix)',
      log: log('2018/09/21 00:01:20.197909 INFO Daemon Protocol endpoint not found: WireProtocol, [ProtocolError] [DhcpError] Failed to receive dhcp response.'),
      id: 'dhcp.no-response',
    },
    {
      name: '2.0 DHCP receive times out',
      log: log(
        '2017/04/05 15:19:20 DoDhcpWork: Setting socket.timeout=10, entering recv',
        '2017/04/05 15:19:30 ERROR:timed out',
        '2017/04/05 15:19:30 ERROR:Traceback (most recent call last):',
        '2017/04/05 15:19:30 ERROR:  File "/usr/sbin/waagent", line 6171, in DoDhcpWork',
        '2017/04/05 15:19:30 ERROR:timeout: timed out',
      ),
      id: 'dhcp.no-response',
    },
    {
      name: 'a custom DNS list taken as the endpoint',
      log: log(
        '2017/04/25 06:51:48.117049 INFO found endpoint [10.1.0.4,10.1.0.5]',
        '2017/04/25 06:51:48.136811 INFO Wire server endpoint:10.1.0.4,10.1.0.5',
      ),
      id: 'dhcp.wrong-endpoint',
      count: 2,
    },
    {
      name: 'the endpoint is never discovered',
      log: log(
        '2024-03-01T10:00:00.000001Z INFO Daemon Daemon WireServer endpoint is not found. Rerun dhcp handler',
        '2024-03-01T10:00:10.000001Z INFO Daemon Daemon WireServer endpoint is not found. Rerun dhcp handler',
      ),
      id: 'dhcp.endpoint-not-found',
      count: 2,
    },
    {
      name: 'the agent finds no DHCP client process (WALinuxAgent ga/env.py)',
      log: log('2024-03-01T10:00:00.000001Z WARNING EnvHandler ExtHandler Dhcp client is not running.'),
      id: 'dhcp.client-not-running',
      severity: 'warning',
    },
    {
      name: 'the agent’s discovery and the OS client’s failure are one problem',
      files: {
        'var/log/waagent.log': log('2024-03-01T10:00:00.000001Z INFO Daemon Daemon Protocol endpoint not found: WireProtocol, [ProtocolError] [DhcpError] Failed to receive dhcp response.'),
        'var/log/syslog': log('2024-03-01T10:00:00.500000+00:00 vm1 dhclient[812]: No DHCPOFFERS received.'),
      },
      id: 'dhcp.no-response',
      count: 2,
    },
  ],
});

// cloud-init's ephemeral DHCP during provisioning (canonical/cloud-init DataSourceAzure.py).
testDetector(detector, {
  path: 'var/log/cloud-init.log',
  valid: [{ name: 'a lease obtained', log: log("2024-01-14 22:16:48,796 - DataSourceAzure.py[DEBUG]: Obtained DHCP lease on interface 'eth0' (primary=True driver='hv_netvsc' router='10.0.0.1')") }],
  invalid: [
    {
      name: 'no lease for the provisioning NIC',
      log: log('2024-01-14 22:16:58,796 - DataSourceAzure.py[ERROR]: Failed to obtain DHCP lease (iface=eth0 mac=00:0d:3a:1e:5e:db driver=hv_netvsc)'),
      id: 'dhcp.no-response',
    },
  ],
});

// The Windows agent's fabric address discovery (SupportArticles-docs windows-azure-guest-agent.md, "The Npcap loopback adapter is installed").
testDetector(detector, {
  path: 'WindowsAzure/Logs/WaAppAgent.log',
  valid: [{ name: 'discovery on the real adapter', log: log('[00000006] [06/20/2019 07:44:28.93] [INFO]  Attempting to discover fabric address on interface Ethernet') }],
  invalid: [
    {
      name: 'the Npcap loopback adapter answers without option 245',
      log: log(
        '[00000006] [06/20/2019 07:44:28.93] [INFO]  Attempting to discover fabric address on interface Npcap Loopback Adapter',
        '[00000024] [06/20/2019 07:44:28.93] [WARN]  Empty DHCP option data returned',
        '[00000006] [06/20/2019 07:44:28.93] [ERROR] Did not discover fabric address on interface Npcap Loopback Adapter',
      ),
      id: 'dhcp.windows-fabric-address',
      count: 2,
      firstStep: /Npcap loopback adapter/,
    },
  ],
});
