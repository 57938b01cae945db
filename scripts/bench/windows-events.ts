// Event records in the shapes Windows writes them to System and Application (windows.md, evtx.md): the
// service control manager, VSS, the guest agent's services, SQL Server's VSS writer, with classic events'
// binary data, named and unnamed EventData and the System fields filled as the real channels fill them.
// Routine events dominate; a few percent are warnings and errors the detectors read, none a failure by itself.
import type { EvtxEventSpec } from '../../test/helpers/evtx-writer.js';
import { between, guid, pick, type Rng } from './random.js';

export const COMPUTER = 'WINSQL01';
type Channel = 'System' | 'Application';

const SERVICES = ['Windows Azure Guest Agent', 'RdAgent', 'Windows Update', 'Background Intelligent Transfer Service', 'Windows Modules Installer', 'WinHTTP Web Proxy Auto-Discovery Service', 'Volume Shadow Copy', 'SQL Server VSS Writer'];

function event(
  r: Rng,
  channel: Channel,
  time: number,
  provider: string,
  eventId: number,
  level: number,
  data: EvtxEventSpec['data'],
  extra: Partial<EvtxEventSpec['system']> = {},
  binary?: Uint8Array,
): EvtxEventSpec {
  return {
    time: new Date(time),
    system: { provider, eventId, level, channel, computer: COMPUTER, processId: between(r, 400, 9000), threadId: between(r, 400, 9000), ...extra },
    ...(data ? { data } : {}),
    ...(binary ? { binary } : {}),
    // As the event log service writes them: EventData in a nested fragment of its own template (evtx.md §1.6).
    dataInFragment: true,
  };
}

/** Classic (eventlog API) events carry the service's name or status as binary data after the strings. */
const WUAU = new Uint8Array([0x77, 0x00, 0x75, 0x00, 0x61, 0x00, 0x75, 0x00, 0x73, 0x00, 0x65, 0x00, 0x72, 0x00, 0x76, 0x00]);
const VSS_CODE = new Uint8Array([0x2d, 0x20, 0x43, 0x6f, 0x64, 0x65, 0x3a, 0x20, 0x56, 0x53, 0x53, 0x53, 0x45, 0x52, 0x56, 0x43]);

type Make = (r: Rng, time: number) => EvtxEventSpec;

function weighted(table: readonly (readonly [number, Make])[]): (r: Rng) => Make {
  const total = table.reduce((n, [w]) => n + w, 0);
  return (r) => {
    let x = r() * total;
    for (const [w, v] of table) if ((x -= w) < 0) return v;
    return table[table.length - 1]![1];
  };
}

const SCM = { guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}', eventSourceName: 'Service Control Manager', qualifiers: 16384, keywords: '0x8080000000000000' };

export const SYSTEM_EVENTS = weighted([
  [30, (r, t) => event(r, 'System', t, 'Service Control Manager', 7036, 4, { param1: pick(r, SERVICES), param2: pick(r, ['running', 'stopped']) }, SCM, WUAU)],
  [8, (r, t) => event(r, 'System', t, 'Service Control Manager', 7040, 4, { param1: pick(r, SERVICES), param2: 'demand start', param3: 'auto start', param4: 'BITS' }, SCM)],
  [10, (r, t) => event(r, 'System', t, 'Microsoft-Windows-Kernel-General', 16, 4, { FinalNameLength: 64, FinalName: `\\??\\C:\\Windows\\ServiceProfiles\\LocalService\\AppData\\Local\\lastalive${between(r, 0, 1)}.dat`, Status: 0 }, { guid: '{a68ca8b7-004f-d7b6-a698-07e2de0f1f5d}', keywords: '0x8000000000000000' })],
  [8, (r, t) => event(r, 'System', t, 'Microsoft-Windows-Time-Service', 37, 4, { TimeSource: 'time.windows.com,0x8 (ntp.m|0x8|0.0.0.0:123->20.101.57.9:123)' }, { guid: '{06edcfeb-0fd0-4e53-acca-a6f8bbf81bcb}' })],
  [6, (r, t) => event(r, 'System', t, 'Microsoft-Windows-Winlogon', 7001, 4, { TSId: between(r, 1, 4), UserSid: { t: 'sid', v: 'S-1-5-21-1004336348-1177238915-682003330-500' } }, { guid: '{dbe9b383-7cf3-4331-91cc-a3cb16a3b538}' })],
  [6, (r, t) => event(r, 'System', t, 'EventLog', 6013, 4, [String(between(r, 1000, 9000000)), '0', '0 Coordinated Universal Time'], { qualifiers: 32768 })],
  [4, (r, t) => event(r, 'System', t, 'Microsoft-Windows-WindowsUpdateClient', 19, 4, { updateTitle: `Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.${between(r, 380, 420)}.${between(r, 100, 999)}.0)`, updateGuid: { t: 'guid', v: guid(r) }, updateRevisionNumber: 200 }, { guid: '{945a8954-c147-4acd-923f-40c45405a658}' })],
  // Warnings and errors that come and go on healthy servers.
  [0.8, (r, t) => event(r, 'System', t, 'Microsoft-Windows-DistributedCOM', 10016, 3, { param1: 'application-specific', param2: 'Local', param3: 'Activation', param4: `{${guid(r).toUpperCase()}}`, param5: `{${guid(r).toUpperCase()}}`, param6: 'NT AUTHORITY', param7: 'SYSTEM', param8: 'S-1-5-18', param9: 'LocalHost (Using LRPC)', param10: 'Unavailable', param11: 'Unavailable' }, { guid: '{1b562e86-b7aa-4131-badc-b6f3a001407e}', eventSourceName: 'DCOM', qualifiers: 0 })],
  [0.6, (r, t) => event(r, 'System', t, 'Microsoft-Windows-Time-Service', 129, 3, { DomainPeer: `NtpClient was unable to set a domain peer to use as a time source because of discovery error; retrying in ${between(r, 15, 60)} minutes` }, { guid: '{06edcfeb-0fd0-4e53-acca-a6f8bbf81bcb}' })],
  [0.5, (r, t) => event(r, 'System', t, 'Schannel', 36887, 2, { AlertDesc: between(r, 40, 48) }, { guid: '{1f678132-5938-4686-9fdc-c8ff68f15c85}' })],
]);

