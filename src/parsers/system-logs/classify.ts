// The kernel and system messages detectors care about, marked with `fields.kind` (+ details) so that they need no
// guessing, and the level guessed from a message that carries none. Cheap first: two keyword gates (Wu-Manber)
// decide whether any regex runs at all; routine lines pass both gates in a few steps.
//
// `fields.kind` values and the fields set with them:
// - `oom-kill`   `stage` = `invoked` (`X invoked oom-killer:`; `invoker`), `constraint` (`oom-kill:constraint=...`;
//                `victim`, `victimPid`, `cgroup`, `taskCgroup`, `constraint`), `limit` (`Task in A killed as a result of limit
//                of B`; `cgroup` = B, `taskCgroup` = A), `killed` (`Out of memory: Killed process N (name)`, `Memory
//                cgroup out of memory: Kill(ed) process N (name)`; `victim`, `victimPid`, `memcg` = `true` for the cgroup one).
// - `disk-full`  `No space left on device`.
// - `hung-task`  `INFO: task NAME:PID blocked for more than N seconds.`: `task`, `taskPid`, `seconds`.
// - `fs-error`   `EXT4-fs error (device X)`, `EXT4-fs (X): Remounting filesystem read-only`, `XFS (X): ...error/
//                Corruption/shut down...`, `BTRFS error (device X)`, `Buffer I/O error on dev X`, `I/O error, dev X`:
//                `device`, `fs` (`ext4`, `xfs`, `btrfs`, ...) when named.
// - `fsfreeze`   freeze/thaw messages (`fsfreeze`, `FIFREEZE`, `FITHAW`, `Hyper-V VSS: VSS: op=FREEZE`, ...), not the
//                suspend-to-RAM task freezer: `op` = `freeze` | `thaw`.
// - `shutdown`   `systemd-shutdown` lines, `reboot: ...` (kernel), `System is powering down/rebooting`, `Powering off`,
//                `Shutting down` (systemd/kernel/init), `Power key pressed`, `hv_utils: Shutdown request received`:
//                `action` = `restart` | `poweroff` | `halt` | `shutdown` | `power-key` | `host-request`.
// - `dhcp`       DHCP failures: `No DHCPOFFERS received`, `No working leases`, `DHCP(v4)... failed|timed out|timeout`,
//                `Could not acquire DHCP...`.
// - `boot`       kernel `Linux version X ...` (`kernel` = X); the journal parsers add their boot markers (`boot`).
// Levels: oom-kill, disk-full, fs-error, hung-task -> error; dhcp -> warning (at least); the rest -> guessed
// (`guessLevel`): NetworkManager's `<info>`/`<warn>`/`<error>` column when present; `error` only for kernel panics,
// BUG/Oops, segfaults, general protection faults; `warning` for error/fail/fatal/critical/warn/timed out/denied/
// unable to/cannot/could not; else `info`.
import type { Level } from '../../model.js';
import { KeywordSet } from '../../text/keyword-set.js';

const KIND_WORDS = [
  'oom-kill',
  'of memory',
  'killed as a result',
  'No space left',
  'blocked for more',
  '-fs error',
  '-fs (',
  'XFS (',
  'BTRFS',
  'I/O error',
  'freeze',
  'FREEZE',
  'Freeze',
  'frozen',
  'thaw',
  'THAW',
  'Thaw',
  'reboot: ',
  'Powering off',
  'Rebooting',
  'Shutting down',
  'shutting down',
  'System is ',
  'Power key',
  'Shutdown request',
  'DHCP',
  'dhcp',
  'Dhcp',
  'No working leases',
  'Linux version',
];
const KIND_GATE = new KeywordSet(KIND_WORDS);

