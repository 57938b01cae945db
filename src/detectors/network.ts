// network: the VM cannot reach the wire server, the host plugin, storage, DNS or its proxy (seed cause 1).
// Messages: ../shared/docs/waagent.md §4.4 (N1-N18); the 2.2.53-2.7 goal-state messages (WALinuxAgent
// wire.py/update.py); the Windows agent's (SupportArticles-docs windows/windows-azure-guest-agent.md, "Can't connect
// to WireServer IP"; its host plugin heartbeat, SupportArticles-docs issue 782). The route test before DHCP (D1)
// belongs to the dhcp detector, the agent's own update to agent-outdated, cloud-init's report-ready call to provisioning.
import { defineDetector } from './types.js';
import type { LogEvent } from '../model.js';
import { isWin, winEvent } from './windows-events.js';
import { AGENT_UPDATE_FAILING, isProblemLevel, textOf, WIRESERVER_IP } from './event-text.js';
import { reportStatusEvent, reportStatusFacts } from './snapshot-evidence.js';
import { DNS, PROXY, TLS, WIRESERVER_BLOCKED } from '../knowledge/evidence-fixes.js';
import { BACKUP_AGENT_ISSUES, WIRESERVER } from '../knowledge/pages.js';

/** The backup extension's own network failures (backup-extension.md §1.5 "guest path network", §1.7). */
const SNAPSHOT_NETWORK =
  /Failed to call http with error|snapshot HttpCallGetResponse failed|snapshot Http connection response is None|Hitting wrong WireServer IP|cannot write status to the status blob|blob failed to write|SnapshotFailedNoNetwork|SnapshotFailedRestrictedNetwork/;

const FAILURE =
  /\[HTTP Failed\]|HTTP (?:GET|POST|PUT|HEAD) (?:IOError|failed)|Calling wire server failed|\[Wireserver (?:Failed|Exception)\]|Error fetching the goal state|Fetching the goal state (?:is still failing|failed)|error occurred while retrieving the goal state|Attempts to retrieve the goal state are failing|Exceeded max retry updating goal state|Protocol endpoint not found: WireProtocol|WireServer is not responding|Could not fetch |Fetch failed|Failed to fetch .*from all sources|HostGAPlugin: |host plugin channel is not available|get API versions returned status code|"ObservationName": "GuestAgentPluginVersions"|op=InitializeHostPlugin|failed both on the primary and fallback channels|Timeout downloading|from all URIs|Service temporarily unavailable|CERTIFICATE_VERIFY_FAILED|SSL: |\[Errno -[23]\]|Name or service not known|Temporary failure in name resolution|Tunnel connection failed|Proxy Authentication Required|HTTPS (?:tunnelling )?is unavailable|does not support HTTPS tunnelling|status blob|Failed to report (?:vm agent )?status|op=ReportStatus|Put VM status|Failed to upload (?:block|page) blob for status|Connection (?:timed out|refused|reset)|No route to host|Network is unreachable|timed out/;
// Markers that the agent talks to the wire server again: explicit in 2.8+ (2.2.53-2.7: "Retrieving ..."), a processed goal state before.
const RECOVERED = /(?:Fetching|Retrieving) the goal state recovered|ProcessGoalState completed|Finished processing ExtensionsConfig/;
/** The Windows agent's host plugin heartbeat failing (WaAppAgent.log). */
const WINDOWS_HOSTPLUGIN_DOWN = /HostGAPluginServiceClient is not initialized|Error state triggered for caller:GAPluginPinger/;
const WINDOWS_AGENT_LOGS = /^(?:waappagent-log|windows-agent-log|vmsnapshot-windows-log)$/;

const LINUX_STEPS = [
  'Allow outbound traffic from the VM to 168.63.129.16 on ports 80 and 32526 (NSG, guest firewall such as iptables/nftables, firewalld or ufw, proxy exclusions).',
  'Check that the VM can resolve and reach Azure Storage (*.blob.core.windows.net) on port 443, directly or through the proxy set in /etc/waagent.conf.',
  'Restart the guest agent after fixing the path (`systemctl restart walinuxagent` or `waagent`) and take the backup again.',
];
const WINDOWS_STEPS = [
  'Allow outbound traffic from the VM to 168.63.129.16 on ports 80 and 32526 (NSG, Windows Firewall or a third-party firewall, proxy bypass list) and test it (`Test-NetConnection 168.63.129.16 -Port 80`, `-Port 32526`).',
  'Check that the VM can resolve and reach Azure Storage (*.blob.core.windows.net) on port 443, directly or through the machine proxy (`netsh winhttp show proxy`).',
  'Restart the agent after fixing the path (`Restart-Service RdAgent, WindowsAzureGuestAgent`) and take the backup again.',
];

