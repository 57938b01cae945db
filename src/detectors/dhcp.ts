// dhcp: the wire server endpoint cannot be discovered through DHCP (option 245), or a wrong one is used.
// Messages: ../shared/docs/waagent.md §4.5 (D1-D7), §4.4 N8-N10; cloud-init's Azure data source
// (canonical/cloud-init cloudinit/sources/DataSourceAzure.py); the Windows agent's fabric address discovery
// (SupportArticles-docs windows/windows-azure-guest-agent.md, "The Npcap loopback adapter is installed").
// One failed discovery is one finding: the rerun, the route test, the request that could not be sent and the reply
// that never came are its steps, reported together under one variant: no-response when no reply came (whether or not
// the request went out: the summary says which), else send-failed, else endpoint-not-found; the OS client's own
// failure lines join it.
import { defineDetector } from './types.js';
import { isWin, winEvent } from './windows-events.js';
import type { LogEvent } from '../model.js';
import { textOf, WIRESERVER_IP } from './event-text.js';
import { WIRESERVER } from '../knowledge/pages.js';

const ENDPOINT = /^(?:Wire server endpoint:|found endpoint \[|cached endpoint found \[|Discovered (?:Windows )?Azure endpoint: )\s*([^\]\s]+)/;
const RERUN = /WireServer endpoint is not found\. Rerun dhcp handler/;
const NO_ROUTE = /No route exists to 168\.63\.129\.16/;
const NO_RESPONSE = /\[DhcpError\]|Failed to receive dhcp response|dhcp respones|Too few bytes received|\(000006\)|Failed to obtain DHCP lease/;
/** Steps of one discovery kept for the finding (a VM retrying for days logs thousands). */
const MAX_STEPS = 2000;

type Step = 'rerun' | 'no-route' | 'send-failed' | 'no-response' | 'client-failed';
const STEP_DETAIL: Record<Step, string> = {
  rerun: 'endpoint not found',
  'no-route': 'no route to 168.63.129.16',
  'send-failed': 'request not sent',
  'no-response': 'no DHCP reply',
  'client-failed': 'the OS DHCP client failed',
};

const LINUX_STEPS = [
  'Keep DHCP enabled on the VM’s primary NIC (no static IP inside the guest; set a static address on the Azure NIC instead): Azure gives the wire server address as DHCP option 245.',
  'Make sure the guest firewall allows DHCP (UDP 67/68) and that the DHCP client (dhclient, NetworkManager or systemd-networkd) runs.',
  'Restart the agent after fixing DHCP (`systemctl restart walinuxagent` or `waagent`); /var/lib/waagent/WireServerEndpoint should then hold 168.63.129.16.',
];
const WINDOWS_STEPS = [
  'Keep DHCP enabled on the VM’s network adapter (`Get-NetIPInterface -AddressFamily IPv4 | Select InterfaceAlias, Dhcp`); for a fixed address set a static IP on the Azure NIC, not inside Windows.',
  'Make sure the DHCP Client service runs (`Get-Service Dhcp`) and no firewall blocks UDP 67/68, then restart the agent (`Restart-Service RdAgent, WindowsAzureGuestAgent`).',
];

/** Dhcp-Client's records of a client that could not get or keep an address (declared and read). */
const DHCP_CLIENT_IDS = [1001, 1002, 1003, 50036, 50037];

export default defineDetector({
  meta: {
    id: 'dhcp',
    category: 'dhcp',
    severity: 'error',
    title: 'The wire server endpoint cannot be discovered through DHCP',
    docs: WIRESERVER,
    remediation: { linux: LINUX_STEPS, windows: WINDOWS_STEPS },
    watch: [
      'Wire server endpoint:', 'found endpoint [', 'endpoint found [', 'Azure endpoint', 'is not known wireserver ip', 'Rerun dhcp handler', 'DHCP request', '[DhcpError]',
      'dhcp respon', 'Too few bytes received', 'DHCPOFFERS', 'No route exists to', 'fabric address', 'DHCP option data',
    ],
    windowsEvents: DHCP_CLIENT_IDS,
    variants: {
      'send-failed': { title: 'The agent could not send its DHCP request', platform: 'linux' },
      'no-response': { title: 'No DHCP response reached the agent', platform: 'linux' },
      'wrong-endpoint': {
        title: 'The agent uses a wire server address that is not 168.63.129.16',
        platform: 'linux',
        remediation: [
          'The DHCP lease gave a wrong option 245 (often a custom DNS server list): update the agent, delete /var/lib/waagent/WireServerEndpoint and the stale dhclient lease, and restart the agent.',
        ],
      },
      'windows-client': { title: 'The Windows DHCP client could not get or keep an address', platform: 'windows' },
      'client-failed': {
        title: 'The OS DHCP client failed',
        platform: 'linux',
        severity: 'warning',
      },
      'endpoint-not-found': {
        title: 'The wire server endpoint was never discovered',
        platform: 'linux',
      },
      'client-not-running': {
        title: 'The DHCP client is not running',
        platform: 'linux',
        severity: 'warning',
        remediation: [
          'The agent found no DHCP client process: without it the lease is not renewed and the route to 168.63.129.16 can be lost. Start the distribution’s DHCP client (dhclient, NetworkManager or systemd-networkd) and enable it at boot.',
        ],
      },
      'windows-fabric-address': {
        title: 'The Windows agent did not discover the fabric address on a network adapter',
        platform: 'windows',
        remediation: WINDOWS_STEPS,
        fixes: [
          {
            when: /Npcap Loopback Adapter/i,
            steps: ['The Npcap loopback adapter (installed with Wireshark or Nmap) answers first and has no DHCP option 245: disable it (`Disable-NetAdapter -Name "Npcap Loopback Adapter"`) and restart the agent.'],
          },
        ],
      },
    },
  },
  create(context) {
    const steps: { step: Step; event: LogEvent }[] = [];
    let discovered = false;
    const note = (step: Step, event: LogEvent): void => {
      if (steps.length < MAX_STEPS) steps.push({ step, event });
    };
    return {
      event(event) {
        if (event.fields?.kind === 'dhcp') return note('client-failed', event);
        const w = winEvent(event);
        if (w) {
          // 1001: no address assigned; 1002: lease denied; 50036: the DHCPv4 client stopped.
          if (isWin(w, 'dhcp-client', DHCP_CLIENT_IDS)) context.report('windows-client', event, { detail: `Dhcp-Client ${w.id}` });
          return;
        }
        const text = event.message;
        if (event.source === 'waappagent-log') {
          const adapter = /Did not discover fabric address on interface (.+)/.exec(text);
          if (adapter) context.report('windows-fabric-address', event, { detail: adapter[1]!.trim() });
          else if (/Empty DHCP option data returned/.test(text)) context.report('windows-fabric-address', event);
          return;
        }
        const endpoint = ENDPOINT.exec(text);
        if (endpoint) {
          const ip = endpoint[1]!;
          // Only real addresses count: pasted logs often mask them (`X.X.X.X`).
          if (ip === WIRESERVER_IP || !/^\d{1,3}(?:\.\d{1,3}){3}(?:,\d{1,3}(?:\.\d{1,3}){3})*$/.test(ip)) discovered = true;
          else context.report('wrong-endpoint', event, { detail: ip });
          return;
        }
        if (/is not known wireserver ip/.test(text)) return context.report('wrong-endpoint', event);
        if (/Dhcp client is not running/.test(text)) return context.report('client-not-running', event);
        if (RERUN.test(text)) return note('rerun', event);
        if (NO_ROUTE.test(text)) return note('no-route', event);
        if (/Failed to send DHCP request/.test(text)) return note('send-failed', event);
        const full = textOf(event);
        if (NO_RESPONSE.test(full)) return note('no-response', event);
        // 2.0 agents: the DHCP receive times out inside DoDhcpWork.
        if (event.level === 'error' && /DoDhcpWork|^timed out/.test(full)) note('no-response', event);
      },
      finish() {
        const has = (step: Step): boolean => steps.some((s) => s.step === step);
        // The rerun at every boot and its route test are normal; they matter when no endpoint follows.
        const variant = has('no-response')
          ? 'no-response'
          : has('send-failed')
            ? 'send-failed'
            : !discovered && has('rerun') && !context.has('wrong-endpoint')
              ? 'endpoint-not-found'
              : undefined;
        for (const { step, event } of steps) {
          if (variant === undefined) {
            if (step === 'client-failed') context.report('client-failed', event);
          } else if ((step !== 'rerun' && step !== 'no-route') || !discovered) {
            context.report(variant, event, { detail: STEP_DETAIL[step] });
          }
        }
        // A discovery that failed and later succeeded is not an error any more (the agent found its endpoint).
        if (discovered && (variant === 'send-failed' || variant === 'no-response')) context.setSeverity(variant, 'warning');
        steps.length = 0;
      },
    };
  },
});
