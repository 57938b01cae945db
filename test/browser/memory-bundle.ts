// A large Linux support bundle for the viewer's memory test, written quickly: the guest agent's log and syslog in
// their real line shapes, plain and rotated (.gz inside the .tgz), with a warning or an error now and then among the
// routine lines, as a real VM's logs have them. One day of each log is built as text once; the other days are the
// same lines with the date moved, so that a few hundred MB take seconds (gzip level 1).
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import tar from 'tar-stream';

const MB = 1024 * 1024;

/** A deterministic pseudo-random sequence: every run writes the same bytes. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const HANDLER = '[Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0]';
const AGENT_INFO: ((r: () => number) => string)[] = [
  (r) => `INFO ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-2.10.0.8 is running as the goal state agent [DEBUG HeartbeatCounter: ${Math.floor(r() * 1000)};HeartbeatId: 0D4E2B71-9A3C-4F55-8E21-7C0B5A3D9F10;DroppedPackets: 0;UpdateGSErrors: 0;AutoUpdate: 1]`,
  (r) => `INFO ExtHandler ExtHandler ProcessExtensionsGoalState completed [incarnation_${Math.floor(r() * 40)} ${Math.floor(r() * 3000)} ms]`,
  () => `INFO ExtHandler ${HANDLER} Target handler state: enabled [incarnation_7]`,
  (r) => `INFO ExtHandler ${HANDLER} Update settings file: ${Math.floor(r() * 500)}.settings`,
  () => 'INFO MonitorHandler ExtHandler Stopped tracking cgroup Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0 [/sys/fs/cgroup/cpu,cpuacct/azure.slice/azure-vmextensions.slice]',
  (r) => `INFO EnvHandler ExtHandler Set block dev timeout: sd${'abc'[Math.floor(r() * 3)]} with timeout: 300`,
  () => 'INFO ExtHandler ExtHandler Fetched a new incarnation for the WireServer goal state [incarnation 7]',
];
/** Lines the detectors must read: the WireServer unreachable, and the agent's handler dying on an exception. */
const AGENT_TROUBLE = [
  'ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out -- 6 attempts made',
  'WARNING ExtHandler ExtHandler Agent WALinuxAgent-2.10.0.8 failed with exception: [Errno 28] No space left on device\nTraceback (most recent call last):\n  File "azurelinuxagent/ga/update.py", line 466, in run\nOSError: [Errno 28] No space left on device',
];
const SYSLOG_LINES: ((r: () => number) => string)[] = [
  (r) => `systemd[1]: Started Session ${Math.floor(r() * 9000)} of user azureuser.`,
  (r) => `CRON[${1000 + Math.floor(r() * 9000)}]: (root) CMD (test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily ))`,
  (r) => `kernel: [${(r() * 90000).toFixed(6)}] hv_balloon: Balloon request will be partially fulfilled. Balloon floor reached.`,
  (r) => `sshd[${1000 + Math.floor(r() * 9000)}]: Accepted publickey for azureuser from 10.0.0.${Math.floor(r() * 250)} port ${40000 + Math.floor(r() * 20000)} ssh2`,
  () => 'systemd-networkd[612]: eth0: DHCPv4 address 10.0.0.4/24, gateway 10.0.0.1 acquired from 168.63.129.16',
];
const SYSLOG_TROUBLE = ['dhclient[899]: No DHCPOFFERS received.'];

const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2024, 2, 1);

/** About `bytes` of one day's log: `line(stamp, r)` for each line, trouble about once per `troubleEvery` lines. */
function dayOfLog(bytes: number, seed: number, line: (stamp: string, text: string) => string, routine: ((r: () => number) => string)[], trouble: string[], troubleEvery: number): string {
  const r = prng(seed);
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const t = FIRST_DAY + Math.floor((i * DAY) / (bytes / 160));
    const stamp = new Date(Math.min(t, FIRST_DAY + DAY - 1)).toISOString().replace('Z', `${String(i % 1000).padStart(3, '0')}Z`);
    const text = r() < 1 / troubleEvery ? trouble[Math.floor(r() * trouble.length)]! : routine[Math.floor(r() * routine.length)]!(r);
    const l = line(stamp, text);
    lines.push(l);
    size += l.length + 1;
  }
  return lines.join('\n') + '\n';
}

/** The day `n` days after the first: the same lines with their date moved (dates are all `2024-03-01` in `text`). */
function moved(text: string, n: number): string {
  return n === 0 ? text : text.replaceAll('2024-03-01T', `${new Date(FIRST_DAY + n * DAY).toISOString().slice(0, 10)}T`);
}

export interface MemoryBundle {
  /** Bytes of log text in it. */
  textBytes: number;
  /** Members, plain or gzipped inside. */
  files: number;
}

/**
 * Writes a .tgz of about `textMb` MB of logs to `path`: rotated waagent and syslog files of a day each (gzipped,
 * the oldest first), and today's of each as plain text.
 */
export async function writeMemoryBundle(path: string, textMb: number): Promise<MemoryBundle> {
  const agentDay = dayOfLog(12 * MB, 13, (stamp, text) => `${stamp} ${text}`, AGENT_INFO, AGENT_TROUBLE, 400);
  const syslogDay = dayOfLog(4 * MB, 17, (stamp, text) => `${stamp.replace('Z', '+00:00')} vm-backup-01 ${text}`, SYSLOG_LINES, SYSLOG_TROUBLE, 800);
  const days = Math.max(2, Math.round((textMb * MB) / (agentDay.length + syslogDay.length)));
  const pack = tar.pack();
  const written = pipeline(pack, createGzip({ level: 1 }), createWriteStream(path));
  let textBytes = 0;
  const add = (name: string, day: number, content: Buffer): Promise<void> =>
    new Promise((resolve, reject) => pack.entry({ name, mtime: new Date(FIRST_DAY + (day + 1) * DAY), size: content.length }, content, (e) => (e ? reject(e) : resolve())));
  for (let day = 0; day < days; day++) {
    const last = day === days - 1;
    const age = days - 1 - day;
    for (const [name, text] of [
      ['var/log/waagent.log', moved(agentDay, day)],
      ['var/log/syslog', moved(syslogDay, day)],
    ] as const) {
      textBytes += text.length;
      const bytes = Buffer.from(text);
      await add(last ? name : `${name}.${age}.gz`, day, last ? bytes : gzipSync(bytes, { level: 1 }));
    }
  }
  pack.finalize();
  await written;
  return { textBytes, files: days * 2 };
}