/** Tcpip's records the wire server may be unreachable by (declared and read). */
const TCPIP_IDS = [4199, 4198];

export default defineDetector({
  meta: {
    id: 'network',
    category: 'network',
    severity: 'error',
    title: 'The VM cannot reach an Azure endpoint',
    docs: BACKUP_AGENT_ISSUES,
    remediation: { linux: LINUX_STEPS, windows: WINDOWS_STEPS },
    fixes: [WIRESERVER_BLOCKED, PROXY, TLS, DNS],
    watch: [
      'Protocol endpoint not found', 'WireServer is not responding', 'recovered from previous errors', 'ProcessGoalState completed', 'Finished processing ExtensionsConfig', 'Failed to call http',
      'HttpCallGetResponse failed', 'Http connection response is None', 'wrong WireServer IP', 'status blob', 'blob failed to write', 'SnapshotFailedNoNetwork', 'SnapshotFailedRestrictedNetwork',
      'error_http_failure', 'HostGAPluginServiceClient is not initialized',
    ],
    windowsEvents: [1014, ...TCPIP_IDS],
    variants: {
      'wireserver-unreachable': {
        title: 'VM cannot reach the Azure wire server (168.63.129.16)',
        docs: WIRESERVER,
        remediation: {
          linux: [
            'Make sure 168.63.129.16 is reachable on ports 80 and 32526: no NSG rule, guest firewall (iptables/nftables, firewalld, ufw) or route may block it, and it must be excluded from any proxy (no_proxy).',
            'Check the route to 168.63.129.16 (`ip route get 168.63.129.16`) and that the primary NIC got its address from DHCP.',
            'Restart the guest agent once the wire server answers (`curl http://168.63.129.16/?comp=versions`).',
          ],
          windows: [
            'Make sure 168.63.129.16 is reachable on ports 80 and 32526: no NSG rule, Windows Firewall or third-party firewall may block it, and it must bypass any proxy; test with `Test-NetConnection 168.63.129.16 -Port 80` and `-Port 32526`.',
            'Keep DHCP enabled on the network adapter; with several IP addresses, the primary one in Windows must match the primary IP of the Azure NIC.',
            'Restart the agent once the wire server answers (`Restart-Service RdAgent, WindowsAzureGuestAgent`).',
          ],
        },
      },
      'hostplugin-unreachable': {
        title: 'The host plugin (168.63.129.16:32526) fails or cannot be reached',
        docs: WIRESERVER,
        remediation: {
          linux: [
            'Allow outbound TCP to 168.63.129.16:32526 in the guest firewall and NSG, and exclude it from the proxy.',
            'If the host plugin answers with HTTP 4xx/5xx while the port is open, the fault is on the host side: retry later, and open a case with the evidence if it persists.',
          ],
          windows: [
            'Allow outbound TCP to 168.63.129.16:32526 in Windows Firewall and the NSG, and exclude it from the proxy (`Test-NetConnection 168.63.129.16 -Port 32526` must succeed).',
            'If the host plugin answers with HTTP 4xx/5xx while the port is open, the fault is on the host side: retry later, and open a case with the evidence if it persists.',
          ],
        },
      },
      'storage-unreachable': {
        title: 'Downloads from Azure Storage fail',
        severity: 'warning',
        remediation: [
          'Allow HTTPS (443) to *.blob.core.windows.net (or the Storage service tag) from the VM, directly or through the proxy.',
          'A 404 BlobNotFound for an extension manifest or package is usually transient on the platform side: retry the operation; if it persists, open a case with these lines.',
        ],
      },
      throttled: {
        title: 'The wire server throttled the agent (HTTP 503/429)',
        severity: 'warning',
        remediation: ['Throttling is usually transient. If it repeats, check for many agents or scripts polling 168.63.129.16 from this VM.'],
      },
      'tls-failure': {
        title: 'HTTPS requests fail certificate verification',
        remediation: TLS.steps,
      },
      'dns-failure': {
        title: 'Name resolution fails for Azure endpoints',
        remediation: DNS.steps,
      },
      'proxy-failure': {
        title: 'The HTTP proxy refuses or cannot tunnel the agent’s requests',
        remediation: PROXY.steps,
      },
      'snapshot-network': {
        title: 'The backup extension cannot reach storage or the host for the snapshot',
        platform: 'linux',
        remediation: [
          'The snapshot is taken through 168.63.129.16 (host path) or directly against the disk’s storage blob over HTTPS (guest path): allow both (NSG, guest firewall, proxy settings in /etc/waagent.conf).',
          'A "Hitting wrong WireServer IP" line means the VM does not reach 168.63.129.16: check routing and DHCP.',
        ],
      },
      'status-upload-failed': {
        title: 'The agent cannot upload its status',
        severity: 'warning',
        remediation: {
          linux: [
            'The portal shows the agent as Not Ready while status uploads fail: fix the network path to 168.63.129.16 (ports 80 and 32526) and Azure Storage, then restart the agent (`systemctl restart walinuxagent` or `waagent`).',
          ],
          windows: [
            'The portal shows the agent as Not Ready while status uploads fail: fix the network path to 168.63.129.16 (ports 80 and 32526) and Azure Storage, then restart the agent (`Restart-Service RdAgent, WindowsAzureGuestAgent`).',
          ],
        },
      },
    },
  },
  create(context) {
    // Wire-server failures are only an error if the agent did not recover afterwards.
    let lastWireFailure = -Infinity;
    let lastRecovery = -Infinity;
    return {
      event(event) {
        const w = winEvent(event);
        if (w) {
          if (isWin(w, 'dns-client', [1014])) context.report('dns-failure', event, { detail: w.data('QueryName') ?? w.data(0) });
          else if (isWin(w, 'tcpip', TCPIP_IDS)) context.report('wireserver-unreachable', event, { detail: `Tcpip ${w.id}`, severity: 'warning' });
          return;
        }
        if (WINDOWS_AGENT_LOGS.test(event.source)) {
          const found = windowsVariant(event);
          if (found) context.report(found.variant, event, { detail: found.detail });
          return;
        }
        const text = textOf(event);
        if (reportStatusEvent('network', event, context)) return;
        if (SNAPSHOT_NETWORK.test(text)) {
          context.report('snapshot-network', event, { detail: failureDetail(text) });
          return;
        }
        if (RECOVERED.test(text)) {
          if (event.time !== null) lastRecovery = Math.max(lastRecovery, event.time);
          return;
        }
        if (!FAILURE.test(text)) return;
        // DHCP failures wrapped in a protocol error belong to the dhcp detector, the agent's update to agent-outdated;
        // IMDS probing is benign.
        if (/DhcpError|dhcp respon/i.test(text) || AGENT_UPDATE_FAILING.test(text)) return;
        if (/MetadataProtocol|169\.254\.169\.254/.test(text) && !/WireProtocol/.test(text)) return;
        // "timed out" alone is only a network failure at warning/error level (2.0 DHCP time-outs are excluded above).
        if (!isProblemLevel(event) && !/Protocol endpoint not found|WireServer is not responding/.test(text)) return;
        if (/DoDhcpWork/.test(text)) return;

        const variant = classify(text);
        if (!variant) return;
        if (variant === 'wireserver-unreachable' && event.time !== null) lastWireFailure = Math.max(lastWireFailure, event.time);
        context.report(variant, event, { detail: failureDetail(text) });
      },
      finish(facts) {
        reportStatusFacts('network', facts, context);
        if (context.has('wireserver-unreachable') && lastRecovery > lastWireFailure) {
          context.setSeverity('wireserver-unreachable', 'warning');
        }
      },
    };
  },
});

