// What waagent.log messages say about the VM: agent versions, auto-update, OS, Python (waagent.md §4.1-4.2).
// Called on the first line of every entry: the first character picks the few candidates, regexes run only then.

import type { FactOf } from '../../facts/kinds.js';
import { bytesStartWith } from '../../text/bytes.js';

type MessageKind = 'agent-version' | 'auto-update' | 'os' | 'python';
export type MessageFact = { [K in MessageKind]: Pick<FactOf<K>, 'kind' | 'value' | 'role'> }[MessageKind];

const NONE: readonly MessageFact[] = [];

const VER = String.raw`(\d+(?:\.\d+)+(?:[.-]?rc\d+)?)`;
/** L1; 2.0 `Windows Azure Linux Agent Version: WALinuxAgent-2.0.13`. */
const RE_DAEMON = new RegExp(String.raw`^(?:Windows )?Azure Linux Agent Version: ?(?:WALinuxAgent-)?` + VER);
/** L13 (2.8+). */
const RE_GOAL_STATE = new RegExp(String.raw`^Azure Linux Agent \(Goal State Agent version ` + VER + String.raw`\)`);
/** L14 and L15 (`[HEARTBEAT] ` in front). */
const RE_RUNNING = new RegExp(String.raw`^(?:\[HEARTBEAT\] )?Agent WALinuxAgent-` + VER + ' is running as the goal state agent');
/** L16. */
const RE_PROCESS = new RegExp(String.raw`^WALinuxAgent-` + VER + String.raw` running as process \d+`);
const RE_AUTO_UPDATE = /\bAutoUpdate: ?([01])\b/;
/** L2 (2.x). */
const RE_OS = /^OS: (\S+) (\S+)/;
/** 2.0 `Linux Distribution Detected      : centos`. */
const RE_OS_20 = /^Linux Distribution Detected\s*: ?(\S.*)/;
/** L26 `Distro: ubuntu-22.04; OSUtil: ...`, ≤2.2.45 `Distro info: ubuntu 16.04, osutil class being used: ...`. */
const RE_DISTRO = /^Distro(?: info)?: ([^;,]+?)\s*[;,]/;
const RE_PYTHON = /^Python: (\d+(?:\.\d+)+)/;
const ONLY_BLANKS = /^\s*$/;
const RE_PYTHON_IN_BANNER = /; Python: (\d+(?:\.\d+)+)/;

/**
 * How every message `messageFacts` reads starts: a message starting with none of these states no fact
 * (`mayStateFacts`). Keep beside the switch below.
 */
const FACT_OPENINGS: readonly Uint8Array[] = [
  'Azure Linux Agent ', 'Agent WALinuxAgent-', 'Windows Azure Linux Agent', 'WALinuxAgent-', '[HEARTBEAT] Agent', 'OS: ', 'Python: ', 'Distro',
  'Linux Distribution Detected',
].map((opening) => new TextEncoder().encode(opening));

/** False when the message `b[p, end)` (UTF-8) cannot state a fact `messageFacts` reads; its bytes, undecoded. */
export function mayStateFacts(b: Uint8Array, p: number, end: number): boolean {
  return FACT_OPENINGS.some((opening) => b[p] === opening[0] && bytesStartWith(b, p, end, opening));
}

/** Facts stated by one message (the first line of an entry, after the header). */
export function messageFacts(msg: string): readonly MessageFact[] {
  const c = msg.charCodeAt(0);
  let m: RegExpExecArray | null;
  switch (c) {
    case 65 /* A */:
      if (msg.startsWith('Azure Linux Agent ')) {
        if ((m = RE_DAEMON.exec(msg))) return [{ kind: 'agent-version', role: 'daemon', value: m[1]! }];
        if ((m = RE_GOAL_STATE.exec(msg))) return [{ kind: 'agent-version', role: 'goal-state', value: m[1]! }];
      } else if (msg.startsWith('Agent WALinuxAgent-') && (m = RE_RUNNING.exec(msg))) {
        return [{ kind: 'agent-version', role: 'goal-state', value: m[1]! }];
      }
      return NONE;
    case 87 /* W */:
      if (msg.startsWith('Windows Azure Linux Agent') && (m = RE_DAEMON.exec(msg))) {
        return [{ kind: 'agent-version', role: 'daemon', value: m[1]! }];
      }
      if (msg.startsWith('WALinuxAgent-') && (m = RE_PROCESS.exec(msg))) {
        return [{ kind: 'agent-version', role: 'goal-state', value: m[1]! }];
      }
      return NONE;
    case 91 /* [ */:
      if (msg.startsWith('[HEARTBEAT] Agent') && (m = RE_RUNNING.exec(msg))) {
        const out: MessageFact[] = [{ kind: 'agent-version', role: 'goal-state', value: m[1]! }];
        const au = RE_AUTO_UPDATE.exec(msg);
        if (au) out.push({ kind: 'auto-update', value: au[1] === '0' ? 'disabled' : 'enabled' });
        return out;
      }
      return NONE;
    case 79 /* O */:
      if ((m = RE_OS.exec(msg))) return [{ kind: 'os', value: `${m[1]!} ${m[2]!}` }];
      return NONE;
    case 80 /* P */:
      if ((m = RE_PYTHON.exec(msg))) return [{ kind: 'python', value: m[1]! }];
      return NONE;
    case 68 /* D */:
      if (msg.startsWith('Distro') && (m = RE_DISTRO.exec(msg))) {
        const out: MessageFact[] = [{ kind: 'os', value: m[1]! }];
        const py = RE_PYTHON_IN_BANNER.exec(msg);
        if (py) out.push({ kind: 'python', value: py[1]! });
        return out;
      }
      return NONE;
    case 76 /* L */:
      // `(\S.*?)\s*$` in one pattern retried `\s*$` at every blank of a long run (quadratic): the value is the rest
      // of the line without its trailing blanks, and only blanks may follow it.
      if (msg.startsWith('Linux Distribution Detected') && (m = RE_OS_20.exec(msg)) && ONLY_BLANKS.test(msg.slice(m[0].length))) {
        return [{ kind: 'os', value: m[1]!.trimEnd() }];
      }
      return NONE;
    default:
      return NONE;
  }
}