const LEVEL_WORDS = [
  'rror',
  'RROR',
  'fail',
  'Fail',
  'FAIL',
  'atal',
  'ATAL',
  'ritical',
  'RITICAL',
  'warn',
  'Warn',
  'WARN',
  'timed out',
  'Timed out',
  'denied',
  'Denied',
  'DENIED',
  'nable to',
  'annot ',
  'ould not',
  'panic',
  'BUG:',
  'BUG at',
  'segfault',
  'protection fault',
  'Oops',
  '<err',
  '<crit',
  '<alert',
  '<emerg',
];
const LEVEL_GATE = new KeywordSet(LEVEL_WORDS);
/** Either gate in one scan: most lines hit neither, and the keywords are short (small skips), so one scan matters. */
const ANY_GATE = new KeywordSet([...KIND_WORDS, ...LEVEL_WORDS]);

const RE_ERROR = /Kernel panic|kernel BUG at|^BUG: |general protection fault|segfault at |Oops: |<(?:error|err|crit|alert|emerg)>/;
const RE_WARNING = /\b(?:errors?|fail(?:s|ed|ure|ing)?|fatal|critical|warn(?:ing)?|timed out|denied|unable to|cannot|could not)\b/i;
/** NetworkManager's own level column: `<info>  [1709630122.4812] ...`. */
const NM_LEVELS: Record<string, Level> = { '<trace>': 'verbose', '<debug>': 'verbose', '<info>': 'info', '<warn>': 'warning', '<error>': 'error' };

const RE_OOM_KILLED = /(Memory cgroup out of memory|Out of memory)(?: \([^)]*\))?: Kill(?:ed)? process (\d+) \(([^)]*)\)/;
const RE_OOM_INVOKED = /^(.+?) invoked oom-killer: /;
const RE_OOM_LIMIT = /Task in (\S+) killed as a result of limit of (\S+)/;
const RE_HUNG = /INFO: task (.+):(\d+) blocked for more than (\d+) seconds/;
const RE_EXT_ERROR = /\b(EXT[234]|BTRFS)(?:-fs)? (?:error|critical) \(device ([^)\s]+)\)/;
const RE_EXT_RO = /\b(EXT[234])-fs \(([^)\s]+)\): Remounting filesystem read-only/;
const RE_XFS = /\bXFS \(([^)\s]+)\): (.*)/;
const RE_XFS_BAD = /error|Corruption|corrupt|shut ?down|shutdown/i;
const RE_BUFFER_IO = /Buffer I\/O error on (?:dev(?:ice)? )?([\w\-/.]+?),/;
const RE_IO_DEV = /I\/O error,? dev ([\w\-/.]+?),/;
const RE_FREEZE = /\b(?:fs)?freeze\b|\bFIFREEZE\b|\bFITHAW\b|\bFREEZE\b|\bTHAW\b|\bFreeze\b|\bfrozen\b|\b[Tt]haw(?:ed|ing)?\b/;
const RE_PM_FREEZER = /Freezing user space|freezable|Freezing of tasks|Restarting tasks|^PM: |cgroup freezer|freezer\b/;
const RE_FREEZE_WORD = /freez|FREEZ|Freez|frozen/;
const RE_THAW = /thaw|THAW|Thaw|fsfreeze (?:-u|--unfreeze)\b/;
const RE_DHCP_FAIL = /No DHCPOFFERS received|No working leases in persistent database|Could not acquire DHCP|\bdhcp(?:v?[46])?\b.*?\b(?:fail(?:ed|ure)?|timed out|timeout(?! in\b))\b/i;
const RE_REBOOT = /^reboot: (?:(Restarting system)|(Power down)|(System halted))?/;
const RE_SYSTEM_IS = /^System is (?:(powering down)|(rebooting)|(going down)|(halting))/;

/** Processes whose `Shutting down` means the machine (systemd PID 1, the kernel, sysvinit). */
const SHUTDOWN_PROCS: ReadonlySet<string> = new Set(['systemd', 'kernel', 'init', 'shutdown']);

