// extension-failure: an extension fails to download, install, enable or update (seed cause 3).
// Messages: ../shared/docs/waagent.md §4.3 (E1-E20) and §6 rule 4; VMSnapshotLinux's shell.log (backup-extension.md
// §1.5); the Windows agent's certificate and plugin errors (SupportArticles-docs windows/windows-azure-guest-agent.md).
import { defineDetector } from './types.js';
import { setBounded } from '../bounded.js';
import { COMMON_FIXES } from '../knowledge/evidence-fixes.js';
import { EXTENSIONS } from '../knowledge/pages.js';
import { BAD_IMAGE_FORMAT_FIX } from './agent-crash-steps.js';
import { CERTIFICATE_FIXES, LINUX_EXTENSION_STEPS, WINDOWS_CERTIFICATE_STEPS, WINDOWS_EXTENSION_STEPS } from './extension-failure-steps.js';
import { APPLICATION_ERROR_IDS, isWin, winEvent } from './windows-events.js';
import type { LogEvent } from '../model.js';
import { extensionOf, isAgentEvent, isProblemLevel, textOf } from './event-text.js';
import type { DetectorContext, Facts } from './types.js';
import { isSuccessCode, snapshotCode } from '../knowledge/vmsnapshot-codes.js';

const STEP_START = /^Downloading extension package: /;
/** The Windows agent cannot get or install the transport certificate (RdCrypt, PFXImportCertStore). */
const CERTIFICATE_FAILURE = /RdCrypt Initialization failed|Failed to get TransportCertificate|PFXImportCertStore failed|Installing certificates in the LocalMachine store failed|Could not get transport certificate/;
const STEP_DONE = /^(?:Unzipping extension package|Download succeeded)/;
/**
 * Extensions whose last download step is remembered; past this the one first seen longest ago goes. A VM has a dozen
 * extensions and versions; the bound also keeps the search of a succeeded download's name over them short.
 */
export const MAX_DOWNLOAD_EXTENSIONS = 256;

/** MsiInstaller: an installation's result, failed or not. */
const MSI_RESULT_IDS = [11401, 1401, 11402, 11708];

