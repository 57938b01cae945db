// One sample line per format/variant with what the parser must read from it (lnav-style; checked by a test).
// Each sample is parsed alone (a fresh parser, local times taken as UTC, no mtime: RFC 3164 lines get the current
// year, `assumed-utc+year-now`, so their samples leave `time` out). Lines are made up in the real formats.
import type { LogEvent } from '../../model.js';

type Sample = { line: string; expect: Partial<LogEvent> };

const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);

export const SYSLOG_SAMPLES: Sample[] = [
  {
    line: 'Jan 14 22:16:48 vm1 systemd[1]: Started Session 5 of user azureuser.',
    expect: {
      source: 'syslog',
      format: 'rfc3164',
      timeText: 'Jan 14 22:16:48',
      timeSource: 'assumed-utc+year-now',
      level: 'info',
      message: 'Started Session 5 of user azureuser.',
      fields: { host: 'vm1', proc: 'systemd', pid: '1' },
    },
  },
  {
    line: 'Jan  4 02:03:04.123456 vm1 sshd[1234]: Accepted publickey for azureuser from 10.0.0.4 port 50522 ssh2: RSA SHA256:Zm9vYmFy',
    expect: { format: 'rfc3164-precise', timeText: 'Jan  4 02:03:04.123456', level: 'info', fields: { host: 'vm1', proc: 'sshd', pid: '1234' } },
  },
  {
    line: '2024-01-14T22:16:48.123456+00:00 vm1 kernel: [12345.678901] Out of memory: Killed process 4321 (python3) total-vm:1234567kB, anon-rss:987654kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:2048kB oom_score_adj:0',
    expect: {
      format: 'rfc3339',
      time: utc(2024, 1, 14, 22, 16, 48, 123),
      timeText: '2024-01-14T22:16:48.123456+00:00',
      timeSource: 'utc',
      level: 'error',
      fields: { host: 'vm1', proc: 'kernel', uptime: '12345.678901', kind: 'oom-kill', stage: 'killed', victim: 'python3', victimPid: '4321' },
    },
  },
  {
    line: '2024-01-14T23:16:48+0100 vm1 dhclient[899]: No DHCPOFFERS received.',
    expect: { format: 'rfc3339', time: utc(2024, 1, 14, 22, 16, 48), timeSource: 'utc', level: 'warning', message: 'No DHCPOFFERS received.', fields: { proc: 'dhclient', pid: '899', kind: 'dhcp' } },
  },
  {
    line: 'Mar  3 03:00:01 vm1 Hyper-V VSS: VSS: op=FREEZE: succeeded',
    expect: { level: 'info', message: 'VSS: op=FREEZE: succeeded', fields: { proc: 'Hyper-V VSS', kind: 'fsfreeze', op: 'freeze' } },
  },
  {
    line: 'Jan 14 22:16:48 vm1 python3[887]: 2024-01-14T22:16:48.123456Z INFO ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-2.10.0.8 is running as the goal state agent',
    expect: {
      source: 'waagent-log',
      format: '2.2.47+',
      time: utc(2024, 1, 14, 22, 16, 48, 123),
      timeSource: 'utc',
      level: 'info',
      thread: 'ExtHandler',
      prefix: 'ExtHandler',
      message: '[HEARTBEAT] Agent WALinuxAgent-2.10.0.8 is running as the goal state agent',
    },
  },
];

export const JOURNAL_TEXT_SAMPLES: Sample[] = [
  {
    line: 'Jan 14 22:16:48 vm1 systemd-shutdown[1]: Syncing filesystems and block devices.',
    expect: { source: 'journal', format: 'rfc3164', level: 'info', fields: { host: 'vm1', proc: 'systemd-shutdown', pid: '1', kind: 'shutdown', action: 'shutdown' } },
  },
  {
    line: 'Sun 2024-01-14 22:16:48 UTC vm1 systemd-logind[701]: Power key pressed.',
    expect: { format: 'short-full', time: utc(2024, 1, 14, 22, 16, 48), timeText: 'Sun 2024-01-14 22:16:48 UTC', timeSource: 'utc', fields: { proc: 'systemd-logind', kind: 'shutdown', action: 'power-key' } },
  },
  {
    line: '-- Boot 5f8a4b0c2d1e4f3a9b7c6d5e4f3a2b1c --',
    expect: { source: 'journal', format: 'journal-marker', time: null, timeSource: 'none', level: 'info', fields: { kind: 'boot', boot: '5f8a4b0c2d1e4f3a9b7c6d5e4f3a2b1c' } },
  },
  {
    line: '2024-01-14T22:16:48+0000 vm1 waagent[812]: 2024-01-14T22:16:47.999999Z WARNING ExtHandler ExtHandler Agent WALinuxAgent-2.10.0.8 failed with exception: [Errno 28] No space left on device',
    expect: { source: 'waagent-log', format: '2.2.47+', time: utc(2024, 1, 14, 22, 16, 47, 999), level: 'warning' },
  },
];

