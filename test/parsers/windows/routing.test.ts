// Globs on the Windows bundle layouts (CollectGuestLogs root, a wrapping folder, IID `device_0/`, drive-less paths),
// alone and after the state parsers; and the state parsers on the Windows plugin layout `Packages/Plugins/<Name>/<ver>/`.
import { describe, expect, it } from 'vitest';
import { router } from '../../../src/parsers/index.js';
import {
  extensionSettingsParser,
  extensionStatusParser,
  handlerEnvironmentParser,
  handlerManifestParser,
} from '../../../src/parsers/state/index.js';
import type { DocumentParser } from '../../../src/parsers/types.js';
import { windowsParsers } from '../../../src/parsers/windows/index.js';
import { pluginFromPath } from '../../../src/parsers/windows/plugins.js';
import { runDoc } from './helpers.js';

const VMSNAPSHOT = 'Microsoft.Azure.RecoveryServices.VMSnapshot';
const alone = router(windowsParsers);
const combined = router();

const CASES: [string, string][] = [
  ['WindowsAzure/Logs/WaAppAgent.log', 'waappagent-log'],
  ['WindowsAzure/Logs/WaAppAgent.log.1', 'waappagent-log'],
  ['WindowsAzure/Logs/WaAppAgent_2024-05-01.log', 'waappagent-log'],
  ['device_0/WindowsAzure/Logs/WaAppAgent.log', 'waappagent-log'],
  ['VMAgentLogs/WindowsAzure/Logs/WaAppAgent.log', 'waappagent-log'],
  ['windowsazure/logs/waappagent.log', 'waappagent-log'],
  ['WindowsAzure/Logs/Telemetry.log', 'windows-agent-log'],
  ['WindowsAzure/Logs/TransparentInstaller.log', 'windows-agent-log'],
  ['device_0/WindowsAzure/Logs/AppAgentRuntime.log', 'windows-agent-log'],
  ['WindowsAzure/Logs/MonitoringAgent.log', 'windows-agent-log'],
  ['Logs/Telemetry.log', 'windows-agent-log'],
  ['WindowsAzure/Logs/Plugins/Microsoft.Compute.BGInfo/2.1/CommandExecution.log', 'windows-agent-log'],
  ['device_0/WindowsAzure/Logs/Plugins/Microsoft.CPlat.Core.RunCommandWindows/1.1.18/Install.log', 'windows-agent-log'],
  ['WindowsAzure/Logs/Plugins/Microsoft.Compute.BGInfo/2.1/Update.log', 'windows-agent-log'],
  ['WindowsAzure/Logs/Plugins/Microsoft.Compute.BGInfo/2.1/Heartbeat.log', 'windows-agent-log'],
  [`WindowsAzure/Logs/Plugins/${VMSNAPSHOT}/1.0.74.0/CommandExecution.log`, 'windows-agent-log'],
  [`WindowsAzure/Logs/Plugins/${VMSNAPSHOT}/1.0.74.0/IaaSBcdrExtension3.log`, 'vmsnapshot-windows-log'],
  [`device_0/WindowsAzure/Logs/Plugins/${VMSNAPSHOT}/1.0.74.0/IaaSBcdrExtension.log`, 'vmsnapshot-windows-log'],
  ['WindowsAzure/Logs/AggregateStatus/aggregatestatus.json', 'windows-aggregate-status'],
  ['device_0/WindowsAzure/Logs/AggregateStatus/aggregatestatus_20240502031205.json', 'windows-aggregate-status'],
  [`Packages/Plugins/${VMSNAPSHOT}/1.0.74.0/SeqNumber.txt`, 'windows-plugin-seqnumber'],
  [`device_0/Packages/Plugins/${VMSNAPSHOT}/1.0.74.0/Status/HeartBeat.Json`, 'windows-plugin-heartbeat'],
  [`Packages/Plugins/${VMSNAPSHOT}/1.0.74.0/Status/heartbeat.json`, 'windows-plugin-heartbeat'],
  ['Packages/Plugins/Microsoft.Compute.BGInfo/2.1/PackageInformation.txt', 'windows-plugin-package'],
  ['Windows/Setup/State/state.ini', 'windows-image-state'],
  ['device_0/Windows/Setup/State/State.ini', 'windows-image-state'],
  ['Windows/Panther/WaSetup.xml', 'windows-setup-log'],
  ['device_0/Windows/Panther/VmAgentInstaller.xml', 'windows-setup-log'],
];