/** TLS, proxy and DNS failures name their cause whichever endpoint they were for. */
function classifyCause(text: string): string | undefined {
  if (/CERTIFICATE_VERIFY_FAILED|SSL: |SSLError|TLS|Could not establish trust relationship/.test(text)) return 'tls-failure';
  if (/Tunnel connection failed|Proxy Authentication Required|HTTPS (?:tunnelling )?is unavailable|does not support HTTPS tunnelling|\(407\)/.test(text))
    return 'proxy-failure';
  if (/\[Errno -[23]\]|Name or service not known|Temporary failure in name resolution|remote name could not be resolved/.test(text)) return 'dns-failure';
  return undefined;
}

/** The Windows agent's logs: the parser names the host a failing request went to. */
function windowsVariant(event: LogEvent): { variant: string; detail?: string } | undefined {
  const text = event.message;
  if (WINDOWS_HOSTPLUGIN_DOWN.test(text)) return { variant: 'hostplugin-unreachable', detail: 'host plugin heartbeat failing' };
  if (!isProblemLevel(event)) return undefined;
  const cause = classifyCause(text);
  const host = event.fields?.host;
  const status = event.fields?.httpStatus;
  const detail = [host, status].filter(Boolean).join(' HTTP ') || undefined;
  if (cause) return { variant: cause, detail };
  if (/HostGAPlugin|:32526/i.test(text) && (host === undefined || host === WIRESERVER_IP)) return { variant: 'hostplugin-unreachable', detail };
  if (host) return { variant: host === WIRESERVER_IP ? 'wireserver-unreachable' : 'storage-unreachable', detail };
  // `GetVersions() failed with exception: ... (503) Server Unavailable`: the wire server's versions call.
  if (/GetVersions\(\) failed/.test(text)) return { variant: 'wireserver-unreachable', detail: status ? `GetVersions HTTP ${status}` : 'GetVersions failed' };
  return undefined;
}

