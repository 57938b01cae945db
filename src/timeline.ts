// The timeline order: every event by time, equal times in the order they came (source by source, line by line).
// The `timeline` command holds events as rendered lines and, past a memory budget, in sorted run files
// (src/cli/timeline-sort.ts); this is the order and the merge of sorted runs. Analysis needs no timeline: the
// detectors see events as they stream. Core: no Node imports.

/** A timeline line: its time (epoch ms), its arrival number (ties keep arrival order), its rendered text. */
export interface TimedLine {
  time: number;
  seq: number;
  line: string;
}

export function byTimeThenArrival(a: TimedLine, b: TimedLine): number {
  return a.time - b.time || a.seq - b.seq;
}

/** Merges sorted sources into one ordered stream: a binary heap of their next lines (sources are few). */
export async function* mergeSorted(sources: AsyncIterator<TimedLine>[]): AsyncGenerator<TimedLine> {
  const heap: { head: TimedLine; source: AsyncIterator<TimedLine> }[] = [];
  for (const source of sources) {
    const r = await source.next();
    if (!r.done) heap.push({ head: r.value, source });
  }
  const less = (i: number, j: number): boolean => byTimeThenArrival(heap[i]!.head, heap[j]!.head) < 0;
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      let m = i;
      if (l < heap.length && less(l, m)) m = l;
      if (l + 1 < heap.length && less(l + 1, m)) m = l + 1;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  while (heap.length > 0) {
    const top = heap[0]!;
    yield top.head;
    const r = await top.source.next();
    if (r.done) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    } else {
      top.head = r.value;
    }
    down(0);
  }
}
