// Line sources in the shapes of the real Linux formats (../shared/docs/waagent.md §1, backup-extension.md §1.2, the
// parsers' samples): waagent.log in its three header eras, the VMSnapshotLinux extension log, handler logs under
// /var/log/azure, syslog/kern.log, a journal JSON export, cloud-init and dmesg. Routine lines dominate, but a few
// percent are warnings, errors, retries and multi-line entries that the detectors must read, as in real bundles;
// none of them is a failure by itself (the scenario plants those, see linux-scenario.ts).
import type { LineSource } from './text-file.js';
import { between, guid, hex, pick, type Rng } from './random.js';

export const HOST = 'backupvm01';
export const AGENT = '2.10.0.8';
export const SNAPSHOT_EXT = 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux';
const EXT_PREFIXES = [`[${SNAPSHOT_EXT}-1.0.9225.0]`, '[Microsoft.Azure.Monitor.AzureMonitorLinuxAgent-1.28.2]', '[Microsoft.CPlat.Core.RunCommandLinux-1.0.5]'];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const micros = (r: Rng, ms: number): string => pad(ms % 1000, 3) + pad(between(r, 0, 999), 3);

/** `2024-05-01T10:00:00.123456Z` */
export function isoMicros(r: Rng, ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + '.' + micros(r, ms) + 'Z';
}
/** `2019/03/14 16:02:11.880012` (agents up to 2.2.45) */
function slashMicros(r: Rng, ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/-/g, '/').replace('T', ' ') + '.' + micros(r, ms);
}
/** `2024-06-03T22:00:01.402113+00:00` (rsyslog's precise format, Ubuntu 22.04+) */
export function rfc3339(r: Rng, ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + '.' + micros(r, ms) + '+00:00';
}
/** `2024-06-03 22:00:04.001020` (VMSnapshotLinux, Python 3) */
export function spaceMicros(r: Rng, ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + '.' + micros(r, ms);
}

/** Picks by weight: [weight, make] pairs, weights summing to anything. */
function weighted<T>(table: readonly (readonly [number, T])[]): (r: Rng) => T {
  const total = table.reduce((n, [w]) => n + w, 0);
  return (r) => {
    let x = r() * total;
    for (const [w, v] of table) if ((x -= w) < 0) return v;
    return table[table.length - 1]![1];
  };
}

export type WaagentEra = '2.2.27-2.2.45' | '2.2.46' | '2.2.47+';
type Msg = (r: Rng, ms: number) => { level: string; thread: string; prefix: string; text: string };

const info = (thread: string, prefix: string, text: string) => ({ level: 'INFO', thread, prefix, text });

