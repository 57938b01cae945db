// dhcp: the wire server endpoint cannot be discovered through DHCP (option 245), or a wrong one is used.
// Messages: ../shared/docs/waagent.md §4.5 (D1-D7), §4.4 N8-N10.
import { defineDetector } from './types.js';
import { isWin, winEvent } from './windows-events.js';
import type { LogEvent } from '../model.js';
import { textOf, WIRESERVER_IP } from './event-text.js';

const ENDPOINT = /^(?:Wire server endpoint:|found endpoint \[|cached endpoint found \[|Discovered (?:Windows )?Azure endpoint: )\s*([^\]\s]+)/;
const RERUN = /WireServer endpoint is not found\. Rerun dhcp handler/;

export default defineDetector({
  meta: {
    id: 'dhcp',
    category: 'dhcp',
    severity: 'error',
    title: 'The wire server endpoint cannot be discovered through DHCP',
    docs: 'https://learn.microsoft.com/azure/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout',
    remediation: [
      'Keep DHCP enabled on the VM’s primary NIC (no static IP inside the guest): Azure gives the wire server address as DHCP option 245.',
      'Make sure the guest firewall allows DHCP (UDP 67/68) and that dhclient/NetworkManager/systemd-networkd is running.',
      'Restart the agent after fixing DHCP; check /var/lib/waagent/WireServerEndpoint holds 168.63.129.16.',
    ],
    watch: ['Wire server endpoint:', 'found endpoint [', 'endpoint found [', 'Azure endpoint', 'is not known wireserver ip', 'Rerun dhcp handler', 'DHCP request', '[DhcpError]', 'dhcp respon', 'Too few bytes received', 'DHCPOFFERS'],
    variants: {
      'send-failed': { title: 'The agent could not send its DHCP request' },
      'no-response': { title: 'No DHCP response reached the agent' },
      'wrong-endpoint': {
        title: 'The agent uses a wire server address that is not 168.63.129.16',
        remediation: [
          'The DHCP lease gave a wrong option 245 (often a custom DNS server list): update the agent, delete /var/lib/waagent/WireServerEndpoint and the stale dhclient lease, and restart the agent.',
        ],
      },
      'windows-client': { title: 'The Windows DHCP client could not get or keep an address' },
      'client-failed': {
        title: 'The OS DHCP client failed',
        severity: 'warning',
      },
      'endpoint-not-found': {
        title: 'The wire server endpoint was never discovered',
      },
    },
  },
  create(context) {
    let reruns: LogEvent[] = [];
    let discovered = false;
    return {
      event(event) {
        if (event.fields?.kind === 'dhcp') return context.report('client-failed', event);
        const w = winEvent(event);
        if (w) {
          // 1001: no address assigned; 1002: lease denied; 50036: the DHCPv4 client stopped.
          if (isWin(w, 'dhcp-client', [1001, 1002, 1003, 50036, 50037])) context.report('windows-client', event, { detail: `Dhcp-Client ${w.id}` });
          return;
        }
        const text = event.message;
        const endpoint = ENDPOINT.exec(text);
        if (endpoint) {
          const ip = endpoint[1]!;
          // Only real addresses count: pasted logs often mask them (`X.X.X.X`).
          if (ip === WIRESERVER_IP || !/^\d{1,3}(?:\.\d{1,3}){3}(?:,\d{1,3}(?:\.\d{1,3}){3})*$/.test(ip)) discovered = true;
          else context.report('wrong-endpoint', event, { detail: ip });
          return;
        }
        if (/is not known wireserver ip/.test(text)) return context.report('wrong-endpoint', event);
        if (RERUN.test(text)) {
          if (reruns.length < 20) reruns.push(event);
          return;
        }
        if (/Failed to send DHCP request/.test(text)) return context.report('send-failed', event);
        const full = textOf(event);
        if (/\[DhcpError\]|Failed to receive dhcp response|dhcp respones|Too few bytes received|\(000006\)/.test(full)) {
          return context.report('no-response', event);
        }
        // 2.0 agents: the DHCP receive times out inside DoDhcpWork.
        if (event.level === 'error' && /DoDhcpWork|^timed out/.test(full)) context.report('no-response', event);
      },
      finish() {
        // The rerun at every boot is normal; it matters only if no endpoint ever follows.
        if (!discovered && reruns.length > 0 && !context.has('wrong-endpoint')) {
          for (const e of reruns) context.report('endpoint-not-found', e);
        }
        reruns = [];
      },
    };
  },
});
