// "Did any of these times fall near that one?" for detectors that relate one kind of event to many others (a shutdown
// to backup activity, a writer failure to SQL writer records, a hung task to freeze starts). Keeping every time and
// scanning them for each question made memory grow with the log and work grow as their product: a log of millions
// of backup records and thousands of shutdowns took minutes. Times go into buckets half a window wide, each keeping
// its smallest and largest time: bounded memory, a few lookups per question, and the same answers.

/** Distinct windows kept; past this, times in new windows are not kept (a log spanning 100,000 windows is not real). */
export const MAX_TIME_BUCKETS = 100_000;

export class TimeBuckets {
  private readonly buckets = new Map<number, { min: number; max: number }>();
  /** Half the window: a range a window long, computed in floating point (a hair short), still spans two buckets. */
  private readonly width: number;

  constructor(
    /** The window: questions ask about ranges about this long or longer. */
    readonly window: number,
    private readonly maxBuckets = MAX_TIME_BUCKETS,
  ) {
    this.width = window / 2;
  }

  add(time: number): void {
    if (!Number.isFinite(time)) return;
    const key = Math.floor(time / this.width);
    const b = this.buckets.get(key);
    if (b !== undefined) {
      if (time < b.min) b.min = time;
      if (time > b.max) b.max = time;
    } else if (this.buckets.size < this.maxBuckets) {
      this.buckets.set(key, { min: time, max: time });
    }
  }

  /**
   * Whether a time added lies in `[from, to]`. The range must be longer than half the window: then no bucket holds
   * both of its ends, and a bucket's smallest and largest times tell whether it has a time inside.
   */
  anyIn(from: number, to: number): boolean {
    if (!(to - from > this.width)) throw new RangeError(`TimeBuckets: a range of ${to - from} ms is not longer than half the window (${this.window} ms)`);
    const last = Math.floor(to / this.width);
    for (let key = Math.floor(from / this.width); key <= last; key++) {
      const b = this.buckets.get(key);
      if (b !== undefined && b.min <= to && b.max >= from) return true;
    }
    return false;
  }
}
