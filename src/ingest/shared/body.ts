// The byte stream of one member, platform-neutral: read once, peekable, and skippable so its archive
// can move on. Generic over the chunk type (Node's Buffer in the CLI, Uint8Array in the browser), which
// only decides how chunks are joined. No Node APIs here: the browser bundle uses this module too.

/** Chunk size for reads, and the least an entry's chunks are joined up to (parsers sniff the first). */
export const CHUNK = 128 * 1024;

/** Joins `parts` into one chunk of `length` bytes (the first `length` bytes of them). */
export type Join<C extends Uint8Array> = (parts: C[], length: number) => C;

export interface BodyHooks {
  /**
   * Stop reading and consume what the container needs to go on to its next member. Resolves to an
   * error when the container cannot go on (it broke while this member was read), else null.
   * Default: read the rest and drop it.
   */
  discard?(): Promise<unknown>;
  /** Release everything now: the consumer gave up on the whole bundle. */
  close?(): void;
}

/** A one-shot chunk stream. Iterating it never closes the source, so an unread rest can be skipped. */
export class ChunkBody<C extends Uint8Array> implements AsyncIterable<C> {
  private queue: C[] = [];
  private failure: { error: unknown } | null = null;
  private ended = false;
  private discarding: Promise<unknown> | null = null;

  constructor(
    private readonly source: AsyncIterator<C>,
    private readonly hooks: BodyHooks,
    private readonly join: Join<C>,
    private readonly empty: C,
  ) {}

  /** The next chunk, or null at the end. Throws the source's error, again on each later call. */
  async read(): Promise<C | null> {
    const queued = this.queue.shift();
    if (queued) return queued;
    if (this.failure) throw this.failure.error;
    if (this.ended) return null;
    let r: IteratorResult<C>;
    try {
      r = await this.source.next();
    } catch (error) {
      this.failure = { error };
      throw error;
    }
    if (r.done) {
      this.ended = true;
      return null;
    }
    return r.value;
  }

  /**
   * At least `n` first bytes (fewer at the end), left in place for the reader. Never throws: an error
   * is kept for the reader.
   */
  async peek(n: number): Promise<C> {
    const got: C[] = [];
    let len = 0;
    while (len < n) {
      let c: C | null;
      try {
        c = await this.read();
      } catch {
        break;
      }
      if (c === null) break;
      if (c.length === 0) continue;
      got.push(c);
      len += c.length;
    }
    this.queue.unshift(...got);
    return got.length === 0 ? this.empty : this.join(got, Math.min(len, n));
  }

  /** See BodyHooks.discard. Idempotent. */
  discard(): Promise<unknown> {
    this.discarding ??= this.doDiscard();
    return this.discarding;
  }

  private async doDiscard(): Promise<unknown> {
    this.queue = [];
    if (this.hooks.discard) {
      this.ended = true;
      return this.hooks.discard();
    }
    if (this.failure) return this.failure.error;
    try {
      while ((await this.read()) !== null);
      return null;
    } catch (error) {
      return error;
    }
  }

  close(): void {
    this.hooks.close?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<C> {
    return {
      next: async () => {
        const value = await this.read();
        return value === null ? { done: true, value: undefined } : { done: false, value };
      },
      // Leaving a for-await early must not end the source: the archive still has to skip the rest.
      return: async () => ({ done: true, value: undefined }),
    };
  }
}

/** What pump writes into: a Node Writable, or a streamx one (tar-stream). */
export interface Sink<C extends Uint8Array = Uint8Array> {
  write(chunk: C): boolean;
  end(): unknown;
  destroy(error?: Error): unknown;
  readonly destroyed: boolean;
  /** Node only: the reader ended the writable side itself (unzipper after the end of the zip). */
  readonly writableEnded?: boolean;
  on(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  off(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
}

function stopped(dst: Sink<any>): boolean {
  return dst.destroyed === true || dst.writableEnded === true;
}

function writable(dst: Sink<any>): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      dst.off('drain', done);
      dst.off('close', done);
      dst.off('error', done);
      resolve();
    };
    dst.on('drain', done);
    dst.on('close', done);
    dst.on('error', done);
  });
}

/**
 * Feeds `src` into `dst` with backpressure and ends it; an error of `src` destroys `dst` with that
 * error. Stops quietly when `dst` is destroyed or ended by its reader. Never rejects.
 */
export async function pump<C extends Uint8Array>(src: ChunkBody<C>, dst: Sink<C>): Promise<void> {
  try {
    for (;;) {
      if (stopped(dst)) return;
      const c = await src.read();
      if (c === null) break;
      if (stopped(dst)) return;
      if (!dst.write(c)) await writable(dst);
    }
    if (!stopped(dst)) dst.end();
  } catch (error) {
    if (!dst.destroyed) dst.destroy(error as Error);
  }
}

/** One member of a container as its reader sees it, before path normalisation and expansion. */
export interface MemberOf<B> {
  /** The name as stored. */
  name: string;
  /** `special`: a device, a FIFO or a socket (listed as a problem, never read); `other`: skipped silently. */
  type: 'file' | 'directory' | 'symlink' | 'link' | 'special' | 'other' | 'unreadable';
  linkname?: string;
  /** Why an `unreadable` member cannot be read; what a `special` member is ('character device', 'FIFO'...). */
  message?: string;
  /** Size as stored. */
  size: number;
  mtime?: Date;
  body: B;
}

/** Passes errors of `it` through `map` (e.g. a codec's terse messages to `gzip: ...`). */
export function mapErrors<C>(it: AsyncIterator<C>, map: (e: unknown) => unknown): AsyncIterator<C> {
  return {
    next: async () => {
      try {
        return await it.next();
      } catch (e) {
        throw map(e);
      }
    },
  };
}

/**
 * Joins small chunks into chunks of at least `min` bytes, so readers get large chunks. An error comes
 * after the bytes read before it.
 */
export function coalesceWith<C extends Uint8Array>(it: AsyncIterator<C>, join: Join<C>, min: number): AsyncIterator<C> {
  let failure: { error: unknown } | null = null;
  let ended = false;
  return {
    next: async () => {
      if (failure) throw failure.error;
      if (ended) return { done: true, value: undefined };
      const parts: C[] = [];
      let len = 0;
      while (len < min) {
        let r: IteratorResult<C>;
        try {
          r = await it.next();
        } catch (error) {
          if (len === 0) throw error;
          failure = { error };
          break;
        }
        if (r.done) {
          ended = true;
          break;
        }
        parts.push(r.value);
        len += r.value.length;
      }
      if (len === 0) return { done: true, value: undefined };
      return { done: false, value: join(parts, len) };
    },
  };
}
