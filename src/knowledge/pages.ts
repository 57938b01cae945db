// The Microsoft pages findings link to, one per platform where the platforms differ. Update the addresses here only.
import type { DocLink } from '../detectors/types.js';

const LEARN = 'https://learn.microsoft.com';

/** Troubleshooting the guest agent (Not Ready, service down, 168.63.129.16 unreachable). */
export const AGENT_TROUBLESHOOTING: DocLink = {
  linux: `${LEARN}/troubleshoot/azure/virtual-machines/linux/linux-azure-guest-agent`,
  windows: `${LEARN}/troubleshoot/azure/virtual-machines/windows/windows-azure-guest-agent`,
};

/** Installing and updating the guest agent. */
export const AGENT_UPDATE: DocLink = {
  linux: `${LEARN}/azure/virtual-machines/extensions/update-linux-agent`,
  windows: `${LEARN}/azure/virtual-machines/extensions/agent-windows`,
};

/** VM extensions: how the agent runs them, where their logs are, how to troubleshoot them. */
export const EXTENSIONS: DocLink = {
  linux: `${LEARN}/azure/virtual-machines/extensions/features-linux`,
  windows: `${LEARN}/azure/virtual-machines/extensions/features-windows`,
};

/** What 168.63.129.16 is, which ports the agent needs, how to test them. */
export const WIRESERVER = `${LEARN}/azure/virtual-network/what-is-ip-address-168-63-129-16`;

/** The seed article: "Snapshot VM sub task timed out" / agent and extension issues (both platforms). */
export const BACKUP_AGENT_ISSUES = `${LEARN}/azure/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout`;

/** Azure Backup's error codes for VMs (fsfreeze, VSS, snapshot limits...). */
export const BACKUP_VM_ERRORS = `${LEARN}/azure/backup/backup-azure-vms-troubleshoot`;

/** Provisioning: Linux images (waagent or cloud-init) and Windows images (sysprep/OOBE). */
export const PROVISIONING: DocLink = {
  linux: `${LEARN}/troubleshoot/azure/virtual-machines/linux/linux-custom-image-provisioning-errors`,
  windows: `${LEARN}/troubleshoot/azure/virtual-machines/windows/custom-image-provisioning-errors`,
};

/** Collecting the logs again. */
export const LOG_COLLECTION: DocLink = {
  linux: `${LEARN}/troubleshoot/azure/virtual-machines/linux/linux-azure-guest-agent`,
  windows: `${LEARN}/troubleshoot/azure/virtual-machines/windows/iaas-logs`,
};
