// Exact-size reads over a chunk stream (tar and zip headers), and a Blob as a chunk stream.
import { Body, EMPTY, concat } from './body.js';

/** Reads a Body by byte counts; bytes read past what was asked stay pending for the next read. */
export class ByteReader {
  private pending: Uint8Array = EMPTY;

  constructor(private readonly src: Body) {}

  /** Exactly `n` bytes, or fewer when the stream ends first. */
  async exact(n: number): Promise<Uint8Array> {
    if (this.pending.length >= n) return this.take(n);
    const parts = [this.pending];
    let len = this.pending.length;
    while (len < n) {
      const c = await this.src.read();
      if (c === null) break;
      parts.push(c);
      len += c.length;
    }
    this.pending = concat(parts, len);
    return this.take(Math.min(n, len));
  }

  /** Between 1 and `n` bytes as the stream chunks them; null at the end. */
  async some(n: number): Promise<Uint8Array | null> {
    if (this.pending.length === 0) {
      let c: Uint8Array | null;
      do c = await this.src.read();
      while (c !== null && c.length === 0);
      if (c === null) return null;
      this.pending = c;
    }
    return this.take(Math.min(n, this.pending.length));
  }

  /** Puts bytes back in front of what is pending. */
  unread(bytes: Uint8Array): void {
    if (bytes.length > 0) this.pending = this.pending.length > 0 ? concat([bytes, this.pending]) : bytes;
  }

  /** Skips `n` bytes; resolves to how many could be skipped (fewer at the end). */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      const c = await this.some(left);
      if (c === null) break;
      left -= c.length;
    }
    return n - left;
  }

  private take(n: number): Uint8Array {
    const out = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(n);
    return out;
  }
}

export function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

export function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

export function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 2 ** 32;
}

/**
 * The bytes of `blob` (or of its slice from `start` to `end`) as a Body, each chunk counted by `onRead`.
 * Discarding or closing cancels the read: nothing after it depends on it.
 */
export function blobBody(blob: Blob, onRead: (n: number) => void, start = 0, end = blob.size): Body {
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let cancelled = false;
  const cancel = (): void => {
    cancelled = true;
    reader?.cancel().catch(() => undefined);
  };
  const source: AsyncIterator<Uint8Array> = {
    next: async () => {
      if (cancelled) return { done: true, value: undefined };
      reader ??= (start === 0 && end === blob.size ? blob : blob.slice(start, end)).stream().getReader();
      const r = await reader.read();
      if (r.done) return { done: true, value: undefined };
      onRead(r.value.length);
      return { done: false, value: r.value };
    },
  };
  return new Body(source, {
    discard: async () => {
      cancel();
      return null;
    },
    close: cancel,
  });
}

/** The bytes of a slice of `blob`, read whole (headers, the zip central directory). */
export async function blobBytes(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}