const WAAGENT_MESSAGES = weighted<Msg>([
  [14, (r) => info('ExtHandler', 'ExtHandler', `[HEARTBEAT] Agent WALinuxAgent-${AGENT} is running as the goal state agent [DEBUG HeartbeatCounter: ${between(r, 1, 2000)};HeartbeatId: ${guid(r).toUpperCase()};DroppedPackets: 0;UpdateGSErrors: 0;AutoUpdate: 1;UpdateMode: SelfUpdate]`)],
  [10, (r) => info('ExtHandler', pick(r, EXT_PREFIXES), `Target handler state: enabled [incarnation_${between(r, 10, 99)}]`)],
  [10, (r) => info('ExtHandler', pick(r, EXT_PREFIXES), '[Enable] current handler state is: enabled')],
  [8, (r) => info('ExtHandler', pick(r, EXT_PREFIXES), `Update settings file: ${between(r, 0, 300)}.settings`)],
  [8, (r) => info('ExtHandler', pick(r, EXT_PREFIXES), 'Enable extension: [main/handle.sh enable]')],
  [8, (r) => info('ExtHandler', 'ExtHandler', `Fetched a new incarnation for the WireServer goal state [incarnation ${between(r, 10, 99)}]`)],
  [8, (r) => info('ExtHandler', 'ExtHandler', `ProcessExtensionsGoalState started [incarnation_${between(r, 10, 99)} ${between(r, 100, 2000)} ms]`)],
  [8, (r) => info('EnvHandler', 'ExtHandler', `Set block dev timeout: sd${pick(r, ['a', 'b', 'c'])} with timeout: 300`)],
  [6, (r) => info('MonitorHandler', 'ExtHandler', `Stopped tracking cgroup ${pick(r, EXT_PREFIXES).slice(1, -1)} [/sys/fs/cgroup/cpu,cpuacct/azure.slice/azure-vmextensions.slice]`)],
  [6, () => info('ExtHandler', 'ExtHandler', `All extensions in the goal state have reached a terminal state: [('${SNAPSHOT_EXT}', 'success')]`)],
  [4, (r) => info('CollectLogsHandler', 'ExtHandler', `Successfully uploaded logs. [size ${between(r, 100000, 9000000)} bytes]`)],
  [4, (r) => info('ExtHandler', 'ExtHandler', `Downloading artifacts profile: https://md-${hex(r, 12)}.z${between(r, 10, 40)}.blob.storage.azure.net/$system/${HOST}.vmSettings?sv=2018-03-28&sig=REDACTED`)],
  // Multi-line, routine: an extension's command output, with [stdout]/[stderr] continuation lines.
  [2, (r) => info('ExtHandler', pick(r, EXT_PREFIXES), `Command: bin/run.sh enable\n[stdout]\nEnable started\nhandler ${hex(r, 6)} ready\n\n[stderr]\n`)],
  // The lines detectors must look at: warnings, errors and retries that end well.
  [0.9, (r) => ({ level: 'WARNING', thread: 'ExtHandler', prefix: 'ExtHandler', text: `Unable to delete archive /var/lib/waagent/history/2024-05-0${between(r, 1, 9)}T0${between(r, 0, 9)}-00-00__${between(r, 10, 99)}.zip (will retry)\nTraceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/azurelinuxagent/common/utils/archive.py", line 163, in purge\n    os.remove(path)\nFileNotFoundError: [Errno 2] No such file or directory` })],
  [0.8, (r) => ({ level: 'WARNING', thread: 'MonitorHandler', prefix: 'ExtHandler', text: `[PERIODIC] Could not collect metrics for cgroup ${pick(r, EXT_PREFIXES).slice(1, -1)}: [Errno 2] No such file or directory: '/sys/fs/cgroup/memory/azure.slice/memory.stat'` })],
  [0.8, (r) => ({ level: 'WARNING', thread: 'SendTelemetryHandler', prefix: 'ExtHandler', text: `Dropped ${between(r, 1, 9)} telemetry events: the event queue is full, retrying in 60 seconds` })],
  [0.5, () => ({ level: 'ERROR', thread: 'ExtHandler', prefix: 'ExtHandler', text: 'Event: name=WALinuxAgent, op=ReportEventErrors, message=DroppedEventsCount: 1\nReasons (first 5 errors): [EventError] Event too large, duration=0' })],
  [0.5, (r) => ({ level: 'WARNING', thread: 'EnvHandler', prefix: 'ExtHandler', text: `Unable to set block dev timeout for sd${pick(r, ['d', 'e'])}: [Errno 13] Permission denied` })],
]);

/** A goal state as the 2.2.4x agents dumped it at VERBOSE level: one header line, the XML as continuation lines. */
function goalStateXml(r: Rng): string {
  const incarnation = between(r, 10, 99);
  return [
    'Goal state XML:',
    '<?xml version="1.0" encoding="utf-8"?>',
    '<GoalState xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="goalstate10.xsd">',
    '  <Version>2012-11-30</Version>',
    `  <Incarnation>${incarnation}</Incarnation>`,
    '  <Machine><ExpectedState>Started</ExpectedState><StopRolesDeadlineHint>300000</StopRolesDeadlineHint></Machine>',
    `  <Container><ContainerId>${guid(r)}</ContainerId><RoleInstanceList><RoleInstance><InstanceId>${guid(r)}.${HOST}</InstanceId><State>Started</State></RoleInstance></RoleInstanceList></Container>`,
    '</GoalState>',
  ].join('\n');
}

export class WaagentSource implements LineSource {
  constructor(
    private readonly r: Rng,
    private readonly era: WaagentEra,
  ) {}

  entry(ms: number): string {
    const r = this.r;
    if (this.era === '2.2.27-2.2.45') {
      const roll = r();
      // This era's "ProcessGoalState completed" is a network detector keyword: every goal state is checked.
      if (roll < 0.02) return `${slashMicros(r, ms)} INFO ExtHandler ProcessGoalState completed [incarnation_${between(r, 10, 99)}; ${between(r, 100, 3000)} ms]`;
      if (roll < 0.03) return `${slashMicros(r, ms)} VERBOSE ExtHandler ${goalStateXml(r)}`;
      const m = WAAGENT_MESSAGES(r)(r, ms);
      return `${slashMicros(r, ms)} ${m.level} ${m.prefix === 'ExtHandler' ? m.thread : m.prefix} ${m.text}`;
    }
    const m = WAAGENT_MESSAGES(r)(r, ms);
    if (this.era === '2.2.46') return `${isoMicros(r, ms)} ${m.level} ${m.prefix === 'ExtHandler' ? m.thread : m.prefix} ${m.text}`;
    return `${isoMicros(r, ms)} ${m.level} ${m.thread} ${m.prefix} ${m.text}`;
  }
}

