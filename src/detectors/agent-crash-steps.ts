// The remediation text of the agent-crash detector: Linux steps (waagent.md §4.1, §6 rule 1) and Windows steps
// (SupportArticles-docs support/azure/virtual-machines/windows/windows-azure-guest-agent.md, "Common error scenarios").
import type { EvidenceFix } from './types.js';

export const LINUX_AGENT_STEPS = [
  'Read the exception or exit code in the evidence and fix what it names; then restart the agent (`systemctl restart walinuxagent` on Ubuntu/Debian, `systemctl restart waagent` on RHEL/SUSE) and watch /var/log/waagent.log.',
  'Update the agent to a supported version (the distribution’s `walinuxagent`/`WALinuxAgent` package, with AutoUpdate.Enabled=y in /etc/waagent.conf).',
  'If the handler keeps exiting, run `python3 -u /usr/sbin/waagent -run-exthandlers` by hand to see the error, and open a case with the evidence.',
];

export const WINDOWS_AGENT_STEPS = [
  'Check the services (`Get-Service RdAgent, WindowsAzureGuestAgent`: both Running, startup type Automatic) and read C:\\WindowsAzure\\Logs\\WaAppAgent.log and TransparentInstaller.log around the evidence; fix the error they name and restart the services.',
  'If the agent still fails, uninstall it and install the latest Windows guest agent MSI (github.com/Azure/WindowsVMAgent releases) with `msiexec /i <msi> /L*v C:\\Windows\\Panther\\msiexec.log`; it needs .NET Framework 4.5 or later.',
];

/** .NET Runtime 1026 with ConfigurationErrorsException: machine.config missing, corrupt, or WCF profiling left on. */
export const MACHINE_CONFIG_FIX: EvidenceFix = {
  when: /ConfigurationErrorsException|ServiceModelSink|machine\.config/,
  steps: [
    'The agent dies reading .NET’s machine.config: copy C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Config\\machine.config from a healthy VM of the same Windows version (keep a backup); if it names Microsoft.VisualStudio.Diagnostics.ServiceModelSink, WCF profiling is on: remove those entries. Then restart RdAgent and WindowsAzureGuestAgent.',
  ],
};

/** The agent's self-update (TransparentInstaller, run by RdAgent/WaAppAgent.exe) fails to install the new version. */
export const SELF_UPDATE_FIX: EvidenceFix = {
  when: /TransparentInstaller|ServiceInstallFailedException|InstallOrUpdateGA/,
  steps: [
    'The agent’s self-update (TransparentInstaller) could not install the new version: install the latest Windows guest agent MSI by hand (github.com/Azure/WindowsVMAgent releases) and check C:\\WindowsAzure\\Logs\\TransparentInstaller.log and C:\\Windows\\Panther\\msiexec.log if it fails.',
  ],
};

/** `Enable64Bit`=0 makes 64-bit .NET programs load as 32-bit: the agent cannot load its plugins. */
export const BAD_IMAGE_FORMAT_FIX: EvidenceFix = {
  when: /BadImageFormatException|0x8007000B/,
  steps: [
    'A third-party program switched .NET to 32-bit: set the DWORD Enable64Bit to 1 under HKLM\\SOFTWARE\\Microsoft\\.NETFramework, then restart the VM.',
  ],
};

export const WINDOWS_STUCK_STOPPING_STEPS = [
  'Make sure WaAppAgent.exe runs (restart the RdAgent service and wait five minutes), then end the stuck WindowsAzureGuestAgent.exe process so that RdAgent starts it again.',
  'If it stays stuck, uninstall the agent and install the latest Windows guest agent MSI (github.com/Azure/WindowsVMAgent releases).',
];

export const ORPHAN_PROCESS_STEPS = [
  'An extension handler of a previous agent (usually left over from a self-update) did not exit and was killed: check for duplicate handlers (`ps -ef | grep -- -run-exthandlers`) and restart the agent service so that one daemon and one handler run.',
  'If it happens after every update, update the distribution’s agent package; two handlers at once process extensions twice and can hang the backup extension.',
];
