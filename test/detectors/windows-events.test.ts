// Windows detectors over events in the shared Windows shape (as EVTX and the exports yield them).
import agentCrash from '../../src/detectors/agent-crash.js';
import extensionFailure from '../../src/detectors/extension-failure.js';
import network from '../../src/detectors/network.js';
import dhcp from '../../src/detectors/dhcp.js';
import resourcePressure from '../../src/detectors/resource-pressure.js';
import { testDetectorOnEvents, winEvent } from '../helpers/detector-tester.js';

const scm = (id: number, service: string, time = '2024-03-14T02:00:00Z') =>
  winEvent({ provider: 'Service Control Manager', id, time, data: { param1: service, param2: '1' } });

testDetectorOnEvents(agentCrash, {
  valid: [{ name: 'another service crashing', events: [scm(7031, 'Print Spooler')] }],
  invalid: [
    { name: 'the guest agent service restarts once (warning only)', events: [scm(7031, 'Windows Azure Guest Agent')], id: 'agent-crash.service-crash', severity: 'warning' },
    {
      name: 'RdAgent crashing three times in an hour is a restart loop',
      events: [scm(7034, 'RdAgent', '2024-03-14T02:00:00Z'), scm(7034, 'RdAgent', '2024-03-14T02:10:00Z'), scm(7034, 'RdAgent', '2024-03-14T02:20:00Z')],
      id: 'agent-crash.windows-restart-loop',
      severity: 'critical',
      count: 3,
    },
    {
      name: 'one crash seen by .NET Runtime and by SCM is one finding',
      events: [
        winEvent({ provider: '.NET Runtime', id: 1026, channel: 'Application', time: '2024-03-14T02:00:00Z', data: { '0': 'Application: WindowsAzureGuestAgent.exe Framework Version: v4.0.30319 Description: The process was terminated due to an unhandled exception.' } }),
        scm(7031, 'Windows Azure Guest Agent', '2024-03-14T02:00:01Z'),
      ],
      id: 'agent-crash.service-crash',
      severity: 'warning',
      count: 2,
    },
    {
      name: 'machine.config is corrupt (SupportArticles-docs windows-azure-guest-agent.md): that fix first',
      events: [
        winEvent({
          provider: '.NET Runtime',
          id: 1026,
          channel: 'Application',
          message: 'Application: WindowsAzureGuestAgent.exe Framework Version: v4.0.30319 Description: The process was terminated due to an unhandled exception. Exception Info: System.Configuration.ConfigurationErrorsException',
        }),
      ],
      id: 'agent-crash.agent-process-crash',
      firstStep: /machine\.config/,
    },
    {
      name: 'the agent’s self-update dies in TransparentInstaller (WindowsVMAgent issue 8)',
      events: [
        winEvent({
          provider: '.NET Runtime',
          id: 1026,
          channel: 'Application',
          message: 'Application: WaAppAgent.exe Framework Version: v4.0.30319 Description: The process was terminated due to an unhandled exception. Exception Info: Microsoft.WindowsAzure.GuestAgent.Core.ServiceInstallFailedException at Microsoft.WindowsAzure.GuestAgent.TransparentInstaller.GuestAgentInstallerThread',
        }),
      ],
      id: 'agent-crash.agent-process-crash',
      firstStep: /self-update \(TransparentInstaller\)/,
    },
    { name: 'the agent service fails to start', events: [scm(7000, 'WindowsAzureGuestAgent'), scm(7009, 'WindowsAzureGuestAgent')], id: 'agent-crash.service-crash', severity: 'error' },
    {
      name: '.NET Runtime 1026 for the agent',
      events: [winEvent({ provider: '.NET Runtime', id: 1026, channel: 'Application', data: { '0': 'Application: WindowsAzureGuestAgent.exe Framework Version: v4.0.30319 Description: The process was terminated due to an unhandled exception.' } })],
      id: 'agent-crash.agent-process-crash',
    },
  ],
});

testDetectorOnEvents(extensionFailure, {
  valid: [{ name: 'another program crashing', events: [winEvent({ provider: 'Application Error', id: 1000, channel: 'Application', data: { '0': 'chrome.exe' } })] }],
  invalid: [
    {
      name: 'IaaSBcdrExtension.exe crashes',
      events: [winEvent({ provider: 'Application Error', id: 1000, channel: 'Application', data: { '0': 'IaaSBcdrExtension.exe', '1': '1.0.0.0' } })],
      id: 'extension-failure.backup-extension-crash',
    },
    {
      name: 'the VC++ runtime fails to install',
      events: [winEvent({ provider: 'MsiInstaller', id: 11401, channel: 'Application', message: 'Product: Microsoft Visual C++ 2013 x64 Minimum Runtime - 12.0.21005 -- Error 1401.Could not create key: Software\\Classes. System error 5.' })],
      id: 'extension-failure.vcredist-install',
    },
  ],
});

testDetectorOnEvents(network, {
  valid: [{ name: 'a DNS-Client informational event', events: [winEvent({ provider: 'Microsoft-Windows-DNS-Client', id: 1013, level: 'info' })] }],
  invalid: [
    {
      name: 'storage name resolution times out',
      events: [winEvent({ provider: 'Microsoft-Windows-DNS-Client', id: 1014, level: 'warning', data: { QueryName: 'md-abcd.z10.blob.storage.azure.net' } })],
      id: 'network.dns-failure',
    },
  ],
});

testDetectorOnEvents(dhcp, {
  valid: [{ name: 'a lease obtained', events: [winEvent({ provider: 'Microsoft-Windows-Dhcp-Client', id: 50065, level: 'info' })] }],
  invalid: [{ name: 'no address from DHCP', events: [winEvent({ provider: 'Microsoft-Windows-Dhcp-Client', id: 1001 })], id: 'dhcp.windows-client' }],
});

testDetectorOnEvents(resourcePressure, {
  valid: [{ name: 'an informational event', events: [winEvent({ provider: 'Microsoft-Windows-Kernel-General', id: 12, level: 'info' })] }],
  invalid: [
    { name: 'low virtual memory', events: [winEvent({ provider: 'Microsoft-Windows-Resource-Exhaustion-Detector', id: 2004, level: 'warning' })], id: 'resource-pressure.low-memory' },
  ],
});