/** The first lines an agent writes when it starts: they date the era's change in the log. */
export function agentStartLines(r: Rng, ms: number, era: WaagentEra, version: string): string[] {
  if (era === '2.2.27-2.2.45') return [`${slashMicros(r, ms)} INFO Daemon Azure Linux Agent Version:${version}`, `${slashMicros(r, ms + 5)} INFO Daemon Run daemon`];
  if (era === '2.2.46') return [`${isoMicros(r, ms)} INFO Daemon Azure Linux Agent Version:${version}`, `${isoMicros(r, ms + 5)} INFO Daemon Run daemon`];
  return [
    `${isoMicros(r, ms)} INFO Daemon Daemon Azure Linux Agent Version: ${version}`,
    `${isoMicros(r, ms + 4)} INFO Daemon Daemon Run daemon`,
    `${isoMicros(r, ms + 900)} INFO ExtHandler ExtHandler Azure Linux Agent (Goal State Agent version ${AGENT})`,
  ];
}

const PY3 = `[${SNAPSHOT_EXT}-1.0]`;

/** VMSnapshotLinux extension.log: each entry is one whole backup run (backup-extension.md §1.5), all keyword lines. */
export class SnapshotLogSource implements LineSource {
  constructor(private readonly r: Rng) {}

  entry(ms: number): string {
    const r = this.r;
    const at = (offset: number, msg: string): string => `${spaceMicros(r, ms + offset)} ${PY3}${msg}`;
    const snap = between(r, 2000, 9000);
    const lines = [
      at(0, 'starting enable'),
      at(2, `taskId: ${guid(r)}`),
      at(90, `timespan: 0:0${between(r, 1, 9)}:12.101020, total_span_in_seconds: ${between(r, 60, 600)}, MAX_TIMESPAN: 8400`),
      at(110, 'T:S freeze, timeout value 60'),
      at(113, 'fsfreeze mount :/'),
      at(114, 'fsfreeze mount :/data'),
      at(120, '****** 1. Starting Freeze Binary'),
      at(400, '****** 4. Freeze Completed (Signal=1 received)'),
      at(401, '****** 5. Snaphotting (Host) Started'),
      at(401 + snap, '****** 6. Snaphotting (Host) Completed'),
      at(402 + snap, '****** 7. Sending Thaw Signal to Binary'),
      at(600 + snap, '****** 9. Binary Process completed (Signal=2 received)'),
      at(700 + snap, `snapshot result: snapshotinfoarray: ${between(r, 1, 4)} disks, all succeeded`),
      at(900 + snap, 'Enable,success,1,Enable Succeeded,'),
    ];
    // Now and then a retried step that still ends well.
    if (r() < 0.1) lines.splice(9, 0, at(402, `WARNING: snapshot call to host took ${between(r, 20, 40)} s, retrying status poll`));
    return lines.join('\n');
  }
}

/** Handler logs of other extensions under /var/log/azure (read by the generic log reader): logfmt and Python logging. */
export class HandlerLogSource implements LineSource {
  constructor(
    private readonly r: Rng,
    private readonly style: 'logfmt' | 'python',
  ) {}

  entry(ms: number): string {
    const r = this.r;
    const stamp = new Date(ms).toISOString();
    if (this.style === 'logfmt') {
      const seq = between(r, 1, 9);
      const roll = r();
      if (roll < 0.02) return `time=${stamp.slice(0, 19)}Z version=v2.1.9/git@1a2b3c4-clean operation=enable seq=${seq} event="download retry" attempt=${between(r, 1, 3)} error="dial tcp: i/o timeout, retrying"`;
      return `time=${stamp.slice(0, 19)}Z version=v2.1.9/git@1a2b3c4-clean operation=enable seq=${seq} event=${pick(r, ['start', 'pre-check', 'enabled', '"download files"', '"script completed"', 'end'])}`;
    }
    const at = stamp.slice(0, 19).replace('T', ' ') + ',' + pad(ms % 1000, 3);
    const roll = r();
    if (roll < 0.02) return `${at} WARNING telegraf config check took ${between(r, 5, 30)} s, will retry`;
    if (roll < 0.025) return `${at} ERROR Failed to query IMDS (will retry)\nTraceback (most recent call last):\n  File "/var/lib/waagent/Microsoft.Azure.Monitor.AzureMonitorLinuxAgent-1.28.2/agent.py", line 912, in get_imds\nurllib.error.URLError: <urlopen error timed out>`;
    return `${at} INFO ${pick(r, ['Heartbeat: mdsd running', 'Checking config for changes', 'Config unchanged', `Sent ${between(r, 1, 900)} records`, 'Enable completed'])}`;
  }
}

