// network: the VM cannot reach the wire server, the host plugin, storage, DNS or its proxy (seed cause 1).
// Messages: ../shared/docs/waagent.md §4.4 (N1-N18) and §4.5 D1.
import { defineDetector } from './types.js';
import { isWin, winEvent } from './windows-events.js';
import { isProblemLevel, textOf, WIRESERVER_IP } from './event-text.js';
import { reportStatusEvent, reportStatusFacts } from './snapshot-evidence.js';

/** The backup extension's own network failures (backup-extension.md §1.5 "guest path network", §1.7). */
const SNAPSHOT_NETWORK =
  /Failed to call http with error|snapshot HttpCallGetResponse failed|snapshot Http connection response is None|Hitting wrong WireServer IP|cannot write status to the status blob|blob failed to write|SnapshotFailedNoNetwork|SnapshotFailedRestrictedNetwork/;

const FAILURE =
  /\[HTTP Failed\]|HTTP (?:GET|POST|PUT|HEAD) (?:IOError|failed)|Calling wire server failed|\[Wireserver (?:Failed|Exception)\]|Error fetching the goal state|Fetching the goal state (?:is still failing|failed)|Exceeded max retry updating goal state|Protocol endpoint not found: WireProtocol|WireServer is not responding|No route exists to|Could not fetch |Fetch failed|Failed to fetch .*from all sources|failed to get \w+ package list|HostGAPlugin: |host plugin channel is not available|get API versions returned status code|failed both on the primary and fallback channels|Timeout downloading|from all URIs|Service temporarily unavailable|CERTIFICATE_VERIFY_FAILED|SSL: |\[Errno -[23]\]|Name or service not known|Temporary failure in name resolution|Tunnel connection failed|Proxy Authentication Required|HTTPS (?:tunnelling )?is unavailable|does not support HTTPS tunnelling|status blob|Failed to report (?:vm agent )?status|Connection (?:timed out|refused|reset)|No route to host|Network is unreachable|timed out/;
// Markers that the agent talks to the wire server again: explicit in 2.8+, a processed goal state before.
const RECOVERED = /Fetching the goal state recovered|ProcessGoalState completed|Finished processing ExtensionsConfig/;

