// When the file systems were frozen, read the same way by every detector that needs it: fsfreeze (a log that ends
// frozen; hung tasks during a freeze), snapshot-timeout (a run that ends frozen is fsfreeze's finding, not a second
// one) and resource-pressure (hung tasks inside a freeze are fsfreeze's). Flow steps: backup-extension.md §1.5.
import type { LogEvent } from '../model.js';
import { TimeBuckets } from './time-buckets.js';

/** Lines written as the freeze begins (flow steps 1-4, the py3 "T:S freeze" and per-mount lines). */
const FREEZE_START = /^\*{6} [1-4]\. |T:S freeze, timeout value|^fsfreeze mount :|^freezing the mount: |^Freezing: /;
/** Lines that show the freeze ended one way or another (thaw steps 7-9, a timeout, a result). */
const FREEZE_END = /^\*{6} [6-9]\. |Thaw|thaw|freeze timed-out|sig_handle=0|snapshot result|Enable,(?:success|error)|Failed to FIFREEZE|Binary Process completed/;

/** After a freeze starts, how long a hung-task report still counts as caused by it. */
export const FREEZE_WINDOW_MS = 15 * 60_000;

/** Hung-task reports kept for the freeze-window check. */
const MAX_HUNG = 200;

/**
 * The info lines the markers need (a detector's `watch` must include them for every detector to see the same). Thaw
 * lines are caught by their longer forms: a short keyword slows the keyword scan of every line of every log.
 */
export const FREEZE_WATCH = [
  '****** 1. ', '****** 2. ', '****** 3. ', '****** 4. ', '****** 6. ', '****** 7. ', '****** 8. ', '****** 9. ', 'T:S freeze', 'fsfreeze mount', 'freezing the mount',
  'Freezing: ', 'Thawing: /', 'Thawing as failing', 'freeze timed-out', 'sig_handle=0', 'snapshot result', 'Enable,success', 'Enable,error', 'Failed to FIFREEZE',
];

/** The freezes of the backup extension's logs, fed every event. */
export class FreezePhases {
  /** Per extension log: the freeze start with no end after it, if any. */
  private readonly open = new Map<string, LogEvent | undefined>();
  private readonly starts = new TimeBuckets(FREEZE_WINDOW_MS);
  /** Hung-task events held by `holdHungTask` until the freezes are all known. */
  private readonly hung: LogEvent[] = [];

  note(event: LogEvent): void {
    if (event.source !== 'vmsnapshot-log') return;
    if (FREEZE_START.test(event.message)) {
      this.open.set(event.path, event);
      if (event.time !== null) this.starts.add(event.time);
    } else if (FREEZE_END.test(event.message)) {
      this.open.set(event.path, undefined);
    }
  }

  /** The freeze that a log ends in (no thaw, timeout or result after it), if it does. */
  endsFrozen(path: string): LogEvent | undefined {
    return this.open.get(path);
  }

  /** Every log that ends frozen, with the line that began that freeze. */
  stillFrozen(): LogEvent[] {
    return [...this.open.values()].filter((e): e is LogEvent => e !== undefined);
  }

  /**
   * Holds a kernel hung-task report (true: the event was one) to be split at the end by `hungTasks`; fsfreeze takes
   * those inside a freeze window and resource-pressure the others.
   */
  holdHungTask(event: LogEvent): boolean {
    if (event.fields?.kind !== 'hung-task') return false;
    if (this.hung.length < MAX_HUNG) this.hung.push(event);
    return true;
  }

  /** The held hung-task reports inside (`duringFreeze` true) or outside a freeze window, in the order read. */
  hungTasks(duringFreeze: boolean): LogEvent[] {
    return this.hung.filter((e) => this.during(e.time) === duringFreeze);
  }

  /** Whether a time falls in the window after a freeze started. */
  during(time: number | null): boolean {
    return time !== null && this.starts.anyIn(time - FREEZE_WINDOW_MS, time);
  }
}