export const DMESG_SAMPLES: Sample[] = [
  {
    line: '[    0.000000] Linux version 5.15.0-1052-azure (buildd@lcy02-amd64-069) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0) #60-Ubuntu SMP Wed Nov 15 14:12:13 UTC 2023',
    expect: { source: 'dmesg', format: 'uptime', time: null, timeSource: 'none', timeText: '0.000000', level: 'info', fields: { uptime: '0.000000', kind: 'boot', kernel: '5.15.0-1052-azure' } },
  },
  {
    line: '[  243.271530] INFO: task jbd2/sda1-8:312 blocked for more than 120 seconds.',
    expect: { format: 'uptime', level: 'error', fields: { uptime: '243.271530', kind: 'hung-task', task: 'jbd2/sda1-8', taskPid: '312', seconds: '120' } },
  },
  {
    line: '[Sun Jan 14 22:16:48 2024] EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm systemd: reading directory lblock 0',
    expect: { format: 'ctime', time: utc(2024, 1, 14, 22, 16, 48), timeSource: 'assumed-utc', timeText: 'Sun Jan 14 22:16:48 2024', level: 'error', fields: { kind: 'fs-error', fs: 'ext4', device: 'sda1' } },
  },
  {
    line: '2024-01-14T22:16:48,123456+00:00 hv_utils: Shutdown request received - graceful shutdown initiated',
    expect: { format: 'iso', time: utc(2024, 1, 14, 22, 16, 48, 123), timeSource: 'utc', fields: { kind: 'shutdown', action: 'host-request' } },
  },
  {
    line: 'kern  :err   : [   12.345678] blk_update_request: I/O error, dev sdc, sector 2048 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 0',
    expect: { format: 'uptime', level: 'error', fields: { uptime: '12.345678', kind: 'fs-error', device: 'sdc' } },
  },
  {
    line: '<4>[    5.100000] hv_netvsc 000d3a1b-2c3d-000d-3a1b-2c3d000d3a1b eth0: VF slot 1 added',
    expect: { format: 'uptime', level: 'warning', message: 'hv_netvsc 000d3a1b-2c3d-000d-3a1b-2c3d000d3a1b eth0: VF slot 1 added' },
  },
];

export const JOURNAL_JSON_SAMPLES: Sample[] = [
  {
    line: '{"__CURSOR":"s=0a1b;i=1f2e;b=5f8a4b0c2d1e4f3a9b7c6d5e4f3a2b1c;m=3b9aca00;t=60eee1e2b7c00;x=1","__REALTIME_TIMESTAMP":"1705270608123456","__MONOTONIC_TIMESTAMP":"1000000000","_BOOT_ID":"5f8a4b0c2d1e4f3a9b7c6d5e4f3a2b1c","PRIORITY":"3","_TRANSPORT":"kernel","SYSLOG_IDENTIFIER":"kernel","_HOSTNAME":"vm1","MESSAGE":"Memory cgroup out of memory: Killed process 4321 (python3) total-vm:1234567kB, anon-rss:987654kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:2048kB oom_score_adj:0"}',
    expect: {
      source: 'journal-json',
      format: 'json',
      time: utc(2024, 1, 14, 22, 16, 48, 123),
      timeText: '1705270608123456',
      timeSource: 'utc',
      level: 'error',
      fields: { host: 'vm1', proc: 'kernel', kind: 'oom-kill', stage: 'killed', victim: 'python3', victimPid: '4321', memcg: 'true' },
    },
  },
  {
    line: '{"__REALTIME_TIMESTAMP":"1705270608000000","PRIORITY":"6","SYSLOG_IDENTIFIER":"systemd","_PID":"1","_HOSTNAME":"vm1","MESSAGE":"Stopped target Multi-User System."}',
    expect: { source: 'journal-json', level: 'info', message: 'Stopped target Multi-User System.', fields: { host: 'vm1', proc: 'systemd', pid: '1' } },
  },
  {
    line: '{"__REALTIME_TIMESTAMP":"1705270608123456","PRIORITY":"6","SYSLOG_IDENTIFIER":"python3","_PID":"887","_HOSTNAME":"vm1","MESSAGE":"2024-01-14T22:16:48.100000Z ERROR ExtHandler ExtHandler Error fetching the goal state"}',
    expect: { source: 'waagent-log', format: '2.2.47+', time: utc(2024, 1, 14, 22, 16, 48, 100), level: 'error', message: 'Error fetching the goal state' },
  },
];

export const CLOUD_INIT_SAMPLES: Sample[] = [
  {
    line: "2024-01-14 22:16:48,796 - util.py[DEBUG]: Cloud-init v. 23.3.3-0ubuntu0~22.04.1 running 'init-local' at Sun, 14 Jan 2024 22:16:48 +0000. Up 5.23 seconds.",
    expect: {
      source: 'cloud-init-log',
      format: 'cloud-init',
      time: utc(2024, 1, 14, 22, 16, 48, 796),
      timeText: '2024-01-14 22:16:48,796',
      timeSource: 'utc',
      level: 'verbose',
      fields: { file: 'util.py' },
    },
  },
  {
    line: '2024-01-14 22:16:55,104 - DataSourceAzure.py[WARNING]: Failed to report ready to Azure fabric.',
    expect: { level: 'warning', message: 'Failed to report ready to Azure fabric.', fields: { file: 'DataSourceAzure.py' } },
  },
  {
    line: 'Jan 14 22:16:48 vm1 [CLOUDINIT] handlers.py[ERROR]: failed posting event: start: init-network/check-cache',
    expect: { format: 'cloud-init-syslog', timeText: 'Jan 14 22:16:48', timeSource: 'assumed-utc+year-now', level: 'error', fields: { host: 'vm1', file: 'handlers.py' } },
  },
];