describe('windows globs', () => {
  it.each(CASES)('%s -> %s', (path, id) => {
    expect(alone.byPath(path)?.id).toBe(id);
    expect(combined.byPath(path)?.id).toBe(id);
  });

  it('claims no Linux path', () => {
    for (const path of [
      'var/log/waagent.log',
      'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log',
      'var/log/azure/custom-script/handler.log',
      'var/lib/waagent/waagent_status.json',
      'var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/status/5.status',
      'var/log/syslog',
      'results.txt',
    ]) {
      expect(alone.byPath(path), path).toBeUndefined();
    }
  });

  it('sniffs the agent and the extension handler formats', () => {
    expect(alone.bySniff(['[00000004] 2024-04-17T07:19:26.812Z [INFO]  Beginning enable of plugin X.Y.'])?.id).toBe('waappagent-log');
    expect(alone.bySniff(['[1748+00000001] [05/13/2020 12:15:46.64] [INFO] Starting'])?.id).toBe('windows-agent-log');
    expect(alone.bySniff(['2024-04-17 07:19:26 just a line'])).toBeUndefined();
  });
});

describe('state parsers on the Windows plugin layout (Packages/Plugins/<Name>/<version>/)', () => {
  const dir = `Packages/Plugins/${VMSNAPSHOT}/1.0.74.0`;
  const cases: [string, DocumentParser, string, string][] = [
    [`${dir}/Status/12.status`, extensionStatusParser, 'extension-status', '[{"version":"1.0","timestampUTC":"2024-05-02T03:11:40Z","status":{"name":"VMSnapshot","operation":"Enable","status":"error","code":"400","formattedMessage":{"lang":"en-US","message":"failed"}}}]'],
    [`${dir}/RuntimeSettings/12.settings`, extensionSettingsParser, 'extension-settings', '{"runtimeSettings":[{"handlerSettings":{"protectedSettingsCertThumbprint":"0123456789ABCDEF0123456789ABCDEF01234567","protectedSettings":"x","publicSettings":{"locale":"en-us"}}}]}'],
    [`${dir}/HandlerManifest.json`, handlerManifestParser, 'handler-manifest', '[{"version":1.0,"handlerManifest":{"installCommand":"install.cmd","enableCommand":"enable.cmd","disableCommand":"disable.cmd","uninstallCommand":"uninstall.cmd","updateCommand":"update.cmd","rebootAfterInstall":false,"reportHeartbeat":false}}]'],
    [`${dir}/HandlerEnvironment.json`, handlerEnvironmentParser, 'handler-environment', '[{"name":"Microsoft.Azure.RecoveryServices.VMSnapshot","version":1.0,"handlerEnvironment":{"logFolder":"C:\\\\WindowsAzure\\\\Logs\\\\Plugins\\\\Microsoft.Azure.RecoveryServices.VMSnapshot\\\\1.0.74.0","configFolder":"C:\\\\Packages\\\\Plugins\\\\Microsoft.Azure.RecoveryServices.VMSnapshot\\\\1.0.74.0\\\\RuntimeSettings","statusFolder":"C:\\\\Packages\\\\Plugins\\\\Microsoft.Azure.RecoveryServices.VMSnapshot\\\\1.0.74.0\\\\Status","heartbeatFile":"C:\\\\Packages\\\\Plugins\\\\Microsoft.Azure.RecoveryServices.VMSnapshot\\\\1.0.74.0\\\\Status\\\\HeartBeat.Json"}}]'],
  ];
  it.each(cases)('%s', (path, parser, kind, text) => {
    const all = router();
    expect(all.byPath(path)?.id).toBe(parser.id);
    expect(all.byPath(`device_0/${path}`)?.id).toBe(parser.id);
    const r = runDoc(parser, path, text);
    expect(r.problems).toEqual([]);
    const f = r.facts.find((x) => x.kind === kind);
    expect(f, kind).toBeDefined();
    expect(f!.value).toBe(VMSNAPSHOT);
    expect(f!.attrs?.['version']).toBe('1.0.74.0');
  });
});

describe('pluginFromPath', () => {
  it('reads <Name>/<version> under a Plugins folder', () => {
    expect(pluginFromPath(`WindowsAzure/Logs/Plugins/${VMSNAPSHOT}/1.0.74.0/IaaSBcdrExtension3.log`)).toEqual({ name: VMSNAPSHOT, version: '1.0.74.0' });
    expect(pluginFromPath(`device_0/Packages/Plugins/${VMSNAPSHOT}/1.0.74.0/Status/HeartBeat.Json`)).toEqual({ name: VMSNAPSHOT, version: '1.0.74.0' });
    expect(pluginFromPath('WindowsAzure/Logs/Plugins/Microsoft.Compute.BGInfo/CommandExecution.log')).toEqual({ name: 'Microsoft.Compute.BGInfo' });
    expect(pluginFromPath('WindowsAzure/Logs/Plugins/x.log')).toBeUndefined();
    expect(pluginFromPath('WindowsAzure/Logs/WaAppAgent.log')).toBeUndefined();
  });
});
