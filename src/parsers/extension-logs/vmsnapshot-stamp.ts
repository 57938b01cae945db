// The timestamp at an offset of a VMSnapshotLinux line, classified by what follows it (vmsnapshot.ts lists the
// shapes): one reader per file, its results in fields overwritten by each `read` (no object per line).
import type { Level } from '../../model.js';
import type { TimeZoneContext } from '../types.js';
import { fractionMs, UTC_SECONDS } from '../../time/fields.js';
import { localSeconds } from '../../time/zone.js';
import { BACKUPLOGGER_LEVELS, bracketEnd } from './vmsnapshot-scan.js';
import { levelWordAt } from '../../text/level-words.js';
import { clockAt, datedAt, digitsEnd, StampClock } from './stamp.js';

/**
 * The stamp `read` found: the line shapes of vmsnapshot.ts, with `py3-bare` for a py3 stamp (fraction, UTC) without
 * its `[Name-1.0]` prefix, and `none`.
 */
export type StampKind = 'none' | 'py3' | 'py3-bare' | 'py2' | 'backuplogger' | 'safefreeze';

export class VmSnapshotStamp {
  private readonly utcClock = new StampClock(UTC_SECONDS);
  private readonly localClock: StampClock;
  /** The last handler prefix seen (`[Name-1.0]`): most lines repeat it, so it is compared, not re-scanned. */
  private lastPrefix = '';
  /** The last `prefixEnd` matched `lastPrefix`. */
  private samePrefix = false;
  private readonly lw: { level: Level } = { level: 'info' };

  // Results of `read()`.
  /** End of the stamp text. */
  end = 0;
  /** Where the text after the stamp (and its level column) starts. */
  msg = 0;
  /** End of the `[...]` prefix of a py3 line. */
  prefixEnd = 0;
  /** The backuplogger level. */
  level: Level | null = null;

  constructor(tz: TimeZoneContext) {
    this.localClock = new StampClock(localSeconds(tz));
  }

  /** Classifies the stamp at `i` ('none' when there is none) and sets the results. */
  read(s: string, i: number): StampKind {
    if (s.length - i < 19 || s.charCodeAt(i + 10) !== 32 || !datedAt(s, i) || !clockAt(s, i + 11)) return 'none';
    const p = i + 19;
    let end = p;
    if (s.charCodeAt(p) === 46 /* . */) {
      end = digitsEnd(s, p + 1, 9);
      if (end === p + 1) return 'none';
    }
    const frac = end > p;
    this.end = end;
    this.level = null;
    const a = s.charCodeAt(end);
    const b = s.charCodeAt(end + 1);
    if (a === 32 && b === 32) {
      // `  Level  msg ` of the backuplogger.
      const after = levelWordAt(s, end + 2, BACKUPLOGGER_LEVELS, this.lw);
      if (after < 0) return 'none';
      if (after < s.length && !(s.charCodeAt(after) === 32 && s.charCodeAt(after + 1) === 32)) return 'none';
      this.level = this.lw.level;
      this.msg = Math.min(after + 2, s.length);
      return 'backuplogger';
    }
    if (s.charCodeAt(i + 4) === 47 /* / */) {
      if (frac || (end < s.length && a !== 32)) return 'none';
      this.msg = Math.min(end + 1, s.length);
      return 'py2';
    }
    if (end === s.length) {
      this.msg = end;
      return frac ? 'py3-bare' : 'safefreeze';
    }
    if (a !== 32) return 'none';
    this.msg = end + 1;
    if (b === 91 /* [ */) {
      const pe = this.prefixAt(s, end + 1);
      if (pe > 0) {
        this.prefixEnd = pe;
        return 'py3';
      }
    }
    if (frac) return 'py3-bare';
    // safefreeze.c `logger()`: `printf("%s : ", time)` in the versions that write a colon.
    if (b === 58 /* : */ && s.charCodeAt(end + 2) === 32) this.msg = end + 3;
    return 'safefreeze';
  }

  /** End of the `[...]` prefix at `i` (the last one seen is matched without a scan), or -1. */
  prefixAt(s: string, i: number): number {
    const last = this.lastPrefix;
    if (last.length > 0 && s.startsWith(last, i)) {
      this.samePrefix = true;
      return i + last.length;
    }
    this.samePrefix = false;
    return bracketEnd(s, i);
  }

  /** The prefix `s[i, end)` found by the last `prefixAt`, as a shared string when it repeats the last one. */
  prefixText(s: string, i: number, end: number): string {
    if (this.samePrefix) return this.lastPrefix;
    const text = s.slice(i, end);
    this.lastPrefix = text;
    return text;
  }

  /** Epoch ms of the stamp `s[i, end)` of a `kind`: py2 and safefreeze write local time, the others UTC. NaN if invalid. */
  timeOf(kind: StampKind, s: string, i: number, end: number): number {
    const clock = kind === 'py2' || kind === 'safefreeze' ? this.localClock : this.utcClock;
    const base = clock.at(s, i);
    return end > i + 20 ? base + fractionMs(s, i + 20, end) : base;
  }
}
