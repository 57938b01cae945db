// Character scanners for the pieces of a VMSnapshotLinux extension.log line (backup-extension.md §1.1-1.2): block
// markers, the `[Name-1.0]` handler prefix, backuplogger level words, serial-console glue, the `[caller] -> `
// of host_based_extension.log. No regex: they run on every line.
import { datedAt } from './stamp.js';
import { isDigit } from '../../text/chars.js';
import type { LevelWords } from '../../text/level-words.js';

export type BlockMarker = 'freeze-start' | 'freeze-end' | 'binary-start' | 'binary-end';

/** The block marker a message is, if any (`====...` lines of backuplogger.py / fsfreezer.py). */
export function markerOf(msg: string): BlockMarker | undefined {
  const at = msg.indexOf('=====');
  if (at < 0) return undefined;
  if (msg.indexOf('Logs during Freeze Start', at) >= 0) return 'freeze-start';
  if (msg.indexOf('Logs during Freeze End', at) >= 0) return 'freeze-end';
  if (msg.indexOf('Binary output traces start', at) >= 0) return 'binary-start';
  if (msg.indexOf('Binary output traces end', at) >= 0) return 'binary-end';
  return undefined;
}

/** End (index after `]`) of a `[token]` without blanks starting at `i`, or -1. */
export function bracketEnd(s: string, i: number): number {
  if (s.charCodeAt(i) !== 91) return -1;
  for (let k = i + 1; k < s.length && k < i + 200; k++) {
    const c = s.charCodeAt(k);
    if (c === 93) return k > i + 1 ? k + 1 : -1;
    if (c === 32 || c === 9 || c === 91) return -1;
  }
  return -1;
}

/** backuplogger's level words (`Info`, `Warning`, `Error`; also `Verbose`, `Debug`, both read as verbose). */
export const BACKUPLOGGER_LEVELS: LevelWords = [
  ['Info', 'info'],
  ['Warning', 'warning'],
  ['Error', 'error'],
  ['Verbose', 'verbose'],
  ['Debug', 'verbose'],
];

/** Start of a serial-console line glued after other console output (`host login: 2019/11/23 ...  Info  msg`), or -1. */
export function gluedStart(s: string): number {
  if (s.length < 30) return -1;
  let at = s.indexOf('  Info  ');
  if (at < 0) at = s.indexOf('  Warning  ');
  if (at < 0) at = s.indexOf('  Error  ');
  if (at < 19) return -1;
  for (const back of [26, 19, 29, 23]) {
    const j = at - back;
    if (j > 0 && datedAt(s, j)) return j;
  }
  return -1;
}

/** Index of `]` in a leading `[name] -> ` (no blank in the name), or -1. */
export function callerEnd(msg: string): number {
  const close = msg.indexOf('] -> ');
  if (close < 2 || close > 100) return -1;
  for (let k = 1; k < close; k++) {
    const c = msg.charCodeAt(k);
    if (c === 32 || c === 9 || c === 91) return -1;
  }
  return close;
}

/** The version in a `[Name-1.2.3]` prefix (after the last `-` followed by a digit), or undefined. */
export function splitVersion(prefix: string): string | undefined {
  const inner = prefix.slice(1, -1);
  for (let k = inner.length - 2; k > 0; k--) {
    if (inner.charCodeAt(k) === 45 && isDigit(inner.charCodeAt(k + 1))) return inner.slice(k + 1);
  }
  return undefined;
}

/** True when the path names a serial-console capture: unmatched lines there are console noise, not continuation. */
export function isConsolePath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return base.includes('console');
}
