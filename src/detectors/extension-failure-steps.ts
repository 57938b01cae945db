// The remediation text of the extension-failure detector that is longer than a line: the general steps per
// platform, and the Windows agent's certificate failures (SupportArticles-docs windows/windows-azure-guest-agent.md,
// "RdCrypt Initialization failed" and "PFXImportCertStore failed ... Error Code: 86").
import type { EvidenceFix } from './types.js';

export const LINUX_EXTENSION_STEPS = [
  'Read the extension’s own log under /var/log/azure/<extension>/ for the failing command’s output.',
  'Remove the failed extension from the VM (portal or `az vm extension delete`) and add it again; for Azure Backup, retry the backup so that VMSnapshotLinux is reinstalled.',
  'Make sure the agent is healthy and up to date: extensions are handled by the agent.',
];

export const WINDOWS_EXTENSION_STEPS = [
  'Read the extension’s own logs under C:\\WindowsAzure\\Logs\\Plugins\\<extension>\\<version>\\ and C:\\WindowsAzure\\Logs\\WaAppAgent.log around the evidence.',
  'Remove the failed extension from the VM (portal or `Remove-AzVMExtension`) and add it again; for Azure Backup, retry the backup so that the VMSnapshot extension is reinstalled.',
  'Make sure the guest agent is Ready and up to date: extensions are handled by the agent.',
];

export const WINDOWS_CERTIFICATE_STEPS = [
  'Extensions with protected settings need the agent’s transport certificate: restart the RdAgent and WindowsAzureGuestAgent services and check C:\\WindowsAzure\\Logs\\WaAppAgent.log for the same error.',
];

export const CERTIFICATE_FIXES: readonly EvidenceFix[] = [
  {
    // -2147023143 = 0x6D9 EPT_S_NOT_REGISTERED: the RPC endpoint of the key isolation service is missing.
    when: /RdCrypt Initialization failed|-2147023143/,
    steps: ['RdCrypt cannot reach its RPC endpoint: start the CNG Key Isolation service (`Start-Service KeyIso`, startup type Manual or Automatic), then restart WaAppAgent and WindowsAzureGuestAgent.'],
  },
  {
    when: /PFXImportCertStore failed|Error Code: 86\b/,
    steps: ['The SYSTEM account cannot write the machine key store: give SYSTEM Full Control of C:\\ProgramData\\Microsoft\\Crypto\\Keys, C:\\ProgramData\\Microsoft\\Crypto\\RSA and C:\\ProgramData\\Microsoft\\Crypto\\SystemKeys, then restart the agent services.'],
  },
];
