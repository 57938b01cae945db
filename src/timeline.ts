// The timeline: all sources' events in time order, stable for equal times.
// Analysis does not need the events held (detectors see them as they stream); only the `timeline`
// command and the viewer keep them, as one sorted run per source merged here.
import { isoTime } from './model.js';
import type { LogEvent } from './model.js';

/** Count and span of the events seen, without keeping them. */
export class TimelineSpan {
  events = 0;
  private min = Infinity;
  private max = -Infinity;

  add(event: LogEvent): void {
    this.events++;
    if (event.time !== null) {
      if (event.time < this.min) this.min = event.time;
      if (event.time > this.max) this.max = event.time;
    }
  }

  summary(): { events: number; from?: string; to?: string } {
    const from = isoTime(this.min);
    const to = isoTime(this.max);
    return { events: this.events, ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }
}

/** Events without a time sort after all timed ones; equal times keep their input order. */
export function byTime(a: LogEvent, b: LogEvent): number {
  if (a.time === b.time) return 0;
  if (a.time === null) return 1;
  if (b.time === null) return -1;
  return a.time - b.time;
}

/** Orders one source's events (stable: Array.prototype.sort is). Logs are mostly in order already. */
export function sortRun(events: LogEvent[]): LogEvent[] {
  for (let i = 1; i < events.length; i++) {
    if (byTime(events[i - 1]!, events[i]!) > 0) return events.sort(byTime);
  }
  return events;
}

/**
 * Merges sorted runs into one ordered stream. Ties go to the earlier run, so the merge is stable
 * with respect to the order the runs were given in.
 */
export function* mergeRuns(runs: LogEvent[][]): Generator<LogEvent> {
  // A binary heap of [run index, position]; runs are few (one per source), events many.
  const heap: [number, number][] = [];
  const less = (x: [number, number], y: [number, number]): boolean => {
    const c = byTime(runs[x[0]]![x[1]]!, runs[y[0]]![y[1]]!);
    return c < 0 || (c === 0 && x[0] < y[0]);
  };
  const up = (i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  runs.forEach((run, i) => {
    if (run.length > 0) {
      heap.push([i, 0]);
      up(heap.length - 1);
    }
  });
  while (heap.length > 0) {
    const top = heap[0]!;
    yield runs[top[0]]![top[1]]!;
    if (top[1] + 1 < runs[top[0]]!.length) {
      heap[0] = [top[0], top[1] + 1];
    } else {
      const last = heap.pop()!;
      if (heap.length === 0) break;
      heap[0] = last;
    }
    down(0);
  }
}
