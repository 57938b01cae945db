// The zip format as the stored-order reader (./zip-stream.ts) reads it: exact-size reads, header fields, zip64
// sizes, a member's data as a Body; and the DOS time, which the central-directory reader (./zip-file.ts) reads too.
// (No maintained browser library reads a zip in stored order with what unzipper gives the CLI: fflate's Unzip
// gives no modification time and no encryption flag, and skips what is not a header without a word.)
import { archiveError } from '../../../src/ingest/errors.js';
import type { Limits } from '../../../src/ingest/limits.js';
import { Body, EMPTY, coalesce, concat, mapErrors } from './body.js';
import type { BodyHooks } from './body.js';
import { inflateRaw } from './codec.js';

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

export const LOCAL_SIG = 0x04034b50;
export const CENTRAL_SIG = 0x02014b50;
export const END_SIG = 0x06054b50;
export const END64_SIG = 0x06064b50;
export const DESCRIPTOR_SIG = 0x08074b50;

const utf8 = new TextDecoder('utf-8');

export function zipName(b: Uint8Array): string {
  return utf8.decode(b);
}

/** A DOS date and time, read as UTC (as unzipper does, so the CLI and the browser agree). */
export function dosTime(date: number, time: number): Date {
  const day = date & 0x1f;
  const month = (date >> 5) & 0x0f;
  const year = ((date >> 9) & 0x7f) + 1980;
  return new Date(Date.UTC(year, month - 1, day, time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2));
}

export interface Sizes {
  compressed: number;
  uncompressed: number;
  offset?: number;
}

/** Replaces the 0xffffffff placeholders of `sizes` with the zip64 extra field's values (in the spec's order). */
export function zip64Sizes(extra: Uint8Array, sizes: Sizes): Sizes {
  const out = { ...sizes };
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = u16(extra, at);
    const len = u16(extra, at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      const field = (): number | undefined => {
        if (p + 8 > extra.length) return undefined;
        const v = u64(extra, p);
        p += 8;
        return v;
      };
      if (sizes.uncompressed === 0xffffffff) out.uncompressed = field() ?? out.uncompressed;
      if (sizes.compressed === 0xffffffff) out.compressed = field() ?? out.compressed;
      if (sizes.offset === 0xffffffff) out.offset = field() ?? sizes.offset;
      break;
    }
    at += 4 + len;
  }
  return out;
}

export function isDirectoryName(name: string, uncompressed: number): boolean {
  return uncompressed === 0 && /[/\\]$/.test(name);
}

/**
 * A member's content from its stored bytes `raw`: as is (method 0) or inflated (8), counted against the
 * limits (a stored member's bytes too, without a ratio of their own). An encrypted member or another method
 * throws when read; `hooks` skip the stored bytes.
 */
export function memberBody(raw: AsyncIterator<Uint8Array>, method: number, flags: number, limits: Limits, hooks: BodyHooks): Body {
  let source: AsyncIterator<Uint8Array>;
  if (flags & 1) source = failing(new Error('MISSING_PASSWORD'));
  else if (method === 0) source = limits.guard(raw, () => undefined);
  else if (method === 8) source = inflateRaw(raw, limits);
  else source = failing(new Error(`zip: unsupported compression method ${method}`));
  return new Body(coalesce(mapErrors(source, archiveError)), hooks);
}

function failing(error: Error): AsyncIterator<Uint8Array> {
  return {
    next: async () => {
      throw error;
    },
  };
}