/** VMSnapshotLinux shell.log (`<date>- msg`). */
export class ShellLogSource implements LineSource {
  constructor(private readonly r: Rng) {}

  entry(ms: number): string {
    const d = new Date(ms);
    const day = d.toUTCString().slice(0, 3);
    const month = d.toUTCString().slice(8, 11);
    const stamp = `${day} ${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} UTC ${d.getUTCFullYear()}`;
    return `${stamp}- ${pick(this.r, ['python3 path exists', '0 returned from handle.py', 'The command is enable, exiting'])}`;
  }
}

const SYSLOG_MESSAGES = weighted<(r: Rng, ms: number) => string>([
  [12, (r) => `systemd[1]: Started Session ${between(r, 1, 9000)} of user azureuser.`],
  [10, (r) => `CRON[${between(r, 1000, 60000)}]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)`],
  [8, (r) => `sshd[${between(r, 1000, 60000)}]: Accepted publickey for azureuser from 10.0.0.${between(r, 2, 250)} port ${between(r, 30000, 60000)} ssh2: RSA SHA256:${hex(r, 22)}`],
  [8, () => 'systemd-resolved[512]: Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 168.63.129.16.'],
  [8, (r, ms) => `python3[887]: ${isoMicros(r, ms - 1)} INFO ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-${AGENT} is running as the goal state agent`],
  [6, (r) => `kernel: [${between(r, 100, 900000)}.${pad(between(r, 0, 999999), 6)}] hv_balloon: Balloon request will be partially fulfilled. Balloon floor reached.`],
  [6, (r) => `systemd[1]: ${pick(r, ['Starting Daily apt upgrade and clean activities...', 'Finished Daily apt download activities.', 'Starting Message of the Day...', 'logrotate.service: Deactivated successfully.'])}`],
  [6, (r) => `rsyslogd: [origin software="rsyslogd" swVersion="8.2112.0" x-pid="${between(r, 500, 900)}"] rsyslogd was HUPed`],
  [4, (r) => `systemd-networkd[${between(r, 400, 600)}]: eth0: DHCPv4 address 10.0.0.4/24, gateway 10.0.0.1 acquired from 168.63.129.16`],
  [4, (r) => `chronyd[${between(r, 600, 700)}]: Selected source PHC0`],
  // Warnings by their words (failed, error, unable to, timed out): the detectors read them.
  [0.8, () => 'systemd[1]: Failed to start Ubuntu Advantage APT and MOTD Messages.'],
  [0.8, (r) => `sshd[${between(r, 1000, 60000)}]: error: kex_exchange_identification: Connection closed by remote host`],
  [0.6, (r) => `snapd[${between(r, 700, 800)}]: stateengine.go:149: state ensure error: Get "https://api.snapcraft.io/api/v1/snaps/sections": dial tcp: lookup api.snapcraft.io: i/o timeout`],
  [0.5, (r) => `systemd[1]: motd-news.service: Failed with result 'exit-code'. (retry ${between(r, 1, 3)})`],
]);

/** syslog / messages / kern.log in rsyslog's precise format; `kernelOnly` for kern.log. */
export class SyslogSource implements LineSource {
  constructor(
    private readonly r: Rng,
    private readonly kernelOnly = false,
  ) {}

