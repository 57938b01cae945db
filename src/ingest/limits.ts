// Decompression-bomb limits: total bytes expanded per bundle, expansion ratio per compressed stream, of each nested
// archive and of the whole bundle against its size.

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
 * Largest expansion ratio, applied with the same value (`--max-ratio`) to one stream, to each archive inside the
 * bundle (NESTED_RATIO_FLOOR) and to the whole bundle:
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
/**
 * An archive inside the bundle is judged the same way, against its own size: all it expands to (its members, the
 * archives in them, every level) over `--max-ratio` times its size, from this much on. Without it a nested bomb
 * beside a large real bundle could use the whole bundle's allowance (1000 times 100 MB) and the total's 16 GiB:
 * a 10 KB zip of zips beside 70 MB of event logs kept a core busy for over ten minutes.
 */
export const NESTED_RATIO_FLOOR = BUNDLE_RATIO_FLOOR;

/** How the error of a nested archive past its share begins. */
export const NESTED_STOP = 'nested archive expands to more than';

/** An archive being expanded inside the bundle: what it has expanded to so far is judged against its size. */
export interface NestedArchive {
  /** Bytes expanded inside it so far, every level (a worker's later report of a member included). */
  expanded: number;
  readonly size: number;
  /** Set once it expands past its share: everything more it would expand throws this. */
  stopped: LimitError | null;
}

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
  /** The archives being expanded, outermost first (the walk is depth-first: each holds the next). */
  private readonly nested: NestedArchive[] = [];

  constructor(
    readonly maxExpandedBytes: number,
    readonly maxRatio: number,
  ) {}

  /**
   * Accounts `n` more bytes out of a decompressing stream that has now produced `expanded` bytes from
   * `compressed` input bytes (undefined: unknown, no ratio check). Throws a LimitError.
   */
  count(n: number, expanded: number, compressed: number | undefined, nested: readonly NestedArchive[] = this.nested): void {
    if (this.exhausted) throw this.exhausted;
    for (const archive of nested) if (archive.stopped) throw archive.stopped;
    this.total += n;
    if (this.total > this.maxExpandedBytes) {
      this.exhausted = new LimitError(`bundle expands to more than ${formatBytes(this.maxExpandedBytes)} (limit --max-expanded-bytes)`);
      throw this.exhausted;
    }
    if (this.inputBytes > 0 && this.total >= BUNDLE_RATIO_FLOOR && this.total > this.maxRatio * this.inputBytes) {
      this.exhausted = new LimitError(`bundle expands to more than ${this.maxRatio} times its size (nested archives multiply; limit --max-ratio)`);
      throw this.exhausted;
    }
    for (const archive of nested) {
      const grown = (archive.expanded += n);
      if (grown >= NESTED_RATIO_FLOOR && grown > this.maxRatio * archive.size) {
        archive.stopped = new LimitError(`${NESTED_STOP} ${this.maxRatio} times its size (archives inside it multiply; limit --max-ratio)`);
        throw archive.stopped;
      }
    }
    if (compressed !== undefined && expanded >= RATIO_FLOOR && expanded > this.maxRatio * Math.max(compressed, 1)) {
      throw new LimitError(`expansion ratio over ${this.maxRatio}:1 (limit --max-ratio)`);
    }
  }

  /**
   * An archive of `size` bytes inside the bundle is opened: until `close`, what is expanded counts against it too.
   * Undefined (nothing judged) when its size is unknown.
   */
  open(size: number): NestedArchive | undefined {
    if (!(size > 0)) return undefined;
    const archive: NestedArchive = { expanded: 0, size, stopped: null };
    this.nested.push(archive);
    return archive;
  }

  close(archive: NestedArchive | undefined): void {
    const at = archive === undefined ? -1 : this.nested.lastIndexOf(archive);
    if (at >= 0) this.nested.splice(at, 1);
  }

  /** True when an archive now open went past its share: nothing more inside it is read. */
  insideStopped(): boolean {
    return this.nested.some((archive) => archive.stopped !== null);
  }

  /** The archives open now: a decompression finished later (a worker's) is counted against them (`count`). */
  openArchives(): readonly NestedArchive[] {
    return [...this.nested];
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