export default defineDetector({
  meta: {
    id: 'network',
    category: 'network',
    severity: 'error',
    title: 'The VM cannot reach an Azure endpoint',
    docs: 'https://learn.microsoft.com/azure/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout',
    remediation: [
      'Allow outbound traffic from the VM to 168.63.129.16 on ports 80 and 32526 (NSG, guest firewall, iptables/nftables, proxy exclusions).',
      'Check that the VM can resolve and reach Azure Storage (*.blob.core.windows.net) on port 443, directly or through the configured proxy.',
      'Restart the guest agent after fixing the path (`systemctl restart walinuxagent` or `waagent`) and take the backup again.',
    ],
    watch: ['Protocol endpoint not found', 'WireServer is not responding', 'No route exists', 'recovered from previous errors', 'ProcessGoalState completed', 'Finished processing ExtensionsConfig', 'Failed to call http', 'HttpCallGetResponse failed', 'Http connection response is None', 'wrong WireServer IP', 'status blob', 'blob failed to write', 'SnapshotFailedNoNetwork', 'SnapshotFailedRestrictedNetwork', 'error_http_failure'],
    variants: {
      'wireserver-unreachable': {
        title: 'VM cannot reach the Azure wire server (168.63.129.16)',
        remediation: [
          'Make sure 168.63.129.16 is reachable on ports 80 and 32526: no NSG rule, guest firewall (iptables/nftables, firewalld, ufw) or route may block it, and it must be excluded from any proxy (NO_PROXY).',
          'Check the route to 168.63.129.16 (`ip route get 168.63.129.16`) and that the primary NIC got its address from DHCP.',
          'Restart the guest agent once the wire server answers (`curl http://168.63.129.16/?comp=versions`).',
        ],
      },
      'hostplugin-unreachable': {
        title: 'The host plugin (168.63.129.16:32526) fails or cannot be reached',
        remediation: [
          'Allow outbound TCP to 168.63.129.16:32526 in the guest firewall and NSG, and exclude it from the proxy.',
          'If the host plugin answers with HTTP 4xx/5xx while the port is open, the fault is on the host side: retry later, and open a case with the evidence if it persists.',
        ],
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
        remediation: [
          'Update the image’s CA certificates (ca-certificates package) and check that no TLS-inspecting proxy replaces Azure’s certificates.',
          'Check the system clock: a wrong time makes valid certificates fail.',
        ],
      },
      'dns-failure': {
        title: 'Name resolution fails for Azure endpoints',
        remediation: [
          'Check the VM’s DNS servers (Linux: /etc/resolv.conf; Windows: `ipconfig /all`) and the VNet DNS settings: a custom DNS server must forward to Azure DNS (168.63.129.16) or resolve public Azure names.',
        ],
      },
      'proxy-failure': {
        title: 'The HTTP proxy refuses or cannot tunnel the agent’s requests',
        remediation: [
          'Check HttpProxy.Host/HttpProxy.Port in /etc/waagent.conf and the proxy credentials; 168.63.129.16 must bypass the proxy.',
        ],
      },
      'snapshot-network': {
        title: 'The backup extension cannot reach storage or the host for the snapshot',
        remediation: [
          'The snapshot is taken through 168.63.129.16 (host path) or directly against the disk’s storage blob over HTTPS (guest path): allow both (NSG, guest firewall, proxy settings in /etc/waagent.conf).',
          'A "Hitting wrong WireServer IP" line means the VM does not reach 168.63.129.16: check routing and DHCP.',
        ],
      },
      'status-upload-failed': {
        title: 'The agent cannot upload its status',
        severity: 'warning',
        remediation: [
          'The portal shows the agent as Not Ready while status uploads fail: fix the network path to 168.63.129.16 and Azure Storage, then restart the agent.',
        ],
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
          else if (isWin(w, 'tcpip', [4199, 4198])) context.report('wireserver-unreachable', event, { detail: `Tcpip ${w.id}`, severity: 'warning' });
          return;
        }
        // The Windows agent's logs: the parser names the host a failing request went to.
        const host = event.fields?.host;
        if (host && (event.level === 'error' || event.level === 'warning') && /^(?:waappagent-log|windows-agent-log|vmsnapshot-windows-log)$/.test(event.source)) {
          const variant = host === WIRESERVER_IP ? (/:32526|HostGAPlugin|host plugin/i.test(event.message) ? 'hostplugin-unreachable' : 'wireserver-unreachable') : 'storage-unreachable';
          context.report(variant, event, { detail: [host, event.fields?.httpStatus].filter(Boolean).join(' HTTP ') });
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
        // DHCP failures wrapped in a protocol error belong to the dhcp detector; IMDS probing is benign.
        if (/DhcpError|dhcp respon/i.test(text)) return;
        if (/MetadataProtocol|169\.254\.169\.254/.test(text) && !/WireProtocol/.test(text)) return;
        // "timed out" alone is only a network failure at warning/error level (2.0 DHCP time-outs are excluded above).
        if (!isProblemLevel(event) && !/Protocol endpoint not found|WireServer is not responding|No route exists/.test(text)) return;
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

function classify(text: string): string | undefined {
  if (/CERTIFICATE_VERIFY_FAILED|SSL: |SSLError|TLS/.test(text)) return 'tls-failure';
  if (/Tunnel connection failed|Proxy Authentication Required|HTTPS (?:tunnelling )?is unavailable|does not support HTTPS tunnelling/.test(text))
    return 'proxy-failure';
  if (/\[Errno -[23]\]|Name or service not known|Temporary failure in name resolution/.test(text)) return 'dns-failure';
  if (/Service temporarily unavailable|\b(?:503|429)\b.*(?:Service Unavailable|Too Many Requests|throttl)/i.test(text)) return 'throttled';
  if (/status blob|Failed to report (?:vm agent )?status/.test(text)) return 'status-upload-failed';
  // The first URL in the line says which endpoint failed.
  const host = /\bhttps?:\/\/([^/\s:\]]+)(?::(\d+))?/.exec(text);
  if (host) {
    if (host[1] === WIRESERVER_IP) return host[2] === '32526' ? 'hostplugin-unreachable' : 'wireserver-unreachable';
    if (host[1] !== '169.254.169.254') return 'storage-unreachable';
  }
  if (/:32526|HostGAPlugin|host plugin|get API versions/i.test(text)) return 'hostplugin-unreachable';
  if (/Timeout downloading|from all URIs|failed both on the primary and fallback|Failed to fetch .*from all sources|package list/.test(text))
    return 'storage-unreachable';
  if (text.includes(WIRESERVER_IP) || /wire ?server|goal state|WireProtocol|No route exists|HTTP (?:GET|POST|PUT)|\[HTTP Failed\]/i.test(text))
    return 'wireserver-unreachable';
  return undefined;
}

/** A short reason for the summary: the HTTP status or OS error the line names. */
function failureDetail(text: string): string | undefined {
  const m =
    /\[(\d{3}): [^\]]+\]/.exec(text) ??
    /\[Errno -?\d+\] [^'"\],\n]+/.exec(text) ??
    /status code \[?(\d{3})\]?/.exec(text) ??
    /(Connection (?:timed out|refused|reset)|No route (?:to host|exists to [\d.]+)|timed out|CERTIFICATE_VERIFY_FAILED|Exceeded max retry updating goal state|HTTP GET failed)/.exec(text);
  return m ? m[0].replace(/^\[|\]$/g, '') : undefined;
}
