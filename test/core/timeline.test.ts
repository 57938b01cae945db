import { describe, expect, it } from 'vitest';
import { byTimeThenArrival, mergeSorted, type TimedLine } from '../../src/timeline.js';

const t = (time: number, seq: number, line = `${time}/${seq}`): TimedLine => ({ time, seq, line });

async function* from(lines: TimedLine[]): AsyncGenerator<TimedLine> {
  yield* lines;
}

describe('timeline order', () => {
  it('orders by time, equal times by arrival', () => {
    const lines = [t(3, 0), t(1, 4), t(1, 1), t(2, 2)].sort(byTimeThenArrival);
    expect(lines.map((l) => l.line)).toEqual(['1/1', '1/4', '2/2', '3/0']);
  });

  it('merges sorted runs into one order, empty runs included', async () => {
    const runs = [from([t(1, 0), t(5, 3)]), from([]), from([t(1, 1), t(2, 2), t(9, 4)]), from([t(5, 5)])];
    const merged: string[] = [];
    for await (const l of mergeSorted(runs)) merged.push(l.line);
    expect(merged).toEqual(['1/0', '1/1', '2/2', '5/3', '5/5', '9/4']);
  });

  it('merges many runs like one sort', async () => {
    let seed = 3;
    const all: TimedLine[] = [];
    const runs: TimedLine[][] = Array.from({ length: 37 }, () => []);
    for (let seq = 0; seq < 2000; seq++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const line = t(seed % 300, seq);
      all.push(line);
      runs[seed % runs.length]!.push(line);
    }
    const merged: TimedLine[] = [];
    for await (const l of mergeSorted(runs.map((r) => from(r.sort(byTimeThenArrival))))) merged.push(l);
    expect(merged).toEqual([...all].sort(byTimeThenArrival));
  });
});
