// The byte stream of one member: read once, peekable, and skippable so its archive can move on.
/** Chunk size for reads and for zlib output. */
export const CHUNK = 128 * 1024;

const EMPTY = Buffer.alloc(0);

export function noop(): void {}

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
export class Body implements AsyncIterable<Buffer> {
  private queue: Buffer[] = [];
  private failure: { error: unknown } | null = null;
  private ended = false;
  private discarding: Promise<unknown> | null = null;

  constructor(
    private readonly source: AsyncIterator<Buffer>,
    private readonly hooks: BodyHooks = {},
  ) {}

  /** The next chunk, or null at the end. Throws the source's error, again on each later call. */
  async read(): Promise<Buffer | null> {
    const queued = this.queue.shift();
    if (queued) return queued;
    if (this.failure) throw this.failure.error;
    if (this.ended) return null;
    let r: IteratorResult<Buffer>;
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
  async peek(n: number): Promise<Buffer> {
    const got: Buffer[] = [];
    let len = 0;
    while (len < n) {
      let c: Buffer | null;
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
    if (got.length === 0) return EMPTY;
    return got.length === 1 ? got[0]! : Buffer.concat(got, Math.min(len, n));
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

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return {
      next: async () => {
        const value = await this.read();
        return value === null ? { done: true, value: undefined } : { done: false, value };
      },
      // Leaving a for-await early must not destroy the source: the archive still has to skip the rest.
      return: async () => ({ done: true, value: undefined }),
    };
  }
}

export function emptyBody(): Body {
  return new Body({ next: async () => ({ done: true, value: undefined }) });
}

/** Chunks of a stream, each counted by `onChunk`. */
export function chunksOf(stream: AsyncIterable<Buffer>, onChunk?: (n: number) => void): AsyncIterator<Buffer> {
  const it = stream[Symbol.asyncIterator]();
  if (!onChunk) return it;
  return {
    next: async () => {
      const r = await it.next();
      if (!r.done) onChunk(r.value.length);
      return r;
    },
  };
}

/** Passes errors of `it` through `map` (e.g. zlib's terse messages to `gzip: ...`). */
export function mapErrors(it: AsyncIterator<Buffer>, map: (e: unknown) => unknown): AsyncIterator<Buffer> {
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

/** What pump writes into: a Node Writable, or a streamx one (tar-stream). */
export interface Sink {
  write(chunk: Buffer): boolean;
  end(): unknown;
  destroy(error?: Error): unknown;
  readonly destroyed: boolean;
  /** Node only: the reader ended the writable side itself (unzipper after the end of the zip). */
  readonly writableEnded?: boolean;
  on(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  off(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
}

function stopped(dst: Sink): boolean {
  return dst.destroyed === true || dst.writableEnded === true;
}

function writable(dst: Sink): Promise<void> {
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
export async function pump(src: Body, dst: Sink): Promise<void> {
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
export interface Member {
  /** The name as stored. */
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other' | 'unreadable';
  linkname?: string;
  /** Why an `unreadable` member cannot be read. */
  message?: string;
  /** Size as stored. */
  size: number;
  mtime?: Date;
  body: Body;
}

/**
 * Joins small chunks (unzipper inflates 16 KiB at a time) into chunks of at least `min` bytes, so
 * readers get large chunks. An error comes after the bytes read before it.
 */
export function coalesce(it: AsyncIterator<Buffer>, min = CHUNK / 2): AsyncIterator<Buffer> {
  let failure: { error: unknown } | null = null;
  let ended = false;
  return {
    next: async () => {
      if (failure) throw failure.error;
      if (ended) return { done: true, value: undefined };
      const parts: Buffer[] = [];
      let len = 0;
      while (len < min) {
        let r: IteratorResult<Buffer>;
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
      return { done: false, value: parts.length === 1 ? parts[0]! : Buffer.concat(parts, len) };
    },
  };
}
