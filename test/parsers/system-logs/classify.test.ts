import { describe, expect, it } from 'vitest';
import { classify, guessLevel } from '../../../src/parsers/system-logs/index.js';

const kindOf = (msg: string, proc?: string): Record<string, string> => {
  const fields: Record<string, string> = {};
  classify(msg, proc, fields);
  return fields;
};

describe('fields.kind', () => {
  it.each([
    ['Out of memory: Killed process 4321 (python3) total-vm:1kB', { kind: 'oom-kill', stage: 'killed', victim: 'python3', victimPid: '4321' }],
    ['Out of memory (oom_kill_allocating_task): Killed process 77 (stress) total-vm:1kB', { kind: 'oom-kill', stage: 'killed', victim: 'stress' }],
    ['Memory cgroup out of memory: Killed process 1 (walinuxagent-lc) total-vm:1kB', { kind: 'oom-kill', victim: 'walinuxagent-lc', memcg: 'true' }],
    ['oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/mysql.service,task=mysqld,pid=812,uid=27', { kind: 'oom-kill', stage: 'constraint', victim: 'mysqld', victimPid: '812', cgroup: '/system.slice/mysql.service', constraint: 'CONSTRAINT_NONE' }],
    ['kworker/0:1 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0', { kind: 'oom-kill', stage: 'invoked', invoker: 'kworker/0:1' }],
    ["write to '/var/lib/waagent/events/1.tld' failed: [Errno 28] No space left on device", { kind: 'disk-full' }],
    ['INFO: task python3:2211 blocked for more than 122 seconds.', { kind: 'hung-task', task: 'python3', taskPid: '2211', seconds: '122' }],
    ['EXT4-fs error (device dm-0): ext4_lookup:1855: inode #1: comm ls: deleted inode referenced: 12', { kind: 'fs-error', fs: 'ext4', device: 'dm-0' }],
    ['BTRFS error (device sdb1): bdev /dev/sdb1 errs: wr 1, rd 0, flush 0, corrupt 0, gen 0', { kind: 'fs-error', fs: 'btrfs', device: 'sdb1' }],
    ['XFS (sda2): Corruption detected. Unmount and run xfs_repair', { kind: 'fs-error', fs: 'xfs', device: 'sda2' }],
    ['end_request: I/O error, dev sdc, sector 0', { kind: 'fs-error', device: 'sdc' }],
    ['Buffer I/O error on device sdd1, logical block 0', { kind: 'fs-error', device: 'sdd1' }],
    ['VSS: freeze of /mnt/data: Success', { kind: 'fsfreeze', op: 'freeze' }],
    ['VSS: thaw of /: Success', { kind: 'fsfreeze', op: 'thaw' }],
    ['ioctl(FIFREEZE) on /data failed: Device or resource busy', { kind: 'fsfreeze', op: 'freeze' }],
    ['ioctl FITHAW done', { kind: 'fsfreeze', op: 'thaw' }],
    ['reboot: Restarting system', { kind: 'shutdown', action: 'restart' }],
    ['reboot: System halted', { kind: 'shutdown', action: 'halt' }],
    ['Powering off.', { kind: 'shutdown', action: 'poweroff' }],
    ['Power key pressed.', { kind: 'shutdown', action: 'power-key' }],
    ['No DHCPOFFERS received.', { kind: 'dhcp' }],
    ['<warn>  [1709630167.4822] dhcp4 (eth0): request timed out', { kind: 'dhcp' }],
    ['eth0: DHCPv4 client: Failed to send DHCP request: Network is unreachable', { kind: 'dhcp' }],
    ['Linux version 6.5.0-1015-azure (buildd@bos03-amd64-044) #15~22.04.1-Ubuntu SMP', { kind: 'boot', kernel: '6.5.0-1015-azure' }],
  ])('%s', (msg, want) => expect(kindOf(msg)).toMatchObject(want));

  it('recognises by process: systemd-shutdown lines and "Shutting down" of systemd only', () => {
    expect(kindOf('Sending SIGKILL to remaining processes...', 'systemd-shutdown')).toEqual({ kind: 'shutdown', action: 'shutdown' });
    expect(kindOf('Shutting down.', 'systemd')).toEqual({ kind: 'shutdown', action: 'shutdown' });
    expect(kindOf('shutting down for system reboot', 'shutdown')).toEqual({ kind: 'shutdown', action: 'restart' });
    expect(kindOf('Shutting down worker threads', 'nginx')).toEqual({});
  });

  it.each([
    'Freezing user space processes ... (elapsed 0.001 seconds) done.',
    'PM: suspend entry (deep)',
    'OOM killer disabled.',
    '<info>  [1709630122.4812] dhcp4 (eth0): activation: beginning transaction (timeout in 45 seconds)',
    'DHCPDISCOVER on eth0 to 255.255.255.255 port 67 interval 3',
    'DHCPACK of 10.0.0.4 from 168.63.129.16',
    'EXT4-fs (sda1): mounted filesystem with ordered data mode.',
    'XFS (sda1): Ending clean mount',
    'Command line: BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 ro panic=-1',
    'Started Daily apt upgrade and clean activities.',
  ])('leaves %s unmarked', (msg) => expect(kindOf(msg)).toEqual({}));

  it('returns error for the error kinds, warning for dhcp, null otherwise', () => {
    expect(classify('No space left on device', undefined, {})).toBe('error');
    expect(classify('No DHCPOFFERS received.', 'dhclient', {})).toBe('warning');
    expect(classify('reboot: Power down', 'kernel', {})).toBeNull();
    expect(classify('hello', 'x', {})).toBeNull();
  });
});

describe('guessLevel', () => {
  it.each([
    ['Started Session 5 of user azureuser.', 'info'],
    ['Failed to start Azure Linux Agent.', 'warning'],
    ['connection timed out', 'warning'],
    ['Permission denied (publickey).', 'warning'],
    ['ata1: SError: { }', 'info'],
    ['Kernel panic - not syncing: Fatal exception', 'error'],
    ['BUG: unable to handle page fault for address: 0000000000001234', 'error'],
    ['python3[1234]: segfault at 0 ip 00007f sp 00007ffd error 4 in libc.so.6', 'error'],
    ['<error> [1709630167.4822] device (eth0): Activation: failed', 'error'],
    ['<info>  [1709630167.4823] device (eth0): state change: ip-config -> failed', 'info'],
    ['<debug> [1709630167.4823] platform: something', 'verbose'],
  ])('%s -> %s', (msg, level) => expect(guessLevel(msg)).toBe(level));
});
