// agent-crash: the guest agent or its extension handler crashed, exited or restarts in a loop (seed cause 2).
// Messages: ../shared/docs/waagent.md §4.1 (L5, L9-L12, L17-L24) and §6 rule 1; Windows: windows.md §3 and the
// Windows agent troubleshooting article (SupportArticles-docs windows/windows-azure-guest-agent.md).
// One crash is one finding: the handler's last exception, the daemon's exit line and the next start's "did not
// terminate cleanly" are evidence of the same exit; a Windows crash seen by SCM, by Application Error and by the
// agent's own log is one crash, and several within the window one restart loop.
import { defineDetector } from './types.js';
import { addBounded } from '../bounded.js';
import { ExitLoop, isLoop, LOOP_EXITS, LOOP_WINDOW_MS } from './exit-loop.js';
import type { DetectorContext } from './types.js';
import type { LogEvent } from '../model.js';
import { AGENT_SERVICE, APPLICATION_ERROR_IDS, isWin, winEvent } from './windows-events.js';
import { isAgentEvent, textOf } from './event-text.js';
import { AGENT_VERSIONS, compareVersions, KNOWN_AGENT_DEFECTS } from '../knowledge/agent-versions.js';
import { COMMON_FIXES } from '../knowledge/evidence-fixes.js';
import { AGENT_TROUBLESHOOTING, AGENT_UPDATE } from '../knowledge/pages.js';
import {
  BAD_IMAGE_FORMAT_FIX,
  LINUX_AGENT_STEPS,
  MACHINE_CONFIG_FIX,
  ORPHAN_PROCESS_STEPS,
  SELF_UPDATE_FIX,
  WINDOWS_AGENT_STEPS,
  WINDOWS_STUCK_STOPPING_STEPS,
} from './agent-crash-steps.js';

const EXIT =
  /exited with return code: (?!0\b)|failed with return code: |returned code: (?!0\b)|launched with command '[^']*' failed with exception/;
/** The handler's last words before it exits with code 1 (L18): the same crash as the daemon's exit line. */
const HANDLER_EXCEPTION = /^Agent \S+ failed with exception: (.*)/;
const EXCEPTION = /Daemon ended with exception|An error occurred in the .* thread; will exit the thread/;
const UNCLEAN = /did not terminate cleanly(?:: (.*))?/;
const LOOP = /restarted more than \d+ times in \d+ seconds/;
const ORPHAN = /forcibly terminated orphan process|Exception occurred waiting for orphan agent to terminate/;
const WINDOWS_LOOP_WINDOW_MS = 3_600_000;
/** A program crash this close to an SCM crash of an agent service is that crash. */
const SAME_CRASH_MS = 10 * 60_000;
/** Windows crash events kept for the loop decision (a bundle has a few; a broken VM a few hundred). */
const MAX_WINDOWS_CRASHES = 500;
/**
 * Distinct handler exception messages remembered to join a later "did not terminate cleanly: <message>": a log has a
 * handful; the newest are kept, since the unclean start follows its crash.
 */
const MAX_CRASH_MESSAGES = 256;
/** Characters of an exception message compared: messages are one line, and a longer one is not a different crash. */
const MAX_CRASH_MESSAGE_CHARS = 1000;

const WINDOWS_CRASH_FIXES = [MACHINE_CONFIG_FIX, SELF_UPDATE_FIX, BAD_IMAGE_FORMAT_FIX];

/** Service Control Manager: a service stopped, crashed, hung or failed to start. */
const SCM_STOP_IDS = [7031, 7034, 7023, 7000, 7009, 7022, 7024];

