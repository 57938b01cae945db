import { describe, expect, it } from 'vitest';
import { mergeRuns, sortRun, TimelineSpan } from '../../src/timeline.js';
import type { LogEvent } from '../../src/model.js';

const ev = (time: number | null, message: string): LogEvent => ({
  time,
  timeText: '',
  timeSource: time === null ? 'none' : 'utc',
  level: 'info',
  source: 'test',
  path: 'p',
  line: 1,
  message,
});

describe('timeline', () => {
  it('sorts a run stably, untimed events last', () => {
    const run = sortRun([ev(3, 'c'), ev(null, 'n'), ev(1, 'a1'), ev(1, 'a2'), ev(2, 'b')]);
    expect(run.map((e) => e.message)).toEqual(['a1', 'a2', 'b', 'c', 'n']);
  });

  it('merges runs in time order, ties to the earlier run', () => {
    const merged = [...mergeRuns([[ev(1, 'x1'), ev(5, 'x5')], [ev(1, 'y1'), ev(2, 'y2'), ev(9, 'y9')], []])];
    expect(merged.map((e) => e.message)).toEqual(['x1', 'y1', 'y2', 'x5', 'y9']);
  });

  it('keeps only count and span', () => {
    const span = new TimelineSpan();
    [ev(Date.UTC(2024, 0, 2), 'a'), ev(null, 'b'), ev(Date.UTC(2024, 0, 1), 'c')].forEach((e) => span.add(e));
    expect(span.summary()).toEqual({ events: 3, from: '2024-01-01T00:00:00.000Z', to: '2024-01-02T00:00:00.000Z' });
  });
});
