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
      name: 'a 2.0 boot that discovers the endpoint',
      log: log(
        '2015/09/13 14:44:03 DoDhcpWork: Setting socket.timeout=10, entering recv',
        '2015/09/13 14:44:03 Discovered Windows Azure endpoint: 168.63.129.16',
      ),
    },
  ],
  invalid: [
    {
      name: 'DHCP request cannot be sent',
      log: log('2024-03-01T10:00:00.000001Z WARNING Daemon Daemon Failed to send DHCP request: [DhcpError] [Errno 101] Network is unreachable'),
      id: 'dhcp.send-failed',
      severity: 'error',
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
  ],
});

testDetector(detector, {
  valid: [{ name: 'an endpoint masked in a pasted log', log: log('2018/04/27 13:02:32.391401 INFO Wire server endpoint:X.X.X.X') }],
  invalid: [],
});