export default defineDetector({
  meta: {
    id: 'extension-failure',
    category: 'extension-failure',
    severity: 'error',
    title: 'A VM extension failed',
    docs: EXTENSIONS,
    remediation: { linux: LINUX_EXTENSION_STEPS, windows: WINDOWS_EXTENSION_STEPS },
    fixes: COMMON_FIXES,
    watch: ['Downloading extension package', 'Unzipping extension package', 'op=Download', 'will not be processed', 'TransportCertificate'],
    // Crash reports (Application Error, .NET Runtime) and MsiInstaller's results.
    windowsEvents: [...APPLICATION_ERROR_IDS, 1026, ...MSI_RESULT_IDS],
    variants: {
      'non-zero-exit': { title: 'An extension command exited with a non-zero code', platform: 'linux' },
      timeout: { title: 'An extension command timed out', platform: 'linux' },
      'downgrade-not-allowed': {
        title: 'Extension update refused: downgrade not allowed',
        platform: 'linux',
        remediation: [
          'Remove the cached extension manifests (`rm /var/lib/waagent/*.manifest.xml`) and restart the agent; if it persists, stop the agent, also delete the extension’s folders (/var/lib/waagent/<Publisher.Type>-<version>, /var/log/azure/<Publisher.Type>), start it and retry the backup.',
          'Update the agent: 2.2.21 to 2.2.24 refuse these updates.',
        ],
      },
      'handler-state': {
        title: 'The agent cannot read or write the extension’s handler state',
        platform: 'linux',
        remediation: [
          'Check that /var/lib/waagent and /var/log/azure are writable directories with free space (a cleanup that removed /var/log/azure/<extension> causes this).',
          'Stop the agent, remove the extension’s folder under /var/lib/waagent, start the agent and retry the operation.',
        ],
      },
      download: {
        title: 'An extension package or manifest could not be downloaded',
        platform: 'linux',
        severity: 'warning',
        remediation: [
          'Check the path from the VM to Azure Storage and to 168.63.129.16:32526 (the agent falls back to the host plugin).',
          'Retry the operation; a missing blob on the platform side is usually transient.',
        ],
      },
      processing: { title: 'The agent failed while processing extensions', platform: 'linux' },
      'extension-error': { title: 'An extension operation failed', platform: 'linux' },
      'config-error': { title: 'The extension configuration in the goal state is invalid', platform: 'linux' },
      'dependency-failed': { title: 'A dependent extension failed, so later extensions were skipped', platform: 'linux', severity: 'warning' },
      'extensions-disabled': {
        title: 'Extension processing is disabled on this VM',
        platform: 'linux',
        severity: 'warning',
        remediation: ['Set Extensions.Enabled=y in /etc/waagent.conf (or remove the blocking policy) and restart the agent; Azure Backup needs extensions.'],
      },
      'windows-plugin': {
        title: 'The Windows guest agent failed to install or enable an extension',
        platform: 'windows',
        remediation: [
          'Read the plugin’s own logs under C:\\WindowsAzure\\Logs\\Plugins\\<extension>\\<version>\\ and the agent’s C:\\WindowsAzure\\Logs\\WaAppAgent.log around the evidence.',
          'Check that the VM can download the extension (storage and 168.63.129.16:32526), then remove the extension and add it again; for Azure Backup, retry the backup.',
        ],
        fixes: [BAD_IMAGE_FORMAT_FIX],
      },
      'windows-certificates': {
        title: 'The Windows guest agent cannot install the certificates extensions need',
        platform: 'windows',
        remediation: WINDOWS_CERTIFICATE_STEPS,
        fixes: CERTIFICATE_FIXES,
      },
      'backup-extension-crash': {
        title: 'The backup extension (IaaSBcdrExtension.exe) crashed',
        platform: 'windows',
        remediation: [
          'Antivirus or AppLocker often stops IaaSBcdrExtension.exe: exclude C:\\Packages\\Plugins\\Microsoft.Azure.RecoveryServices.VMSnapshot and C:\\WindowsAzure from scanning and allow the executable, then retry the backup.',
        ],
      },
      'vcredist-install': {
        title: 'The Visual C++ runtime the extension needs failed to install',
        platform: 'windows',
        remediation: ['Install the Visual C++ 2013 runtime manually, or fix the permission error in the evidence (often HKLM\\Software\\Classes), then retry the backup.'],
      },
      'status-error': {
        title: 'An extension reports an error in its status',
        remediation: {
          linux: [
            'Read the status message in the evidence and the extension’s log under /var/log/azure/<extension>/.',
            'A status file that says "success" with a non-zero code is still a failure (the extension rewrites terminal errors to success on ARM VMs): trust the code and the substatus.',
          ],
          windows: ['Read the status message in the evidence and the extension’s logs under C:\\WindowsAzure\\Logs\\Plugins\\<extension>\\.'],
        },
      },
      'settings-invalid': {
        title: 'An extension’s settings file cannot be read',
        remediation: {
          linux: ['Remove the extension and add it again with valid settings; check /var/lib/waagent/<extension>/config/*.settings for truncation (disk full).'],
          windows: ['Remove the extension and add it again with valid settings; check C:\\Packages\\Plugins\\<extension>\\<version>\\RuntimeSettings\\*.settings for truncation (disk full).'],
        },
      },
      'handler-stuck': {
        title: 'An extension handler is stuck in a failed state',
        platform: 'linux',
        severity: 'warning',
        remediation: ['Stop the agent, remove the extension’s folder under /var/lib/waagent, start the agent and retry the operation.'],
      },
      'operation-incomplete': {
        title: 'An extension download started but never completed',
        platform: 'linux',
        severity: 'warning',
        remediation: [
          'The log stops after the download began: check whether the agent is still running and whether the VM can reach Azure Storage and 168.63.129.16:32526.',
        ],
      },
    },
  },
  create(context) {
    // Last download-related step per extension, to find a download that never finished.
    const lastStep = new Map<string, { event: LogEvent; started: boolean }>();
    return {
      event(event) {
        const w = winEvent(event);
        if (w) {
          if ((isWin(w, 'application error', APPLICATION_ERROR_IDS) || isWin(w, '.net runtime', [1026])) && /IaaSBcdrExtension|VMSnapshot/i.test(w.dataText + ' ' + event.message)) {
            context.report('backup-extension-crash', event, { detail: w.label });
          } else if (isWin(w, 'msiinstaller', MSI_RESULT_IDS) && /Visual C\+\+/i.test(w.dataText + ' ' + event.message)) {
            context.report('vcredist-install', event, { detail: `MsiInstaller ${w.id}` });
          }
          return;
        }
        // The Windows agent's plugin operations (fields from the WaAppAgent.log parser).
        if (event.source === 'waappagent-log' || event.source === 'windows-agent-log') {
          if (CERTIFICATE_FAILURE.test(event.message) && event.level !== 'info') {
            context.report('windows-certificates', event, { detail: /Error Code: -?\d+/.exec(event.message)?.[0] });
            return;
          }
          if (event.fields?.result === 'failed' || (event.level === 'error' && /plugin/i.test(event.message) && /fail|error|exception/i.test(event.message))) {
            context.report('windows-plugin', event, { detail: [event.fields?.plugin, event.fields?.operation].filter(Boolean).join(' ') || undefined });
          }
          return;
        }
        const ext = extensionOf(event);
        if (event.extension && event.level === 'info') {
          if (STEP_START.test(event.message)) setBounded(lastStep, ext!, { event, started: true }, MAX_DOWNLOAD_EXTENSIONS);
          else if (STEP_DONE.test(event.message) && lastStep.has(ext!)) lastStep.set(ext!, { event, started: false });
        } else if (event.fields?.op === 'Download' && /succeeded/.test(event.fields.message ?? '') && ext) {
          const key = [...lastStep.keys()].find((k) => k.startsWith(ext));
          if (key) lastStep.set(key, { event, started: false });
        }
        if (!isProblemLevel(event) && !/will not be processed/.test(event.message)) return;
        // shell.log: handle.sh found no python and returns 3 (backup-extension.md §1.5): the handler cannot run.
        if (event.source === 'vmsnapshot-shell') {
          if (/^python version unknown/.test(event.message)) context.report('non-zero-exit', event, { detail: `${ext ?? 'VMSnapshotLinux'} exit 3 (no python)` });
          return;
        }
        if (isAgentEvent(event) && event.fields?.op !== 'ExtensionProcessing') return;
        const text = textOf(event);
        const detail = ext;
        if (/Downgrade not allowed/.test(text)) return context.report('downgrade-not-allowed', event, { detail });
        const exit = /Non-zero exit code: (-?\d+)/.exec(text);
        if (exit) return context.report('non-zero-exit', event, { detail: `${detail ?? 'extension'} exit ${exit[1]}` });
        if (/\bTimeout\(\d+\)/.test(text)) return context.report('timeout', event, { detail });
        if (/Failed to (?:save|get) handler status|Failed to set state|Failed to create extension log dir/.test(text))
          return context.report('handler-state', event, { detail });
        if (/Exception (?:processing|retrieving) extension handlers|ProcessExtensionsGoalState failed/.test(text))
          return context.report('processing', event, { detail: /extension handlers: ([^\n]+)/.exec(text)?.[1]?.slice(0, 80) });
        if (/Ran into config errors|Error processing MultiConfig extension|\[Extensions(?:Config|GoalState)Error\]/.test(text))
          return context.report('config-error', event, { detail });
        if (/Dependent [Ee]xtension .* (?:failed|did not)|Skipping processing of extensions since/.test(text))
          return context.report('dependency-failed', event, { detail });
        if (/will not be processed/.test(text)) return context.report('extensions-disabled', event, { detail });
        if (
          !/package list|agent manifest/i.test(text) &&
          /Failed to download artifacts|Failed to get ext handler pkgs|Unable to find (?:version \S+ in )?manifest|Failed to fetch (?:Extension)?[Mm]anifest|_manifest\.xml|extensionArtifact|\[ExtensionDownloadError\]/.test(text)
        ) {
          return context.report('download', event, { detail, ...(event.level === 'error' && event.fields?.name !== undefined ? { severity: 'error' as const } : {}) });
        }
        if (/\[Extension\w*Error\]|\(000003\)/.test(text) || (event.fields?.name !== undefined && event.level === 'error' && ext)) {
          context.report('extension-error', event, { detail });
        }
      },
      finish(facts) {
        for (const { event, started } of lastStep.values()) {
          if (started) context.report('operation-incomplete', event, { detail: extensionOf(event) });
        }
        reportStateFacts(facts, context);
      },
    };
  },
});

