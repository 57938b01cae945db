// provisioning: provisioning failed or never completed (backup error UserErrorVmProvisioningStateFailed).
// Messages: ../shared/docs/waagent.md §4.7 (P1-P9); cloud-init's Azure data source and its fabric helper
// (canonical/cloud-init cloudinit/sources/DataSourceAzure.py, cloudinit/sources/helpers/azure.py); windows.md §1 (OOBE).
import { defineDetector } from './types.js';
import { textOf } from './event-text.js';
import { DNS, PROXY, TLS, WIRESERVER_BLOCKED } from '../knowledge/evidence-fixes.js';
import { PROVISIONING } from '../knowledge/pages.js';

/** waagent's own failure, or cloud-init's failure report to Azure (its reportable error names the cause). */
const FAILED =
  /Provisioning (?:with cloud-init )?failed|Failed to copy ovf-env\.xml|Giving up, (?:ovf-env\.xml was not copied|ssh host key was not found)|Azure datasource failure occurred|Reported failure to Azure fabric|Failed to activate Azure Guest Proxy Agent/;
/** cloud-init could not tell Azure that provisioning finished: the VM stays "creating" until it times out. */
const REPORT_READY_FAILED =
  /exception while reporting ready|Failed to report ready to Azure fabric|Failed reporting ready|failed to register with Azure and fetch GoalState XML|Error communicating with Azure fabric/;

export default defineDetector({
  meta: {
    id: 'provisioning',
    category: 'provisioning',
    severity: 'error',
    title: 'VM provisioning failed or never completed',
    docs: PROVISIONING,
    remediation: {
      linux: [
        'Provisioning reads ovf-env.xml from the provisioning DVD (/dev/sr0): the udf module must load and nothing may auto-mount the DVD elsewhere.',
        'Use only one provisioning agent: Provisioning.Agent in /etc/waagent.conf must match the image (cloud-init or waagent); read /var/log/cloud-init.log when cloud-init provisions.',
        'Once fixed, redeploy or reapply the VM so that its provisioning state becomes Succeeded; backups fail while it is Failed.',
      ],
      windows: [
        'Windows provisioning finishes when setup (OOBE) completes and the agent reports ready: check C:\\Windows\\Panther\\setupact.log and that the image was generalized with sysprep.',
        'Once fixed, redeploy or reapply the VM so that its provisioning state becomes Succeeded; backups fail while it is Failed.',
      ],
    },
    watch: ['Provisioning', 'ovf-env.xml', 'op=Provision', 'cloud-init', 'dvd device', 'Mounting dvd', 'CopyOvfEnv', 'Waiting for OOBE'],
    // Windows records reach it as log lines do (warnings, errors, info records with a watch keyword).
    windowsEvents: [],
    variants: {
      failed: { title: 'Provisioning failed', platform: 'linux' },
      'dvd-unavailable': {
        title: 'The provisioning DVD (ovf-env.xml) could not be mounted or read',
        platform: 'linux',
        severity: 'warning',
        remediation: ['Check that the udf (and iso9660) kernel modules are not blacklisted and that no automounter takes /dev/sr0.'],
      },
      'cloud-init-handshake': {
        title: 'The agent waits for cloud-init, which does not provision the VM',
        platform: 'linux',
        severity: 'warning',
        remediation: [
          'Check that cloud-init is installed, enabled and ran (`cloud-init status --long`, /var/log/cloud-init.log), or set Provisioning.Agent=waagent if the image does not use cloud-init.',
        ],
      },
      'conflicting-agents': { title: 'Both cloud-init and waagent are set to provision the VM', platform: 'linux' },
      'report-ready-failed': {
        title: 'cloud-init could not report to Azure that provisioning finished',
        platform: 'linux',
        remediation: [
          'cloud-init reports ready to 168.63.129.16 over HTTP at the end of provisioning; without it the VM stays "creating" until provisioning times out. Make sure the image reaches 168.63.129.16 on port 80 during boot (no guest firewall rule, proxy or static network setup that blocks it before cloud-init runs).',
          'Read /var/log/cloud-init.log around the evidence for the error, fix it in the image, and redeploy.',
        ],
        fixes: [WIRESERVER_BLOCKED, PROXY, TLS, DNS],
      },
      'oobe-not-complete': {
        title: 'Windows setup (OOBE) has not completed, so the guest agent waits',
        platform: 'windows',
        severity: 'warning',
        remediation: [
          'The Windows guest agent does not start its work until setup completes: check C:\\Windows\\Panther\\setupact.log and the image’s sysprep state; a VM captured without a proper generalize stays in OOBE.',
        ],
      },
    },
  },
  create(context) {
    return {
      event(event) {
        const text = textOf(event);
        if (FAILED.test(text) || (event.fields?.op === 'Provision' && event.level === 'error')) {
          return context.report('failed', event, { detail: failedDetail(text) });
        }
        if (REPORT_READY_FAILED.test(text) && event.level !== 'info') return context.report('report-ready-failed', event);
        if (/cloud-init appears to be installed and enabled, this is not expected/.test(text)) return context.report('conflicting-agents', event);
        if (/Waiting for OOBE to Complete/.test(text)) return context.report('oobe-not-complete', event);
        if (/Mounting dvd failed|Failed to (?:mount|get) dvd device|\[CopyOvfEnv\] Error/.test(text)) return context.report('dvd-unavailable', event);
        if (/Waiting for cloud-init to copy ovf-env\.xml|cloud-init does not appear to be (?:running|enabled)/.test(text)) {
          context.report('cloud-init-handshake', event);
        }
      },
    };
  },
});

function failedDetail(text: string): string | undefined {
  if (/Azure datasource failure occurred|Reported failure to Azure fabric/.test(text)) return 'reported by cloud-init';
  if (/Azure Guest Proxy Agent/.test(text)) return 'guest proxy agent not ready';
  return /\[CopyOvfEnv\] [^:]+|Failed to \w+ dvd device|Error \w+ file/.exec(text)?.[0];
}