export default defineDetector({
  meta: {
    id: 'agent-crash',
    category: 'agent-crash',
    severity: 'error',
    title: 'The guest agent crashed or is not running',
    docs: AGENT_TROUBLESHOOTING,
    remediation: { linux: LINUX_AGENT_STEPS, windows: WINDOWS_AGENT_STEPS },
    fixes: COMMON_FIXES,
    watch: [
      'did not terminate cleanly', 'memory limit', 'restarted more than', 'returned code: ', 'failed with return code', 'exited with return code',
      'failed with exception', 'thread died', 'Too many file', 'WindowsAzureGuestAgent starting', 'orphan process', 'orphan agent',
    ],
    // Service Control Manager's stops and crashes, and the programs' crash reports (Application Error, .NET Runtime).
    windowsEvents: [...SCM_STOP_IDS, ...APPLICATION_ERROR_IDS, 1026],
    variants: {
      'exthandler-exit': {
        title: 'The extension handler process exited with an error',
        platform: 'linux',
      },
      'crash-loop': {
        title: 'The guest agent restarts in a loop',
        platform: 'linux',
        severity: 'critical',
      },
      'unclean-exit': {
        title: 'The previous agent process did not terminate cleanly',
        platform: 'linux',
        severity: 'warning',
      },
      'unhandled-exception': {
        title: 'Unhandled exception in the guest agent',
        platform: 'linux',
      },
      'thread-died': {
        title: 'An agent worker thread died',
        platform: 'linux',
        severity: 'warning',
      },
      'memory-limit': {
        title: 'The agent exceeded its memory limit and restarted',
        platform: 'linux',
        severity: 'warning',
        remediation: [
          'The agent restarts itself when it exceeds its cgroup memory quota: look for very large goal states or extension output, and update the agent.',
        ],
      },
      'events-folder-full': {
        title: 'The agent fails because its events folder is full',
        platform: 'linux',
        remediation: [
          'Clear /var/lib/waagent/events (the agent cannot send its telemetry to 168.63.129.16), fix the network path to the wire server, and update the agent: 2.0.x agents crash on this.',
        ],
      },
      'orphan-process': {
        title: 'A handler left over from a previous agent was still running and was killed',
        platform: 'linux',
        severity: 'warning',
        remediation: ORPHAN_PROCESS_STEPS,
      },
      'service-crash': {
        title: 'The Windows guest agent service terminated or failed to start',
        platform: 'windows',
        fixes: WINDOWS_CRASH_FIXES,
      },
      'windows-restart-loop': {
        title: 'The Windows guest agent restarts in a loop',
        platform: 'windows',
        severity: 'critical',
        remediation: [
          'Read the error logged before each restart in C:\\WindowsAzure\\Logs\\WaAppAgent.log and the Application log (disk full, .NET errors, blocked network) and fix it.',
          ...WINDOWS_AGENT_STEPS,
        ],
        fixes: WINDOWS_CRASH_FIXES,
      },
      'agent-process-crash': {
        title: 'A guest agent program crashed',
        platform: 'windows',
        remediation: [
          'Check that antivirus or AppLocker rules do not block C:\\WindowsAzure\\ and that .NET Framework 4.5 or later is healthy.',
          ...WINDOWS_AGENT_STEPS,
        ],
        fixes: WINDOWS_CRASH_FIXES,
      },
      'windows-stuck-stopping': {
        title: 'The Windows guest agent is stuck stopping',
        platform: 'windows',
        remediation: WINDOWS_STUCK_STOPPING_STEPS,
      },
      'known-defect': {
        title: 'This agent version is known to crash, restart in a loop or stop processing extensions',
        platform: 'linux',
        severity: 'warning',
        docs: AGENT_UPDATE,
        remediation: [
          'Update the guest agent: the defect is fixed in later releases (the distribution’s package, or AutoUpdate.Enabled=y in /etc/waagent.conf so that the agent updates itself).',
        ],
      },
      traceback: {
        title: 'The agent logged a Python traceback',
        platform: 'linux',
        severity: 'warning',
      },
    },
  },
  create(context) {
    const exits = new ExitLoop();
    /** The messages of the handler's exceptions, to join the next start's "did not terminate cleanly: <message>". */
    const crashMessages = new Set<string>();
    const unclean: LogEvent[] = [];
    const windows = new WindowsCrashes();
    return {
      event(event) {
        const w = winEvent(event);
        if (w) {
          if (isWin(w, 'service control manager', SCM_STOP_IDS) && AGENT_SERVICE.test(w.dataText + ' ' + event.message)) {
            windows.add('scm', event, `SCM ${w.id}`);
          } else if ((isWin(w, 'application error', APPLICATION_ERROR_IDS) || isWin(w, '.net runtime', [1026])) && /WindowsAzureGuestAgent\.exe|WaAppAgent\.exe|RdAgent|WindowsAzureTelemetryService/i.test(w.dataText + ' ' + event.message)) {
            windows.add('program', event, w.label);
          }
          return;
        }
        if (event.source === 'waappagent-log') {
          if (/WindowsAzureGuestAgent starting/.test(event.message)) windows.add('start', event, 'WindowsAzureGuestAgent restarted');
          else if (/WindowsAzureGuestAgent could not be stopped/.test(event.message)) context.report('windows-stuck-stopping', event);
          else if (event.level === 'error' && /unhandled exception/i.test(event.message)) windows.add('program', event, 'unhandled exception');
          return;
        }
        const text = textOf(event);
        if (EXIT.test(text) || (isAgentEvent(event) && event.fields?.op === 'Enable' && event.level === 'error')) {
          context.report('exthandler-exit', event, { detail: exitDetail(text) });
          if (event.time !== null && event.fields === undefined) exits.add(event.time);
          return;
        }
        const handlerException = HANDLER_EXCEPTION.exec(event.message);
        if (handlerException) {
          addBounded(crashMessages, handlerException[1]!.trim().slice(0, MAX_CRASH_MESSAGE_CHARS), MAX_CRASH_MESSAGES);
          return context.report('exthandler-exit', event, { detail: `exception: ${handlerException[1]!.trim().slice(0, 80)}` });
        }
        if (LOOP.test(text)) return context.report('crash-loop', event);
        if (UNCLEAN.test(text)) {
          if (unclean.length < 200) unclean.push(event);
          return;
        }
        if (EXCEPTION.test(event.message) || (isAgentEvent(event) && event.fields?.op === 'UnhandledError')) {
          return context.report('unhandled-exception', event, { detail: exceptionDetail(event.message) });
        }
        if (/thread died, restarting/.test(text)) return context.report('thread-died', event);
        if (/reached memory limit -- exiting|memory limit \d+ bytes exceeded/.test(text)) return context.report('memory-limit', event);
        if (/Too many files? under .*events/.test(text) && event.level === 'error') return context.report('events-folder-full', event);
        if (ORPHAN.test(text)) return context.report('orphan-process', event);
        if (event.level !== 'info' && event.message.includes('Traceback (most recent call last)') && !/Dhcp/i.test(text)) {
          context.report('traceback', event, { detail: exceptionDetail(event.message) });
        }
      },
      finish(facts) {
        const { python } = facts.agent;
        const seen = new Set<string>();
        for (const fact of facts.agent.stated) {
          const defect = KNOWN_AGENT_DEFECTS.find((d) => d.matches(fact.value, python));
          if (!defect || seen.has(fact.value)) continue;
          seen.add(fact.value);
          const old = compareVersions(fact.value, AGENT_VERSIONS.linux.minimumSupported) < 0 ? `; older than the supported ${AGENT_VERSIONS.linux.minimumSupported}` : '';
          context.reportFact('known-defect', fact, { detail: `${fact.value}: ${defect.effect} (${defect.source})${old}` });
        }
        // The next start's "did not terminate cleanly: <message>" names a crash already reported: it is that crash.
        for (const e of unclean) {
          const message = UNCLEAN.exec(textOf(e))?.[1]?.trim();
          context.report(message !== undefined && crashMessages.has(message.slice(0, MAX_CRASH_MESSAGE_CHARS)) ? 'exthandler-exit' : 'unclean-exit', e);
        }
        windows.report(context);
        if (exits.loop) {
          context.setSeverity('exthandler-exit', 'critical');
          context.setSummary(
            'exthandler-exit',
            `The extension handler exited ${exits.count} times; ${LOOP_EXITS} or more within ${LOOP_WINDOW_MS / 3_600_000} hours is a crash loop.`,
          );
        }
        // A traceback that belongs to an exception already reported is not a second finding.
        if (context.has('unhandled-exception') || context.has('exthandler-exit') || context.has('events-folder-full')) context.drop('traceback');
      },
    };
  },
});