function classify(text: string): string | undefined {
  const cause = classifyCause(text);
  if (cause) return cause;
  if (/Service temporarily unavailable|\b(?:503|429)\b.*(?:Service Unavailable|Too Many Requests|throttl)/i.test(text)) return 'throttled';
  if (/status blob|Failed to report (?:vm agent )?status|op=ReportStatus|Put VM status|Failed to upload (?:block|page) blob for status/.test(text)) return 'status-upload-failed';
  // The first URL in the line says which endpoint failed.
  const host = /\bhttps?:\/\/([^/\s:\]]+)(?::(\d+))?/.exec(text);
  if (host) {
    if (host[1] === WIRESERVER_IP) return host[2] === '32526' ? 'hostplugin-unreachable' : 'wireserver-unreachable';
    if (host[1] !== '169.254.169.254') return 'storage-unreachable';
  }
  if (/:32526|HostGAPlugin|host ?plugin|get API versions|GuestAgentPluginVersions/i.test(text)) return 'hostplugin-unreachable';
  if (/Timeout downloading|from all URIs|failed both on the primary and fallback|Failed to fetch .*from all sources/.test(text))
    return 'storage-unreachable';
  if (text.includes(WIRESERVER_IP) || /wire ?server|goal state|WireProtocol|HTTP (?:GET|POST|PUT)|\[HTTP Failed\]/i.test(text))
    return 'wireserver-unreachable';
  return undefined;
}

/**
 * A short reason for the summary: the HTTP status or OS error the line names, whole (`[Errno 110] Connection timed
 * out`, `HTTP 500: Internal Server Error`), without the agent's retry note (` -- 6 attempts made`).
 */
function failureDetail(text: string): string | undefined {
  const http = /\[(\d{3}): ([^\]]+)\]/.exec(text);
  if (http) return `HTTP ${http[1]}: ${http[2]!.trim()}`;
  const errno = /\[Errno -?\d+\] (?:(?! -- )[^'"\],\n])+/.exec(text);
  if (errno) return errno[0].trim();
  const status = /status code \[?(\d{3})\]?/.exec(text);
  if (status) return `HTTP ${status[1]}`;
  const m = /(Connection (?:timed out|refused|reset)|No route (?:to host|exists to [\d.]+)|timed out|CERTIFICATE_VERIFY_FAILED|Exceeded max retry updating goal state|HTTP GET failed)/.exec(text);
  // 'IOError timed out' names no connection step: say what timed out.
  return m?.[0] === 'timed out' ? 'request timed out' : m?.[0];
}