function splitKv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** Level of a message without level information: conservative, `error` only for real errors. */
export function guessLevel(msg: string): Level {
  if (msg.charCodeAt(0) === 60 /* < */) {
    const close = msg.indexOf('>');
    const nm = close > 0 && close < 8 ? NM_LEVELS[msg.slice(0, close + 1)] : undefined;
    if (nm !== undefined) return nm;
  }
  if (!LEVEL_GATE.test(msg)) return 'info';
  if (RE_ERROR.test(msg)) return 'error';
  return RE_WARNING.test(msg) ? 'warning' : 'info';
}

/**
 * Adds `kind` and its details to `fields` when the message is one of the marked kinds. Returns the level the kind
 * implies (`error` / `warning`), or null for none / info kinds.
 */
export function classify(msg: string, proc: string | undefined, fields: Record<string, string>): Level | null {
  if (proc === 'systemd-shutdown') {
    fields.kind = 'shutdown';
    fields.action = msg.startsWith('Powering off') ? 'poweroff' : msg.startsWith('Rebooting') ? 'restart' : msg.startsWith('Halting') ? 'halt' : 'shutdown';
    return null;
  }
  if (!KIND_GATE.test(msg)) return null;
  let m: RegExpExecArray | null;

  // Memory.
  if (msg.includes('oom-kill') || msg.includes('of memory') || msg.includes('killed as a result')) {
    if ((m = RE_OOM_KILLED.exec(msg)) !== null) {
      fields.kind = 'oom-kill';
      fields.stage = 'killed';
      fields.victim = m[3]!;
      fields.victimPid = m[2]!;
      if (m[1]!.startsWith('Memory cgroup')) fields.memcg = 'true';
      return 'error';
    }
    if (msg.startsWith('oom-kill:')) {
      const kv = splitKv(msg.slice(9));
      fields.kind = 'oom-kill';
      fields.stage = 'constraint';
      if (kv.task !== undefined) fields.victim = kv.task;
      if (kv.pid !== undefined) fields.victimPid = kv.pid;
      if (kv.constraint !== undefined) fields.constraint = kv.constraint;
      const cgroup = kv.oom_memcg ?? kv.task_memcg;
      if (cgroup !== undefined) fields.cgroup = cgroup;
      if (kv.task_memcg !== undefined) fields.taskCgroup = kv.task_memcg;
      return 'error';
    }
    if ((m = RE_OOM_INVOKED.exec(msg)) !== null) {
      fields.kind = 'oom-kill';
      fields.stage = 'invoked';
      fields.invoker = m[1]!;
      return 'error';
    }
    if ((m = RE_OOM_LIMIT.exec(msg)) !== null) {
      fields.kind = 'oom-kill';
      fields.stage = 'limit';
      fields.cgroup = m[2]!;
      fields.taskCgroup = m[1]!;
      return 'error';
    }
  }
  if (msg.includes('No space left on device')) {
    fields.kind = 'disk-full';
    return 'error';
  }
  if (msg.includes('blocked for more') && (m = RE_HUNG.exec(msg)) !== null) {
    fields.kind = 'hung-task';
    fields.task = m[1]!;
    fields.taskPid = m[2]!;
    fields.seconds = m[3]!;
    return 'error';
  }

  // File systems and block devices.
  if (msg.includes('-fs') || msg.includes('BTRFS')) {
    if ((m = RE_EXT_ERROR.exec(msg)) ?? (m = RE_EXT_RO.exec(msg))) {
      fields.kind = 'fs-error';
      fields.fs = m[1]!.toLowerCase();
      fields.device = m[2]!;
      return 'error';
    }
  }
  if (msg.includes('XFS (') && (m = RE_XFS.exec(msg)) !== null && RE_XFS_BAD.test(m[2]!)) {
    fields.kind = 'fs-error';
    fields.fs = 'xfs';
    fields.device = m[1]!;
    return 'error';
  }
  if (msg.includes('I/O error')) {
    fields.kind = 'fs-error';
    m = RE_BUFFER_IO.exec(msg) ?? RE_IO_DEV.exec(msg);
    if (m !== null) fields.device = m[1]!;
    return 'error';
  }

  // Freeze / thaw (backup snapshots), not the suspend freezer.
  if ((msg.includes('reez') || msg.includes('REEZ') || msg.includes('haw') || msg.includes('HAW') || msg.includes('frozen')) && RE_FREEZE.test(msg) && !RE_PM_FREEZER.test(msg)) {
    fields.kind = 'fsfreeze';
    // The first of the two words decides (`fsfreeze -u` is a thaw).
    const t = msg.search(RE_THAW);
    const f = msg.search(RE_FREEZE_WORD);
    fields.op = t >= 0 && (f < 0 || t <= f) ? 'thaw' : 'freeze';
    return null;
  }

  // Shutdown / reboot.
  const action = shutdownAction(msg, proc);
  if (action !== undefined) {
    fields.kind = 'shutdown';
    fields.action = action;
    return null;
  }

  // DHCP failures.
  if ((msg.includes('DHCP') || msg.includes('dhcp') || msg.includes('Dhcp') || msg.startsWith('No working leases')) && RE_DHCP_FAIL.test(msg)) {
    fields.kind = 'dhcp';
    return 'warning';
  }

  if (msg.startsWith('Linux version ')) {
    fields.kind = 'boot';
    const end = msg.indexOf(' ', 14);
    fields.kernel = end < 0 ? msg.slice(14) : msg.slice(14, end);
  }
  return null;
}

