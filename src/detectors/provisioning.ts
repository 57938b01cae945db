// provisioning: provisioning failed or never completed (backup error UserErrorVmProvisioningStateFailed).
// Messages: ../shared/docs/waagent.md §4.7 (P1-P9).
import { defineDetector } from './types.js';
import { textOf } from './event-text.js';

export default defineDetector({
  meta: {
    id: 'provisioning',
    category: 'provisioning',
    severity: 'error',
    title: 'VM provisioning failed or never completed',
    docs: 'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/linux/linux-vm-provisioning-timeout',
    remediation: [
      'Provisioning reads ovf-env.xml from the provisioning DVD (/dev/sr0): the udf module must load and nothing may auto-mount the DVD elsewhere.',
      'Use only one provisioning agent: Provisioning.Agent in /etc/waagent.conf must match the image (cloud-init or waagent).',
      'Once fixed, redeploy or reapply the VM so that its provisioning state becomes Succeeded; backups fail while it is Failed.',
    ],
    watch: ['Provisioning', 'ovf-env.xml', 'op=Provision', 'cloud-init', 'dvd device', 'Mounting dvd', 'CopyOvfEnv', 'Waiting for OOBE'],
    variants: {
      failed: { title: 'Provisioning failed' },
      'dvd-unavailable': {
        title: 'The provisioning DVD (ovf-env.xml) could not be mounted or read',
        severity: 'warning',
        remediation: [
          'Check that the udf (and iso9660) kernel modules are not blacklisted and that no automounter takes /dev/sr0.',
        ],
      },
      'cloud-init-handshake': {
        title: 'The agent waits for cloud-init, which does not provision the VM',
        severity: 'warning',
        remediation: [
          'Check that cloud-init is installed, enabled and ran (`cloud-init status --long`, /var/log/cloud-init.log), or set Provisioning.Agent=waagent if the image does not use cloud-init.',
        ],
      },
      'conflicting-agents': { title: 'Both cloud-init and waagent are set to provision the VM' },
      'oobe-not-complete': {
        title: 'Windows setup (OOBE) has not completed, so the guest agent waits',
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
        if (/Provisioning (?:with cloud-init )?failed|Failed to copy ovf-env\.xml|Giving up, (?:ovf-env\.xml was not copied|ssh host key was not found)/.test(text) ||
          (event.fields?.op === 'Provision' && event.level === 'error')) {
          return context.report('failed', event, { detail: /\[CopyOvfEnv\] [^:]+|Failed to \w+ dvd device|Error \w+ file/.exec(text)?.[0] });
        }
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
