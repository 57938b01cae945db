// Decompression-bomb limits: total decompressed bytes per bundle, expansion ratio per compressed stream.

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** Total decompressed bytes over the whole bundle. */
export const DEFAULT_MAX_EXPANDED_BYTES = 16 * GiB;
/**
 * Expanded/compressed ratio of one compressed stream. Deflate cannot exceed about 1032:1, and real logs
 * compress 5–50:1 (a single line repeated forever reaches a few hundred), so 1000 only stops streams of
 * near-uniform bytes (zero-filled bombs), and stops them after 8 MiB instead of after the total limit.
 */
export const DEFAULT_MAX_RATIO = 1000;
/** Nested archive depth: members of the bundle are depth 0, members of an archive inside it depth 1, ... */
export const DEFAULT_MAX_DEPTH = 4;
/** The ratio is only judged once a stream has produced this much (small streams have noisy ratios). */
export const RATIO_FLOOR = 8 * MiB;

/** A decompression limit was hit: thrown by the `bytes` of the entry being expanded. */
export class LimitError extends Error {
  override name = 'LimitError';
}

export function formatBytes(n: number): string {
  for (const [unit, size] of [
    ['GiB', GiB],
    ['MiB', MiB],
    ['KiB', KiB],
  ] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  if (n >= GiB) return `${(n / GiB).toFixed(1)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  return `${n} bytes`;
}

export class Limits {
  /** Decompressed bytes so far, over every decompressing stream of the bundle. */
  total = 0;
  /** Set once the total limit is hit: nothing more is expanded. */
  exhausted: LimitError | null = null;
  private skipReported = false;

  constructor(
    readonly maxExpandedBytes: number,
    readonly maxRatio: number,
  ) {}

  /**
   * Accounts `n` more bytes out of a decompressing stream that has now produced `expanded` bytes from
   * `compressed` input bytes (undefined: unknown, no ratio check). Throws a LimitError.
   */
  count(n: number, expanded: number, compressed: number | undefined): void {
    if (this.exhausted) throw this.exhausted;
    this.total += n;
    if (this.total > this.maxExpandedBytes) {
      this.exhausted = new LimitError(`bundle expands to more than ${formatBytes(this.maxExpandedBytes)} (limit --max-expanded-bytes)`);
      throw this.exhausted;
    }
    if (compressed !== undefined && expanded >= RATIO_FLOOR && expanded > this.maxRatio * Math.max(compressed, 1)) {
      throw new LimitError(`expansion ratio over ${this.maxRatio}:1 (limit --max-ratio)`);
    }
  }

  /** The one problem message for the entries skipped after the total limit; undefined once given. */
  skipMessage(): string | undefined {
    if (!this.exhausted || this.skipReported) return undefined;
    this.skipReported = true;
    return `${this.exhausted.message}; remaining entries skipped`;
  }

  /** Wraps a decompressed chunk source so each chunk is counted. */
  guard(source: AsyncIterator<Buffer>, compressed: () => number | undefined): AsyncIterator<Buffer> {
    let expanded = 0;
    return {
      next: async () => {
        const r = await source.next();
        if (!r.done) {
          expanded += r.value.length;
          this.count(r.value.length, expanded, compressed());
        }
        return r;
      },
    };
  }
}
