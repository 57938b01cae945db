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
      name: 'no route before DHCP runs (the dhcp detector owns the discovery)',
      log: log('2017/04/25 06:51:48.081849 WARNING No route exists to 168.63.129.16'),
    },
    {
      name: 'the agent’s update manifest cannot be fetched (agent-outdated owns it)',
      log: log('2016/10/05 17:02:02.923016 WARNING Incarnation 1 failed to get Prod package list: (000008)Failed to fetch ExtensionManifest from all sources'),
    },
    {
      name: 'the goal state is retrieved again (2.2.53-2.7)',
      log: log('2021-03-01T10:05:00.100000Z INFO ExtHandler ExtHandler Retrieving the goal state recovered from previous errors'),
    },
    {
      name: 'a healthy host plugin observation',
      log: log('2019/07/22 12:36:56.509673 INFO ExtHandler Event: name=WALinuxAgent, op=HealthObservation, message={"Value": "", "ObservationName": "GuestAgentPluginVersions", "Description": "", "IsHealthy": true}, duration=0'),
    },
    {
      name: 'a status report that succeeded',
      log: log('2017/08/01 10:00:00.000000 INFO Event: name=WALinuxAgent, op=ReportStatus, message=, duration=0'),
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
      name: 'goal state retrieval fails (2.2.53-2.7), blocked on the way to 168.63.129.16: the firewall check first',
      log: log(
        '2021-03-01T10:00:00.100000Z WARNING ExtHandler ExtHandler An error occurred while retrieving the goal state: Traceback (most recent call last):',
        '  File "bin/WALinuxAgent-2.2.53-py2.7.egg/azurelinuxagent/common/protocol/wire.py", line 721, in try_update_goal_state',
        'ProtocolError: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out -- 6 attempts made',
        '2021-03-01T16:00:00.100000Z WARNING ExtHandler ExtHandler [PERIODIC] Attempts to retrieve the goal state are failing: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out -- 6 attempts made',
      ),
      id: 'network.wireserver-unreachable',
      count: 2,
      firstStep: /^Traffic to 168\.63\.129\.16 is dropped: .*iptables/,
    },
    {
      name: 'goal state retrieval recovers (2.2.53-2.7): a warning',
      log: log(
        '2021-03-01T10:00:00.100000Z WARNING ExtHandler ExtHandler An error occurred while retrieving the goal state: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError timed out -- 6 attempts made',
        '2021-03-01T10:05:00.100000Z INFO ExtHandler ExtHandler Retrieving the goal state recovered from previous errors',
      ),
      id: 'network.wireserver-unreachable',
      severity: 'warning',
    },
    {
      name: 'the host plugin health observation fails (2.2.38, WALinuxAgent issue 1596)',
      log: log(
        '2019/07/22 12:36:56.449403 ERROR ExtHandler HostGAPlugin: Exception Get API versions: [HttpError] [HTTP Failed] GET http://168.63.129.16:32526/versions -- IOError timed out -- 6 attempts made',
        '2019/07/22 12:36:56.509673 ERROR ExtHandler Event: name=WALinuxAgent, op=HealthObservation, message={"Value": "", "ObservationName": "GuestAgentPluginVersions", "Description": "", "IsHealthy": false}, duration=0',
      ),
      id: 'network.hostplugin-unreachable',
      count: 2,
    },
    {
      name: 'status upload through the host plugin fails (2.2.14)',
      log: log('2017/08/01 10:00:00.000000 ERROR Event: name=WALinuxAgent, op=ReportStatus, message=HostGAPlugin: Exception Put VM status: [HttpError] HostGAPlugin: Put BlockBlob failed: 500, duration=0'),
      id: 'network.status-upload-failed',
    },
    {
      name: 'status upload fails on a 2.0 agent',
      log: log('2016/03/01 10:00:00 ERROR:Failed to upload block blob for status.'),
      id: 'network.status-upload-failed',
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
  valid: [
    { name: 'a plugin enabled', log: log('[00000006] 2024-11-04T21:58:04.011Z [INFO]  Successfully enabled plugin Microsoft.Azure.RecoveryServices.VMSnapshot.') },
    { name: 'a healthy host plugin heartbeat', log: log('[00000013] 2024-11-04T21:58:04.011Z [INFO]  WriteGAPluginHeartbeat: setting isCurrentlyHealthy as true') },
    { name: 'the host plugin’s versions fetched', log: log('[00000011] 2024-11-04T21:58:04.011Z [INFO]  Fetched supported versions from HostGAPlugin: 2015-09-01, 2012-11-30') },
  ],
  invalid: [
    {
      name: 'the host plugin heartbeat fails (SupportArticles-docs issue 782)',
      log: log(
        '[00000013] [11/11/2022 06:34:12.06] [INFO]  WriteGAPluginHeartbeat: HostGAPluginServiceClient is not initialized so setting isCurrentlyHealthy as false',
        '[00000013] [11/11/2022 06:34:12.06] [WARN]  Reached Maximim error count:1000 so not incrementing the count anymore',
        '[00000013] [11/11/2022 06:34:12.06] [WARN]  Error state triggered for caller:GAPluginPinger',
      ),
      id: 'network.hostplugin-unreachable',
      count: 2,
    },
    {
      name: 'a firewall forbids 168.63.129.16:32526 (SupportArticles-docs windows-azure-guest-agent.md): the Windows firewall check first',
      log: log(
        '[00000011] [12/11/2018 06:27:55.66] [WARN]  (Ignoring) Exception while fetching supported versions from HostGAPlugin: System.Net.WebException: Unable to connect to the remote server ---> System.Net.Sockets.SocketException: An attempt was made to access a socket in a way forbidden by its access permissions 168.63.129.16:32526',
      ),
      id: 'network.hostplugin-unreachable',
      firstStep: /Get-NetFirewallRule/,
    },
    {
      name: 'the wire server’s versions call answers 503',
      log: log('[00000011] 2024-11-04T21:58:04.011Z [ERROR] GetVersions() failed with exception: Microsoft.ServiceModel.Web.WebProtocolException: Server Error: Service Unavailable (ServiceUnavailable) ---> System.Net.WebException: The remote server returned an error: (503) Server Unavailable.'),
      id: 'network.wireserver-unreachable',
    },
    {
      name: 'the Windows agent cannot reach the wire server',
      log: log('[00000006] 2024-11-04T21:58:04.011Z [ERROR] Failed to send request to http://168.63.129.16/machine?comp=health: System.Net.WebException: The operation has timed out'),
      id: 'network.wireserver-unreachable',
    },
  ],
});