/** Handler codes the agent reports for extension failures (waagent.md §4.3, ExtensionErrorCodes). */
const HANDLER_FAILURE_CODES = new Set(['-1', '1000', '1001', '1002', '1003', '1004', '1005', '1007', '1008', '1009', '1010', '1011', '1012']);

/** Extension status and state files: errors (also the ones written as "success"), bad settings, stuck handlers. */
function reportStateFacts(facts: Facts, context: DetectorContext): void {
  for (const fact of facts.of('extension-status')) {
    const a = fact.attrs ?? {};
    const code = a.code;
    // Codes with their own finding (a freeze timeout, a network failure...) are evidence there, not here.
    if (snapshotCode(code)?.finding || snapshotCode(a.extErrorCode)?.finding) continue;
    const statusError =
      a.outcome === 'error' || /^(?:error|failed|notready)$/i.test(a.status ?? '') || /^(?:error|failed|notready)$/i.test(a.handlerStatus ?? '');
    const rewritten =
      /^success$/i.test(a.status ?? '') && (a.rewritten === 'true' || (a.outcome === undefined && (!isSuccessCode(code) || /^(?:error|failed)$/i.test(a.substatusStatus ?? ''))));
    const handlerFailure = code !== undefined && HANDLER_FAILURE_CODES.has(code);
    if (statusError || rewritten || handlerFailure) {
      const why = rewritten ? `says success but code ${code ?? '?'}${a.substatusStatus ? `, substatus ${a.substatusStatus}` : ''}` : `${a.status ?? a.handlerStatus ?? 'error'} code ${code ?? '?'}`;
      context.reportFact('status-error', fact, { detail: `${fact.value}: ${why}` });
    }
  }
  for (const fact of facts.of('extension-settings')) {
    if (fact.attrs?.valid === 'false') context.reportFact('settings-invalid', fact, { detail: fact.value });
  }
  for (const fact of facts.of('handler-state')) {
    if (/^Failed/i.test(fact.attrs?.state ?? fact.value)) context.reportFact('handler-stuck', fact, { detail: `${fact.value} ${fact.attrs?.state ?? ''}`.trim() });
  }
  for (const fact of facts.of('agent-config')) {
    if (fact.role === 'Extensions.Enabled' && /^n/i.test(fact.value)) context.reportFact('extensions-disabled', fact, { detail: 'Extensions.Enabled=n in waagent.conf' });
  }
}
