// agent-outdated: the guest agent is older than the supported minimum, auto-update is off, or updates fail
// (seed cause 2). Versions come from facts (waagent.md §4.1 L1/L13-L16); the minimum from one table.
import { defineDetector } from './types.js';
import { AGENT_VERSIONS, compareVersions, KNOWN_AGENT_DEFECTS } from '../knowledge/agent-versions.js';
import { COMMON_FIXES } from '../knowledge/evidence-fixes.js';
import { AGENT_UPDATE } from '../knowledge/pages.js';
import { AGENT_UPDATE_FAILING, textOf } from './event-text.js';

const LINUX_UPDATE_STEPS = [
  'Update the guest agent from the distribution’s repository (`walinuxagent` / `WALinuxAgent` package) and restart it (`systemctl restart walinuxagent` or `waagent`).',
  'Set AutoUpdate.Enabled=y (AutoUpdate.UpdateToLatestVersion=y on 2.10+) in /etc/waagent.conf so that the agent keeps itself current.',
];
const WINDOWS_UPDATE_STEPS = [
  'Install the latest Windows guest agent MSI (github.com/Azure/WindowsVMAgent releases) and restart the RdAgent and WindowsAzureGuestAgent services (`Restart-Service RdAgent, WindowsAzureGuestAgent`); the agent then updates itself.',
];

export default defineDetector({
  meta: {
    id: 'agent-outdated',
    category: 'agent-outdated',
    severity: 'warning',
    title: 'The guest agent is out of date',
    docs: AGENT_UPDATE,
    remediation: { linux: LINUX_UPDATE_STEPS, windows: WINDOWS_UPDATE_STEPS },
    watch: [
      'blacklisted', 'permanently disabled', 'package list', 'agent manifest', 'Unable to download Agent', 'Unable to update Agent', '[SelfUpdate]', 'ConfigurationProvider',
      'AgentUpdateError', 'AgentFamilyMissingError', 'No matching package found', 'install failed with exception',
    ],
    // Windows records reach it as log lines do (warnings, errors, info records with a watch keyword).
    windowsEvents: [],
    variants: {
      'below-minimum': { title: 'The guest agent is older than the minimum supported version', platform: 'linux' },
      'windows-below-minimum': {
        title: 'The Windows guest agent is older than the minimum supported version',
        platform: 'windows',
        remediation: WINDOWS_UPDATE_STEPS,
      },
      'auto-update-disabled': { title: 'Guest agent auto-update is disabled', platform: 'linux' },
      'update-failing': {
        title: 'The agent cannot update itself',
        platform: 'linux',
        remediation: [
          'The agent cannot download or install its update: check the path to 168.63.129.16 (ports 80 and 32526) and to Azure Storage (*.blob.core.windows.net, port 443), directly or through the proxy in /etc/waagent.conf.',
          'Meanwhile update the agent from the distribution’s package and restart it.',
        ],
        fixes: COMMON_FIXES,
      },
      'behind-goal-state': {
        title: 'The agent is older than the version the platform asks for',
        platform: 'linux',
        remediation: [
          'The goal state names a newer agent (GAFamily version) than the one running: check that auto-update is on (AutoUpdate.Enabled in /etc/waagent.conf) and that the agent can download its update from storage.',
        ],
      },
      incompatible: {
        title: 'The agent and an extension are incompatible',
        platform: 'linux',
        remediation: ['The extension needs a newer guest agent: update the agent (the distribution’s `walinuxagent`/`WALinuxAgent` package), then retry the extension operation.'],
      },
      blacklisted: {
        title: 'Newer agent versions were disabled after they crashed',
        platform: 'linux',
        remediation: [
          'The agent stops using a version that failed repeatedly and stays on an older one: find the crash in the log (agent-crash findings), fix its cause, then delete /var/lib/waagent/WALinuxAgent-*/error.json and restart the agent.',
        ],
      },
    },
  },
  create(context) {
    return {
      event(event) {
        const text = textOf(event);
        if (/Failed to construct ConfigurationProvider/.test(text)) {
          context.report('incompatible', event);
          return;
        }
        if (AGENT_UPDATE_FAILING.test(text)) {
          context.report('update-failing', event);
          return;
        }
        const blacklisted = /Agent (WALinuxAgent-\S+) is (?:permanently )?(?:blacklisted|disabled)/.exec(text);
        if (blacklisted) context.report('blacklisted', event, { detail: blacklisted[1]! });
      },
      finish(facts) {
        const reported = new Set<string>();
        const { python, stated, running, windows } = facts.agent;
        for (const fact of stated) {
          const { minimumSupported } = AGENT_VERSIONS[fact.role === 'windows-agent' ? 'windows' : 'linux'];
          if (compareVersions(fact.value, minimumSupported) >= 0 || reported.has(fact.value)) continue;
          // A version with a known defect is agent-crash.known-defect: the same version, one finding, the graver reading.
          if (fact.role !== 'windows-agent' && KNOWN_AGENT_DEFECTS.some((d) => d.matches(fact.value, python))) continue;
          reported.add(fact.value);
          const variant = fact.role === 'windows-agent' ? 'windows-below-minimum' : 'below-minimum';
          context.reportFact(variant, fact, { detail: `${fact.value} (${fact.role ?? 'agent'}) < ${minimumSupported}` });
        }
        // A newer goal-state agent running on top of an old daemon is fine: judge by the version that runs.
        const newest = running?.value;
        if (newest && compareVersions(newest, AGENT_VERSIONS.linux.minimumSupported) >= 0 && !windows) {
          context.drop('below-minimum');
        }
        for (const fact of facts.of('auto-update')) {
          if (fact.value === 'disabled') {
            context.reportFact('auto-update-disabled', fact);
            break;
          }
        }
        for (const fact of facts.of('agent-config')) {
          if (/^AutoUpdate\.(?:Enabled|UpdateToLatestVersion)$/.test(fact.role ?? '') && /^n/i.test(fact.value)) {
            context.reportFact('auto-update-disabled', fact, { detail: `${fact.role}=${fact.value} in waagent.conf` });
          }
        }
        for (const fact of facts.of('agent-error-state')) {
          if (/^true$/i.test(fact.attrs?.blacklisted ?? fact.attrs?.was_fatal ?? '')) context.reportFact('blacklisted', fact, { detail: `WALinuxAgent-${fact.value}` });
        }
        const wanted = facts.latest('ga-family-version', 'Prod') ?? facts.latest('ga-family-version');
        if (wanted && newest && compareVersions(newest, wanted.value) < 0) {
          context.reportFact('behind-goal-state', wanted, { detail: `running ${newest}, goal state asks for ${wanted.value}` });
        }
        // Below the minimum is a warning while the agent can still update itself; stuck there, it is the failure.
        const stuck = context.has('update-failing') || context.has('auto-update-disabled');
        for (const variant of ['below-minimum', 'windows-below-minimum']) {
          if (stuck && context.has(variant)) context.setSeverity(variant, 'error');
        }
      },
    };
  },
});
