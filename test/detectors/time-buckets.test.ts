// TimeBuckets answers as scanning every time would, for ranges at least a window long; and stays bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeBuckets } from '../../src/detectors/time-buckets.js';

describe('TimeBuckets', () => {
  it('answers like a scan of every time (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.oneof(fc.integer({ min: -50_000, max: 50_000 }), fc.double({ min: -50_000, max: 50_000, noNaN: true })), { maxLength: 60 }),
        fc.array(fc.tuple(fc.double({ min: -60_000, max: 60_000, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true })), { minLength: 1, maxLength: 20 }),
        (width, times, questions) => {
          const buckets = new TimeBuckets(width);
          for (const t of times) buckets.add(t);
          for (const [from, extra] of questions) {
            const to = from + width * (1 + extra);
            expect(buckets.anyIn(from, to)).toBe(times.some((t) => t >= from && t <= to));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('the edges of a range count, as the detectors compare (<=)', () => {
    const b = new TimeBuckets(100);
    b.add(1000);
    expect(b.anyIn(900, 1000)).toBe(true);
    expect(b.anyIn(1000, 1100)).toBe(true);
    expect(b.anyIn(1000.5, 1100.5)).toBe(false);
    expect(b.anyIn(899, 999.5)).toBe(false);
  });

  it('refuses a range not longer than half its window (its answer could be wrong)', () => {
    expect(() => new TimeBuckets(100).anyIn(0, 50)).toThrow(RangeError);
    expect(new TimeBuckets(100).anyIn(0, 51)).toBe(false);
  });

  it('keeps at most its bound of windows, and ignores times that are no number', () => {
    const b = new TimeBuckets(20, 3);
    for (const t of [5, 15, 25, 35, NaN, Infinity]) b.add(t);
    expect([b.anyIn(0, 11), b.anyIn(10, 21), b.anyIn(20, 31), b.anyIn(30, 41)]).toEqual([true, true, true, false]);
  });
});