const RANK: Record<Level, number> = { verbose: 0, info: 1, warning: 2, error: 3 };

/** The higher of two levels. */
export function maxLevel(a: Level, b: Level | null): Level {
  return b !== null && RANK[b] > RANK[a] ? b : a;
}

/**
 * True when the UTF-8 bytes of a message hold none of the keywords `classifyAndGuess` looks for: the line is plain
 * `info` with no kind (unless it starts with a `<level>` column or comes from systemd-shutdown, read apart).
 */
export function plainBytes(b: Uint8Array, start: number, end: number): boolean {
  return !ANY_GATE.testBytes(b, start, end);
}

/** Kind + level for a message without a level of its own. */
export function classifyAndGuess(msg: string, proc: string | undefined, fields: Record<string, string>): Level {
  // A routine line: no kind, no level word (a `<level>` column and systemd-shutdown's lines are read below).
  if (proc !== 'systemd-shutdown' && msg.charCodeAt(0) !== 60 /* < */ && !ANY_GATE.test(msg)) return 'info';
  const kindLevel = classify(msg, proc, fields);
  if (kindLevel === 'error') return 'error';
  return maxLevel(guessLevel(msg), kindLevel);
}

/** The `action` of a shutdown or reboot message (after the keyword gate), or undefined when it is not one. */
function shutdownAction(msg: string, proc: string | undefined): string | undefined {
  let m: RegExpExecArray | null;
  const c0 = msg.charCodeAt(0);
  if (c0 === 114 /* r */ && (m = RE_REBOOT.exec(msg)) !== null) return m[1] ? 'restart' : m[2] ? 'poweroff' : m[3] ? 'halt' : 'shutdown';
  if (c0 === 83 /* S */ && (m = RE_SYSTEM_IS.exec(msg)) !== null) return m[1] ? 'poweroff' : m[2] ? 'restart' : m[4] ? 'halt' : 'shutdown';
  if (c0 === 80 /* P */) {
    if (msg.startsWith('Powering off')) return 'poweroff';
    if (msg.startsWith('Power key pressed')) return 'power-key';
  }
  if (proc !== undefined && SHUTDOWN_PROCS.has(proc)) {
    if (msg.startsWith('Shutting down') || msg.startsWith('shutting down for system')) return /reboot/.test(msg) ? 'restart' : /halt/.test(msg) ? 'halt' : 'shutdown';
    if (msg.startsWith('Rebooting')) return 'restart';
  }
  if (msg.includes('Shutdown request received')) return 'host-request';
  return undefined;
}
