import detector from '../../src/detectors/network.js';
import { log, testDetector } from '../helpers/detector-tester.js';

testDetector(detector, {
  valid: [
    {
      name: 'healthy 2.2.47+ start with endpoint discovery',
      log: log(
        '2024-03-01T10:00:00.000001Z INFO ExtHandler ExtHandler Test for route to 168.63.129.16',
        '2024-03-01T10:00:00.000002Z INFO ExtHandler ExtHandler Route to 168.63.129.16 exists',
        '2024-03-01T10:00:00.000003Z INFO ExtHandler ExtHandler Wire server endpoint:168.63.129.16',
        '2024-03-01T10:00:01.000000Z INFO ExtHandler ExtHandler Fetched a new incarnation for the WireServer goal state [incarnation 3]',
      ),
    },
    {
      name: 'an IMDS probe that fails while the wire protocol works',
      log: log("2017/04/25 06:53:48.296355 INFO Protocol endpoint not found: MetadataProtocol, [000008] 400 - GET: http://169.254.169.254/Microsoft.Compute/identity?api-version=2015-05-01-preview"),
    },
    {
      name: 'a DHCP failure wrapped in a protocol error (the dhcp detector owns it)',
      log: log('2018/09/21 00:01:20.197909 INFO Daemon Protocol endpoint not found: WireProtocol, [ProtocolError] [DhcpError] Failed to receive dhcp response.'),
    },
    {
      name: 'HTTP retries at INFO are not failures',
      log: log('2019/01/01 00:00:00.000000 INFO ExtHandler [HTTP Retry] Attempt 1 of 3: GET http://168.63.129.16/machine/?comp=goalstate'),
    },
  ],
  invalid: [
    {
      name: 'goal state cannot be fetched (2.8+)',
      log: log(
        '2024-03-01T10:00:00.100000Z ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out -- 6 attempts made',
        '2024-03-01T11:00:00.100000Z ERROR ExtHandler ExtHandler Fetching the goal state is still failing: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 113] No route to host -- 6 attempts made',
      ),
      id: 'network.wireserver-unreachable',
      severity: 'error',
      count: 2,
    },
    {
      name: 'a failure that recovers is only a warning',
      log: log(
        '2024-03-01T10:00:00.100000Z ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError timed out -- 6 attempts made',
        '2024-03-01T10:05:00.100000Z INFO ExtHandler ExtHandler Fetching the goal state recovered from previous errors. Fetched incarnation 4 (certificates: [])',
      ),
      id: 'network.wireserver-unreachable',
      severity: 'warning',
    },
    {
      name: 'protocol detection loop (2.2.46)',
      log: log(
        '2023-06-05T16:19:18.931679Z INFO ExtHandler WireServer is not responding. Reset dhcp endpoint',
        '2023-06-05T16:19:18.937940Z INFO ExtHandler Protocol endpoint not found: WireProtocol, [ProtocolError] Exceeded max retry updating goal state',
        '2023-06-05T16:19:18.961922Z INFO ExtHandler Retry detect protocols: retry=12',
      ),
      id: 'network.wireserver-unreachable',
      severity: 'error',
    },
    {
      name: 'no route to the wire server',
      log: log('2017/04/25 06:51:48.081849 WARNING No route exists to 168.63.129.16'),
      id: 'network.wireserver-unreachable',
    },
    {
      name: 'host plugin API versions fail (2.2.6)',
      log: log(
        '2017/03/27 14:01:15.868247 ERROR get API versions returned status code [400]',
        '2017/03/27 14:01:15.892356 ERROR host plugin channel is not available',
      ),
      id: 'network.hostplugin-unreachable',
      severity: 'error',
      count: 2,
    },
    {
      name: 'host plugin artifact fetch returns 400',
      log: log('2019/04/13 14:56:05.000000 WARNING ExtHandler Fetch failed from [http://168.63.129.16:32526/extensionArtifact]: [HTTP Failed] [400: Bad Request] b\'\''),
      id: 'network.hostplugin-unreachable',
    },
    {
      name: 'storage blob not found',
      log: log('2017/08/03 14:43:51.650589 WARNING Could not fetch https://example.blob.core.windows.net/c/Microsoft.Azure.RecoveryServices_VMSnapshotLinux_westeurope_manifest.xml [[404: The specified blob does not exist.]]'),
      id: 'network.storage-unreachable',
      severity: 'warning',
    },
    {
      name: 'TLS verification failure',
      log: log('2023-06-08T14:00:00.000000Z WARNING ExtHandler ExtHandler Fetch failed: [HttpError] [HTTP Failed] GET https://md-x.blob.core.windows.net/y -- IOError [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:1129) -- 6 attempts made'),
      id: 'network.tls-failure',
      severity: 'error',
    },
    {
      name: 'DNS failure',
      log: log('2023-06-08T14:00:00.000000Z WARNING ExtHandler ExtHandler Fetch failed: [HttpError] [HTTP Failed] GET https://x.blob.core.windows.net/y -- IOError [Errno -2] Name or service not known -- 6 attempts made'),
      id: 'network.dns-failure',
    },
    {
      name: 'proxy refuses the tunnel',
      log: log('2023-06-08T14:00:00.000000Z WARNING ExtHandler ExtHandler Fetch failed: [HttpError] [HTTP Failed] GET https://x.blob.core.windows.net/y -- IOError Tunnel connection failed: 407 Proxy Authentication Required -- 6 attempts made'),
      id: 'network.proxy-failure',
    },
    {
      name: 'wire server 503 throttling (2.2.0)',
      log: log('2016/10/05 17:02:02.923016 WARNING Service temporarily unavailable, sleeping 15s before retrying.'),
      id: 'network.throttled',
      severity: 'warning',
    },
    {
      name: 'status upload fails',
      log: log('2024-03-01T10:00:00.100000Z WARNING ExtHandler ExtHandler Failed to report vm agent status: [ProtocolError] Failed to upload status blob via either channel'),
      id: 'network.status-upload-failed',
    },
  ],
});

testDetector(detector, {
  path: 'WindowsAzure/Logs/WaAppAgent.log',
  valid: [{ name: 'a plugin enabled', log: log('[00000006] 2024-11-04T21:58:04.011Z [INFO]  Successfully enabled plugin Microsoft.Azure.RecoveryServices.VMSnapshot.') }],
  invalid: [
    {
      name: 'the Windows agent cannot reach the wire server',
      log: log('[00000006] 2024-11-04T21:58:04.011Z [ERROR] Failed to send request to http://168.63.129.16/machine?comp=health: System.Net.WebException: The operation has timed out'),
      id: 'network.wireserver-unreachable',
    },
  ],
});
