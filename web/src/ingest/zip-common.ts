// What the two zip readers share: header fields, zip64 sizes, and a member's data as a Body.
import { archiveError } from '../../../src/ingest/errors.js';
import type { Limits } from '../../../src/ingest/limits.js';
import { Body, coalesce, mapErrors } from './body.js';
import type { BodyHooks } from './body.js';
import { inflateRaw } from './codec.js';
import { u16, u32, u64 } from './reader.js';

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

export { u16, u32 };

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