export const APPLICATION_EVENTS = weighted([
  [20, (r, t) => event(r, 'Application', t, 'VSS', 8224, 4, ['The VSS service is shutting down due to idle timeout.'], { qualifiers: 0 }, VSS_CODE)],
  [15, (r, t) => event(r, 'Application', t, 'MSSQLSERVER', 17137, 4, [`Starting up database 'db${between(r, 1, 40)}'.`], { qualifiers: 16384 })],
  [12, (r, t) => event(r, 'Application', t, 'MSSQLSERVER', 18265, 4, [`Log was backed up. Database: db${between(r, 1, 40)}, creation date(time): 2024/01/15(10:22:31), first LSN: ${between(r, 1, 9999)}:${between(r, 1, 999)}:1, last LSN: ${between(r, 1, 9999)}:${between(r, 1, 999)}:1, number of dump devices: 1, device information: (FILE=1, TYPE=DISK: {'F:\\Backup\\db.trn'}). This is an informational message only. No user action is required.`], { qualifiers: 16384 })],
  [10, (r, t) => event(r, 'Application', t, 'Microsoft-Windows-Security-SPP', 16384, 4, [`2024-06-${String(between(r, 1, 28)).padStart(2, '0')}T03:12:33Z`, 'RulesEngine'], { guid: '{e23b33b0-c8c9-472c-a5f9-f2bdfea0f156}', eventSourceName: 'Software Protection Platform Service', qualifiers: 16384 })],
  [8, (r, t) => event(r, 'Application', t, 'Microsoft-Windows-RestartManager', 10000, 4, { RmSessionId: between(r, 0, 9), UTCStartTime: { t: 'filetime', v: new Date(t) } }, { guid: '{0888e5ef-9b98-4695-979d-e92ce4247224}' })],
  [6, (r, t) => event(r, 'Application', t, 'SQLWRITER', 24576, 4, ['SQLWRITER: OnIdentify called'], { qualifiers: 0 })],
  [0.8, (r, t) => event(r, 'Application', t, 'Microsoft-Windows-Security-SPP', 8198, 2, ['hr=0x8007232B', `RuleId=31e71c49-8da7-4a2f-ad92-45d98a1c79ba;Action=AutoActivate;AppId=55c92734-d682-4d71-983e-d6ec3f16059f;SkuId=${guid(r)};NotificationInterval=1440;Trigger=TimerEvent`], { guid: '{e23b33b0-c8c9-472c-a5f9-f2bdfea0f156}', eventSourceName: 'Software Protection Platform Service', qualifiers: 49152 })],
  [0.6, (r, t) => event(r, 'Application', t, 'MSSQLSERVER', 17806, 2, [`SSPI handshake failed with error code 0x8009030c, state 14 while establishing a connection with integrated security; the connection has been closed. Reason: AcceptSecurityContext failed. [CLIENT: 10.0.0.${between(r, 2, 250)}]`], { qualifiers: 49152 })],
  [0.5, (r, t) => event(r, 'Application', t, 'Microsoft-Windows-User Profiles Service', 1530, 3, ['Windows detected your registry file is still in use by other applications or services. The file will be unloaded now.', String(between(r, 1, 9))], { guid: '{89b1e9f0-5aff-44a6-9b44-0a07a7ce5845}' })],
]);

/** The planted VSS failure of an SQL Server backup (the windows-vss-sql fixture's story), at `at`. */
export function vssFailure(r: Rng, at: number): EvtxEventSpec[] {
  return [
    event(r, 'Application', at, 'SQLWRITER', 24583, 2, ['Sqllib error: OLEDB Error encountered calling ICommandText::Execute. hr = 0x80040e14. SQLSTATE: 42000, Native Error: 3013\nError state: 1, Severity: 16\nSource: Microsoft SQL Server Native Client 11.0\nError message: BACKUP DATABASE is terminating abnormally.']),
    event(r, 'Application', at + 500, 'VSS', 8229, 3, ['A VSS writer has rejected an event with error 0x800423f4, The writer experienced a non-transient error.', 'PostSnapshot Event', 'SqlServerWriter']),
    event(r, 'Application', at + 600, 'VSS', 12297, 2, ['\\\\?\\Volume{4c1b02d2-7f11-11ef-a1a1-000d3a5b2c11}\\']),
  ];
}
