// agent-crash: the guest agent or its extension handler crashed, exited or restarts in a loop (seed cause 2).
// Messages: ../shared/docs/waagent.md §4.1 (L5, L9-L12, L17-L24) and §6 rule 1.
import { defineDetector } from './types.js';
import type { LogEvent } from '../model.js';
import { AGENT_SERVICE, isWin, winEvent } from './windows-events.js';
import { isAgentEvent, textOf } from './event-text.js';
import { KNOWN_AGENT_DEFECTS } from '../knowledge/agent-versions.js';

const EXIT =
  /exited with return code: (?!0\b)|failed with return code: |returned code: (?!0\b)|launched with command '[^']*' failed with exception/;
const EXCEPTION = /^Agent \S+ failed with exception: |Daemon ended with exception|An error occurred in the .* thread; will exit the thread/;
const LOOP = /restarted more than \d+ times in \d+ seconds/;
/** Crash-loop threshold: this many exits of the handler within the window. */
const LOOP_EXITS = 3;
const LOOP_WINDOW_MS = 6 * 3_600_000;

export default defineDetector({
  meta: {
    id: 'agent-crash',
    category: 'agent-crash',
    severity: 'error',
    title: 'The guest agent crashed or is not running',
    docs: 'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/linux/linux-azure-guest-agent',
    remediation: [
      'Read the traceback or exit code in the evidence; then restart the agent (`systemctl restart walinuxagent`, or `waagent` on older distros) and watch /var/log/waagent.log.',
      'Update the agent to a supported version (distro package `walinuxagent`/`WALinuxAgent`, with AutoUpdate.Enabled=y in /etc/waagent.conf).',
      'If the handler keeps exiting, run `python3 -u /usr/sbin/waagent -run-exthandlers` by hand to see the error, and open a case with the evidence.',
    ],
    watch: ['did not terminate cleanly', 'memory limit', 'restarted more than', 'returned code: ', 'failed with return code', 'exited with return code', 'failed with exception', 'thread died', 'Too many file', 'WindowsAzureGuestAgent starting'],
    variants: {
      'exthandler-exit': {
        title: 'The extension handler process exited with an error',
      },
      'crash-loop': {
        title: 'The guest agent restarts in a loop',
        severity: 'critical',
      },
      'unclean-exit': {
        title: 'The previous agent process did not terminate cleanly',
        severity: 'warning',
      },
      'unhandled-exception': {
        title: 'Unhandled exception in the guest agent',
      },
      'thread-died': {
        title: 'An agent worker thread died',
        severity: 'warning',
      },
      'memory-limit': {
        title: 'The agent exceeded its memory limit and restarted',
        severity: 'warning',
        remediation: [
          'The agent restarts itself when it exceeds its cgroup memory quota; check for very large goal states or extension output, and update the agent.',
        ],
      },
      'events-folder-full': {
        title: 'The agent fails because its events folder is full',
        remediation: [
          'Clear /var/lib/waagent/events (the agent cannot send its telemetry to 168.63.129.16), fix the network path to the wire server, and update the agent: 2.0.x agents crash on this.',
        ],
      },
      'service-crash': {
        title: 'The Windows guest agent service terminated or failed to start',
        remediation: [
          'Check the service state (`Get-Service WindowsAzureGuestAgent, RdAgent`) and C:\\WindowsAzure\\Logs\\WaAppAgent.log around the evidence; restart the services.',
          'Reinstall the latest Windows guest agent (MSI from the WindowsAzure guest agent releases) and make sure .NET Framework 4.5 or later is installed.',
        ],
      },
      'windows-restart-loop': {
        title: 'The Windows guest agent restarts in a loop',
        severity: 'critical',
        remediation: [
          'Read the error logged before each restart in C:\\WindowsAzure\\Logs\\WaAppAgent.log (disk full, .NET errors, blocked network) and fix it.',
          'Reinstall the latest Windows guest agent and make sure the WindowsAzureGuestAgent and RdAgent services start automatically.',
        ],
      },
      'agent-process-crash': {
        title: 'A guest agent program crashed',
        remediation: ['Reinstall the latest Windows guest agent; check for antivirus or AppLocker rules blocking C:\\WindowsAzure\\ and .NET Framework health.'],
      },
      'known-defect': {
        title: 'This agent version is known to crash or restart in a loop',
        severity: 'warning',
        remediation: [
          'Update the guest agent: the defect is fixed in later releases (distro package, or AutoUpdate.Enabled=y so the agent updates itself).',
        ],
      },
      traceback: {
        title: 'The agent logged a Python traceback',
        severity: 'warning',
      },
    },
  },
  create(context) {
    const exits: number[] = [];
    const serviceCrashes: number[] = [];
    const agentStarts: LogEvent[] = [];
    return {
      event(event) {
        const w = winEvent(event);
        if (w) {
          if (isWin(w, 'service control manager', [7031, 7034, 7023, 7000, 7009, 7022, 7024]) && AGENT_SERVICE.test(w.dataText + ' ' + event.message)) {
            if (event.time !== null) serviceCrashes.push(event.time);
            context.report('service-crash', event, { detail: `SCM ${w.id}` });
          } else if ((isWin(w, 'application error', [1000, 1005]) || isWin(w, '.net runtime', [1026])) && /WindowsAzureGuestAgent\.exe|WaAppAgent\.exe|RdAgent|WindowsAzureTelemetryService/i.test(w.dataText + ' ' + event.message)) {
            context.report('agent-process-crash', event, { detail: `${w.provider} ${w.id}` });
          }
          return;
        }
        if (event.source === 'waappagent-log' && /WindowsAzureGuestAgent starting/.test(event.message) && event.time !== null) agentStarts.push(event);
        const text = textOf(event);
        if (EXIT.test(text) || (isAgentEvent(event) && event.fields?.op === 'Enable' && event.level === 'error')) {
          context.report('exthandler-exit', event, { detail: exitDetail(text) });
          if (event.time !== null && event.fields === undefined) exits.push(event.time);
          return;
        }
        if (LOOP.test(text)) return context.report('crash-loop', event);
        if (/did not terminate cleanly/.test(text)) return context.report('unclean-exit', event);
        if (EXCEPTION.test(event.message) || (isAgentEvent(event) && event.fields?.op === 'UnhandledError')) {
          return context.report('unhandled-exception', event, { detail: exceptionDetail(event.message) });
        }
        if (/thread died, restarting/.test(text)) return context.report('thread-died', event);
        if (/reached memory limit -- exiting|memory limit \d+ bytes exceeded/.test(text)) return context.report('memory-limit', event);
        if (/Too many files? under .*events/.test(text) && event.level === 'error') return context.report('events-folder-full', event);
        if (event.level !== 'info' && event.message.includes('Traceback (most recent call last)') && !/Dhcp/i.test(text)) {
          context.report('traceback', event, { detail: exceptionDetail(event.message) });
        }
      },
      finish(facts) {
        const python = facts.latest('python')?.value;
        const seen = new Set<string>();
        for (const fact of facts.all('agent-version')) {
          const defect = KNOWN_AGENT_DEFECTS.find((d) => d.matches(fact.value, python));
          if (!defect || seen.has(fact.value)) continue;
          seen.add(fact.value);
          context.reportFact('known-defect', fact, { detail: `${fact.value}: ${defect.effect} (${defect.source})` });
        }
        // One service restart is not an error (the service recovered); several are a loop.
        if (context.has('service-crash')) {
          serviceCrashes.sort((a, b) => a - b);
          const loop = serviceCrashes.some((t, i) => i + 2 < serviceCrashes.length && serviceCrashes[i + 2]! - t <= LOOP_WINDOW_MS);
          context.setSeverity('service-crash', loop ? 'critical' : serviceCrashes.length > 1 ? 'error' : 'warning');
        }
        agentStarts.sort((a, b) => a.time! - b.time!);
        for (let i = 0; i + LOOP_EXITS - 1 < agentStarts.length; i++) {
          if (agentStarts[i + LOOP_EXITS - 1]!.time! - agentStarts[i]!.time! <= 3_600_000) {
            for (const e of agentStarts) context.report('windows-restart-loop', e, { detail: 'WindowsAzureGuestAgent restarted' });
            break;
          }
        }
        exits.sort((a, b) => a - b);
        for (let i = 0; i + LOOP_EXITS - 1 < exits.length; i++) {
          if (exits[i + LOOP_EXITS - 1]! - exits[i]! <= LOOP_WINDOW_MS) {
            context.setSeverity('exthandler-exit', 'critical');
            context.setSummary(
              'exthandler-exit',
              `The extension handler exited ${exits.length} times; ${LOOP_EXITS} or more within ${LOOP_WINDOW_MS / 3_600_000} hours is a crash loop.`,
            );
            break;
          }
        }
        // A traceback that belongs to an exception already reported is not a second finding.
        if (context.has('unhandled-exception') || context.has('exthandler-exit') || context.has('events-folder-full')) context.drop('traceback');
      },
    };
  },
});

function exitDetail(text: string): string | undefined {
  const m = /(?:return(?:ed)? code:? |failed with exception: )([^\n]+)/.exec(text);
  return m ? `exit: ${m[1]!.trim().slice(0, 80)}` : undefined;
}

function exceptionDetail(message: string): string | undefined {
  const lines = message.split('\n').filter((l) => /^\w+(?:\.\w+)*(?:Error|Exception|Exit)\b|^\[\w+Error\]/.test(l.trim()));
  const last = lines[lines.length - 1] ?? /failed with exception: (.*)/.exec(message)?.[1];
  return last ? last.trim().slice(0, 100) : undefined;
}