type WindowsCrashKind = 'scm' | 'program' | 'start';

/** The Windows agent's crashes and restarts, from SCM, Application Error/.NET Runtime and WaAppAgent.log. */
class WindowsCrashes {
  private readonly events: { kind: WindowsCrashKind; event: LogEvent; detail: string }[] = [];

  add(kind: WindowsCrashKind, event: LogEvent, detail: string): void {
    if (this.events.length < MAX_WINDOWS_CRASHES) this.events.push({ kind, event, detail });
  }

  /** A loop (3 starts within an hour, or 3 service crashes within 6 hours) is one finding; else each crash is one. */
  report(context: DetectorContext): void {
    const times = (kind: WindowsCrashKind): number[] =>
      this.events.filter((e) => e.kind === kind && e.event.time !== null).map((e) => e.event.time!).sort((a, b) => a - b);
    const scm = times('scm');
    const loop = isLoop(times('start'), WINDOWS_LOOP_WINDOW_MS) || isLoop(scm, LOOP_WINDOW_MS);
    for (const { kind, event, detail } of this.events) {
      if (loop) context.report('windows-restart-loop', event, { detail });
      else if (kind === 'scm') context.report('service-crash', event, { detail });
      else if (kind === 'program') {
        const sameCrash = event.time !== null && scm.some((t) => Math.abs(t - event.time!) <= SAME_CRASH_MS);
        context.report(sameCrash ? 'service-crash' : 'agent-process-crash', event, { detail });
      }
    }
    // One service restart is not an error (the service recovered); several are.
    if (!loop && context.has('service-crash')) context.setSeverity('service-crash', scm.length > 1 ? 'error' : 'warning');
  }
}


function exitDetail(text: string): string | undefined {
  const m = /(?:return(?:ed)? code:? |failed with exception: )([^\n]+)/.exec(text);
  return m ? `exit: ${m[1]!.trim().slice(0, 80)}` : undefined;
}

function exceptionDetail(message: string): string | undefined {
  const lines = message.split('\n').filter((l) => /^\w+(?:\.\w+)*(?:Error|Exception|Exit)\b|^\[\w+Error\]/.test(l.trim()));
  const last = lines[lines.length - 1] ?? /failed with exception: (.*)/.exec(message)?.[1];
  return last ? last.trim().slice(0, 100) : undefined;
}