  entry(ms: number): string {
    const r = this.r;
    if (this.kernelOnly) {
      const uptime = `${between(r, 100, 900000)}.${pad(between(r, 0, 999999), 6)}`;
      const roll = r();
      const text =
        roll < 0.02
          ? `hv_storvsc f8b3781a-1e82-4818-a1c3-63d806ec15bb: tag#${between(r, 0, 300)} cmd 0x28 status: scsi 0x2 srb 0x4 hv 0xc0000001 (retrying)`
          : pick(r, ['hv_balloon: Balloon request will be partially fulfilled. Balloon floor reached.', 'hv_utils: TimeSync IC version 4.0', 'audit: type=1400 audit(0.0:1): apparmor="STATUS" operation="profile_load"', 'EXT4-fs (sda1): re-mounted. Quota mode: none.']);
      return `${rfc3339(r, ms)} ${HOST} kernel: [${uptime}] ${text}`;
    }
    return `${rfc3339(r, ms)} ${HOST} ${SYSLOG_MESSAGES(r)(r, ms)}`;
  }
}

/** `journalctl -o json` export: one JSON object a line. */
export class JournalJsonSource implements LineSource {
  private cursor = 1;
  constructor(private readonly r: Rng) {}

  entry(ms: number): string {
    const r = this.r;
    const roll = r();
    const [priority, ident, message] =
      roll < 0.02
        ? ['4', 'systemd', 'apt-daily.service: Failed with result \'exit-code\'.']
        : roll < 0.03
          ? ['3', 'sshd', 'error: maximum authentication attempts exceeded for invalid user admin from 10.0.0.99 port 40022 ssh2 [preauth]']
          : pick(r, [
              ['6', 'systemd', `Started Session ${between(r, 1, 9000)} of user azureuser.`],
              ['6', 'CRON', '(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)'],
              ['6', 'systemd-resolved', 'Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 168.63.129.16.'],
              ['5', 'kernel', 'hv_balloon: Balloon request will be partially fulfilled. Balloon floor reached.'],
              ['6', 'chronyd', 'Selected source PHC0'],
            ] as const);
    const us = `${ms}${pad(between(r, 0, 999), 3)}`;
    return JSON.stringify({
      __CURSOR: `s=6e1f0d2c3b4a59687766554433221100;i=${(this.cursor++).toString(16)};b=5f8a4b0c2d1e4f3a9b7c6d5e4f3a2b1c;m=${hex(r, 8)};t=${hex(r, 13)};x=${hex(r, 4)}`,
      __REALTIME_TIMESTAMP: us,
      __MONOTONIC_TIMESTAMP: String(between(r, 1e6, 9e11)),
      _BOOT_ID: '5f8a4b0c2d1e4f3a9b7c6d5e4f3a2b1c',
      PRIORITY: priority,
      SYSLOG_IDENTIFIER: ident,
      _PID: String(between(r, 1, 60000)),
      _HOSTNAME: HOST,
      _TRANSPORT: ident === 'kernel' ? 'kernel' : 'syslog',
      MESSAGE: message,
    });
  }
}

export class CloudInitSource implements LineSource {
  constructor(private readonly r: Rng) {}

  entry(ms: number): string {
    const r = this.r;
    const at = new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + ',' + pad(ms % 1000, 3);
    const roll = r();
    if (roll < 0.03) return `${at} - url_helper.py[WARNING]: Calling 'http://169.254.169.254/metadata/instance?api-version=2021-08-01' failed [${between(r, 0, 5)}/300s]: request error [Read timed out.] (retrying)`;
    return `${at} - ${pick(r, ['util.py[DEBUG]: Reading from /proc/uptime (quiet=False)', 'handlers.py[DEBUG]: start: init-network/config-ssh: running config-ssh with frequency once-per-instance', 'DataSourceAzure.py[DEBUG]: Using metadata source: \'IMDS\'', 'stages.py[DEBUG]: Running module ssh (<module \'cloudinit.config.cc_ssh\'>) with frequency once-per-instance', 'helpers.py[DEBUG]: config-ssh already ran (freq=once-per-instance)'])}`;
  }
}

/** dmesg: seconds since boot, no wall clock. */
export class DmesgSource implements LineSource {
  private uptime = 0;
  constructor(private readonly r: Rng) {}

  entry(): string {
    const r = this.r;
    this.uptime += r() * 0.05;
    const stamp = this.uptime.toFixed(6).padStart(12, ' ');
    return `[${stamp}] ${pick(r, ['hv_vmbus: registering driver hv_netvsc', 'EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.', 'hv_balloon: Using Dynamic Memory protocol version 2.0', 'scsi 0:0:0:0: Direct-Access     Msft     Virtual Disk     1.0  PQ: 0 ANSI: 5', 'sd 0:0:0:0: [sda] Attached SCSI disk', 'cloud-init[612]: Cloud-init v. 23.3.3 running \'modules:config\''])}`;
  }
}
