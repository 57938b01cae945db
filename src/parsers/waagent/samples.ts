// One sample line per era/variant with what the parser must read from it (lnav-style; checked by a test).
// Each sample is parsed alone (a fresh parser, local times taken as UTC). Lines are made up in the real formats.
import type { LogEvent } from '../../model.js';

const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);

export const WAAGENT_SAMPLES: { line: string; expect: Partial<LogEvent> }[] = [
  {
    line: '2016/02/11 08:13:41 Azure Linux Agent Version: WALinuxAgent-2.0.16',
    expect: { format: '2.0', time: utc(2016, 2, 11, 8, 13, 41), timeSource: 'assumed-utc', level: 'info', message: 'Azure Linux Agent Version: WALinuxAgent-2.0.16' },
  },
  {
    line: '2016/02/11 08:14:02 ERROR:CalledProcessError.  Error Code is 1',
    expect: { format: '2.0', level: 'error', message: 'CalledProcessError.  Error Code is 1', timeText: '2016/02/11 08:14:02' },
  },
  {
    line: '2016/02/11 08:14:03 WARNING:Unable to find the dhcp lease file',
    expect: { format: '2.0', level: 'warning', message: 'Unable to find the dhcp lease file' },
  },
  {
    line: '2016/02/11 08:15:00 [Microsoft.OSTCExtensions.CustomScriptForLinux-1.4.1.0] Enable started.',
    expect: {
      format: '2.0',
      level: 'info',
      prefix: '[Microsoft.OSTCExtensions.CustomScriptForLinux-1.4.1.0]',
      extension: { name: 'Microsoft.OSTCExtensions.CustomScriptForLinux', version: '1.4.1.0' },
      message: 'Enable started.',
    },
  },
  {
    line: '2017/04/05 15:19:30 ERROR:timed out',
    expect: { format: '2.0', level: 'error', message: 'timed out', timeText: '2017/04/05 15:19:30' },
  },
  {
    line: '2016/10/05 17:02:02.941499 ERROR:Event: name=WALA, op=Download, message=Failed to get Prod package list, duration=0',
    expect: { format: '2.1-2.2.26', level: 'error', fields: { name: 'WALA', op: 'Download', message: 'Failed to get Prod package list', duration: '0' } },
  },
  {
    line: '2016/10/05 17:02:03.000001 WARNING: Unable to read the DHCP lease file',
    expect: { format: '2.1-2.2.26', level: 'warning', message: 'Unable to read the DHCP lease file' },
  },
  {
    line: '2016/09/02 11:20:31.105842 INFO Agent WALinuxAgent-2.1.6 is running as the goal state agent',
    expect: { format: '2.1-2.2.26', time: utc(2016, 9, 2, 11, 20, 31, 105), level: 'info', message: 'Agent WALinuxAgent-2.1.6 is running as the goal state agent', timeText: '2016/09/02 11:20:31.105842' },
  },
  {
    line: '2018/05/22 09:01:33.123456 ERROR Event: name=Microsoft.Azure.Extensions.CustomScript, op=Enable, message=Timeout(300): bin/custom-script-shim enable, duration=300012',
    expect: {
      format: '2.1-2.2.26',
      level: 'error',
      fields: { name: 'Microsoft.Azure.Extensions.CustomScript', op: 'Enable', message: 'Timeout(300): bin/custom-script-shim enable', duration: '300012' },
    },
  },
  {
    line: '2018/05/22 09:01:34.000100 INFO [Microsoft.Azure.Extensions.CustomScript-2.0.6] Target handler state: enabled',
    expect: { format: '2.1-2.2.26', prefix: '[Microsoft.Azure.Extensions.CustomScript-2.0.6]', extension: { name: 'Microsoft.Azure.Extensions.CustomScript', version: '2.0.6' }, message: 'Target handler state: enabled' },
  },
  {
    line: '2019/03/14 16:02:11.880012 INFO ExtHandler Agent WALinuxAgent-2.2.38 is running as the goal state agent',
    expect: { format: '2.2.27-2.2.45', prefix: 'ExtHandler', level: 'info', message: 'Agent WALinuxAgent-2.2.38 is running as the goal state agent' },
  },
  {
    line: '2019/03/14 16:02:12.000345 VERBOSE Daemon Command: [ifconfig -a]',
    expect: { format: '2.2.27-2.2.45', prefix: 'Daemon', level: 'verbose', message: 'Command: [ifconfig -a]' },
  },
  {
    line: '2018/11/02 03:04:05.000001 INFO [Microsoft.OSTCExtensions.LinuxDiagnostic-2.3.9027]Update settings file: 0.settings',
    expect: { prefix: '[Microsoft.OSTCExtensions.LinuxDiagnostic-2.3.9027]', extension: { name: 'Microsoft.OSTCExtensions.LinuxDiagnostic', version: '2.3.9027' }, message: 'Update settings file: 0.settings' },
  },
  {
    line: '2020-01-22T10:11:12.345678Z INFO Daemon Azure Linux Agent Version:2.2.46',
    expect: { format: '2.2.46', time: utc(2020, 1, 22, 10, 11, 12, 345), timeSource: 'utc', prefix: 'Daemon', message: 'Azure Linux Agent Version:2.2.46' },
  },
  {
    line: '2020-01-22T10:12:00.000000Z WARNING [Microsoft.Azure.Monitor.AzureMonitorLinuxAgent-1.5.3] Enable command took too long',
    expect: { format: '2.2.46', level: 'warning', prefix: '[Microsoft.Azure.Monitor.AzureMonitorLinuxAgent-1.5.3]', extension: { name: 'Microsoft.Azure.Monitor.AzureMonitorLinuxAgent', version: '1.5.3' } },
  },
  {
    line: '2024-05-01T10:00:00.123456Z INFO ExtHandler ExtHandler Azure Linux Agent (Goal State Agent version 2.10.0.8)',
    expect: { format: '2.2.47+', time: utc(2024, 5, 1, 10, 0, 0, 123), timeSource: 'utc', thread: 'ExtHandler', prefix: 'ExtHandler', message: 'Azure Linux Agent (Goal State Agent version 2.10.0.8)' },
  },
  {
    line: '2024-05-01T10:00:01.000000Z INFO ExtHandler [Microsoft.CPlat.Core.RunCommandLinux-1.0.5] Target handler state: enabled [incarnation_3]',
    expect: { format: '2.2.47+', thread: 'ExtHandler', prefix: '[Microsoft.CPlat.Core.RunCommandLinux-1.0.5]', extension: { name: 'Microsoft.CPlat.Core.RunCommandLinux', version: '1.0.5' }, message: 'Target handler state: enabled [incarnation_3]' },
  },
  {
    line: '2024-05-01T10:00:02.500000Z ERROR MonitorHandler ExtHandler Error in SendHostPluginHeartbeat: [HttpError] timed out',
    expect: { format: '2.2.47+', level: 'error', thread: 'MonitorHandler', prefix: 'ExtHandler', message: 'Error in SendHostPluginHeartbeat: [HttpError] timed out' },
  },
  {
    line: '2024-05-01T10:00:03.000000Z INFO Thread-7 LogCollector Starting log collection...',
    expect: { format: '2.2.47+', thread: 'Thread-7', prefix: 'LogCollector', message: 'Starting log collection...' },
  },
  {
    line: '2024-05-01T10:00:04.000000Z INFO SendTelemetryHandler Successfully started the SendTelemetryHandler thread',
    expect: { format: '2.2.47+', thread: 'SendTelemetryHandler', message: 'Successfully started the SendTelemetryHandler thread' },
  },
  {
    line: 'May  2 08:30:00 myvm waagent[1234]: 2019/05/02 08:30:00.111111 WARNING ExtHandler Fetch failed from [http://168.63.129.16:32526/extensionArtifact]: [HTTP Failed] [400: Bad Request]',
    expect: { format: '2.2.27-2.2.45', time: utc(2019, 5, 2, 8, 30, 0, 111), level: 'warning', prefix: 'ExtHandler', timeText: '2019/05/02 08:30:00.111111' },
  },
];
