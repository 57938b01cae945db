// The byte stream of one member, for the browser: read once, peekable, and skippable so its archive can
// move on. The Uint8Array counterpart of src/ingest/body.ts (which is built on Node's Buffer).

/** Chunk size for reads, and the least an entry's chunks are joined up to (parsers sniff the first). */
export const CHUNK = 128 * 1024;

export const EMPTY = new Uint8Array(0);

export function concat(parts: Uint8Array[], length = parts.reduce((n, p) => n + p.length, 0)): Uint8Array {
  if (parts.length === 1 && parts[0]!.length === length) return parts[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    const n = Math.min(p.length, length - at);
    out.set(n === p.length ? p : p.subarray(0, n), at);
    at += n;
    if (at >= length) break;
  }
  return out;
}

export interface BodyHooks {
  /**
   * Stop reading and consume what the container needs to go on to its next member. Resolves to an
   * error when the container cannot go on, else null. Default: read the rest and drop it.
   */
  discard?(): Promise<unknown>;
  /** Release everything now: the consumer gave up on the whole bundle. */
  close?(): void;
}

/** A one-shot chunk stream. Iterating it never closes the source, so an unread rest can be skipped. */
export class Body implements AsyncIterable<Uint8Array> {
  private queue: Uint8Array[] = [];
  private failure: { error: unknown } | null = null;
  private ended = false;
  private discarding: Promise<unknown> | null = null;

  constructor(
    private readonly source: AsyncIterator<Uint8Array>,
    private readonly hooks: BodyHooks = {},
  ) {}

  /** The next chunk, or null at the end. Throws the source's error, again on each later call. */
  async read(): Promise<Uint8Array | null> {
    const queued = this.queue.shift();
    if (queued) return queued;
    if (this.failure) throw this.failure.error;
    if (this.ended) return null;
    let r: IteratorResult<Uint8Array>;
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

  /** At least `n` first bytes (fewer at the end), left in place. Never throws: an error is kept for the reader. */
  async peek(n: number): Promise<Uint8Array> {
    const got: Uint8Array[] = [];
    let len = 0;
    while (len < n) {
      let c: Uint8Array | null;
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
    return got.length === 0 ? EMPTY : concat(got, Math.min(len, n));
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

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
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

export function emptyBody(): Body {
  return new Body({ next: async () => ({ done: true, value: undefined }) });
}

/** One member of a container as its reader sees it, before path normalisation and expansion. */
export interface Member {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other' | 'unreadable';
  linkname?: string;
  message?: string;
  size: number;
  mtime?: Date;
  body: Body;
}

/** Passes errors of `it` through `map`. */
export function mapErrors(it: AsyncIterator<Uint8Array>, map: (e: unknown) => unknown): AsyncIterator<Uint8Array> {
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

/** Joins small chunks into chunks of at least `min` bytes. An error comes after the bytes read before it. */
export function coalesce(it: AsyncIterator<Uint8Array>, min = CHUNK / 2): AsyncIterator<Uint8Array> {
  let failure: { error: unknown } | null = null;
  let ended = false;
  return {
    next: async () => {
      if (failure) throw failure.error;
      if (ended) return { done: true, value: undefined };
      const parts: Uint8Array[] = [];
      let len = 0;
      while (len < min) {
        let r: IteratorResult<Uint8Array>;
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
      return { done: false, value: concat(parts, len) };
    },
  };
}
