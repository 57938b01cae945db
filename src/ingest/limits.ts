// Decompression-bomb limits: total bytes expanded per bundle, expansion ratio per compressed stream and of the
// whole bundle against its size.

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/**
 * Total bytes expanded over the whole bundle: what every decompressor (gzip, deflated zip members) gives, and
 * what is read out of every stored zip member (a zip's central directory can point many entries at the same
 * data: those bytes count each time they are read). Sequential tar members are not counted again: their bytes
 * are the input's own or a decompressor's, already counted.
 *
 * 16 GiB: a real bundle stays well below it (the Windows collector's zip of up to 1.5 GB, of EVTX files and logs
 * that compress 5-10:1, expands to at most about 15 GB), so a real bundle is never cut short. It does not make a
 * bomb quick on its own (16 GiB of text takes a core about 19 minutes): what stops a nested bomb quickly is the
 * ratio of the whole bundle (see DEFAULT_MAX_RATIO and BUNDLE_RATIO_FLOOR).
 */
export const DEFAULT_MAX_EXPANDED_BYTES = 16 * GiB;
/**
 * Largest expansion ratio, applied twice with the same value (`--max-ratio`):
 * - to one compressed stream, expanded/compressed: deflate cannot exceed about 1032:1, and real logs compress
 *   5–50:1 (a single line repeated forever reaches a few hundred), so 1000 only stops streams of near-uniform
 *   bytes (zero-filled bombs), and stops them after 8 MiB (RATIO_FLOOR) instead of after the total limit;
 * - to the whole nesting chain: everything the bundle expands to (every level, counted as above) against the
 *   bundle's own size (on disk, or what stdin gave so far), judged from BUNDLE_RATIO_FLOOR. Real compression does
 *   not multiply (compressed data does not compress again: a .gz in a .tgz expands once), so a real bundle's
 *   ratio stays near that of its most compressible member, under 1000; a nested bomb multiplies the ratios of its
 *   levels (an 85 KB zip of zips of log text expands 800,000 times, to 64 GiB), and is stopped once it expands
 *   to 1000 times its size: 85 MB, seconds, instead of the 16 GiB total (19 minutes).
 */
export const DEFAULT_MAX_RATIO = 1000;
/** Nested archive depth: members of the bundle are depth 0, members of an archive inside it depth 1, ... */
export const DEFAULT_MAX_DEPTH = 4;
/** The ratio is only judged once a stream has produced this much (small streams have noisy ratios). */
export const RATIO_FLOOR = 8 * MiB;
/** The whole bundle's ratio is only judged once it has expanded to this much (a small bundle of one repeated line may pass 1000:1). */
export const BUNDLE_RATIO_FLOOR = 64 * MiB;

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
  /** Bytes expanded so far, over every decompressing stream and stored zip member of the bundle. */
  total = 0;
  /** The bundle's own size (bytes on disk, or read from stdin so far), for the whole bundle's ratio; 0: unknown. */
  inputBytes = 0;
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
    if (this.inputBytes > 0 && this.total >= BUNDLE_RATIO_FLOOR && this.total > this.maxRatio * this.inputBytes) {
      this.exhausted = new LimitError(`bundle expands to more than ${this.maxRatio} times its size (nested archives multiply; limit --max-ratio)`);
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

  /**
   * Wraps a chunk source so each chunk is counted: a decompressed one (`compressed` gives the input it has
   * consumed, for its ratio), or a stored zip member's (`compressed` gives undefined: no ratio of its own).
   */
  guard<C extends Uint8Array>(source: AsyncIterator<C>, compressed: () => number | undefined): AsyncIterator<C> {
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
