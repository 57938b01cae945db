// gzip and raw deflate, streamed through fflate and counted against the decompression limits.
// Not the native DecompressionStream: Chromium's rejects a second gzip member ("Junk found after end of
// compressed data"), and multi-member gzip files are valid logs (the CLI reads them).
import { Gunzip, Inflate, gunzipSync } from 'fflate';
import type { Limits } from '../../../src/ingest/limits.js';
import type { GunzipProbe } from '../../../src/ingest/shared/detect.js';
import { Body, EMPTY, concat } from './body.js';

/**
 * Input slice pushed at once: bounds what one push can expand to (deflate tops out near 1032:1, so 33 MB). fflate
 * copies its 32 KiB window and regrows its output on every push: 16 KiB pushes took twice the time of 64 KiB ones.
 */
const PUSH = 32 * 1024;

interface Pushable {
  push(chunk: Uint8Array, final?: boolean): void;
}

/** zlib's words for fflate's errors, so messages read as the CLI's (`gzip: unexpected end of file`). */
function codecMessage(format: 'gzip' | 'zip', e: unknown): Error {
  const code = (e as { code?: unknown })?.code;
  const message = e instanceof Error ? e.message : String(e);
  const text = code === 0 ? 'unexpected end of file' : code === 6 ? 'incorrect header check' : message;
  return new Error(`${format}: ${text}`, { cause: e });
}

/**
 * Decompresses `source` with a streaming fflate decoder made by `make(ondata)`. `compressed()` is the
 * input consumed so far, for the ratio limit.
 */
function decode(
  format: 'gzip' | 'zip',
  source: AsyncIterator<Uint8Array>,
  make: (ondata: (chunk: Uint8Array) => void) => Pushable,
  limits: Limits,
): { out: AsyncIterator<Uint8Array>; compressed(): number } {
  const out: Uint8Array[] = [];
  const decoder = make((chunk) => {
    if (chunk.length > 0) out.push(chunk);
  });
  let consumed = 0;
  let expanded = 0;
  let ended = false;
  const next = async (): Promise<IteratorResult<Uint8Array>> => {
    while (out.length === 0) {
      if (ended) return { done: true, value: undefined };
      const r = await source.next();
      try {
        if (r.done) {
          ended = true;
          decoder.push(EMPTY, true);
        } else {
          for (let i = 0; i < r.value.length; i += PUSH) {
            const part = r.value.subarray(i, i + PUSH);
            consumed += part.length;
            decoder.push(part, false);
          }
        }
      } catch (e) {
        ended = true;
        out.length = 0;
        throw codecMessage(format, e);
      }
    }
    const chunk = out.shift()!;
    expanded += chunk.length;
    limits.count(chunk.length, expanded, consumed);
    return { done: false, value: chunk };
  };
  return { out: { next }, compressed: () => consumed };
}

/**
 * fflate's Gunzip, checked at the end: it says nothing when a gzip file stops inside a member's header or its 8-byte
 * trailer (zlib, the CLI's decoder, says "unexpected end of file"). A member is whole only when the input ends with
 * the trailer whose ISIZE (the member's output length, mod 2^32) matches what the member gave.
 */
function checkedGunzip(ondata: (chunk: Uint8Array) => void): Pushable {
  const tail = new Uint8Array(8);
  let seen = 0;
  let output = 0;
  let memberStart = 0;
  const gunzip = new Gunzip((chunk) => {
    output += chunk.length;
    ondata(chunk);
  });
  gunzip.onmember = () => {
    memberStart = output;
  };
  return {
    push(chunk, final) {
      if (chunk.length >= 8) tail.set(chunk.subarray(chunk.length - 8));
      else {
        tail.copyWithin(0, chunk.length);
        tail.set(chunk, 8 - chunk.length);
      }
      seen += chunk.length;
      gunzip.push(chunk, final);
      if (!final || seen === 0) return;
      const isize = (tail[4]! | (tail[5]! << 8) | (tail[6]! << 16) | (tail[7]! << 24)) >>> 0;
      // 18 bytes: the smallest whole member (10 of header, an empty deflate block, 8 of trailer).
      if (seen < 18 || isize !== (output - memberStart) % 2 ** 32) throw Object.assign(new Error('unexpected EOF'), { code: 0 });
    },
  };
}

/** The decompressed bytes of `src` (multi-member gzip included). Errors read as `gzip: <reason>`. */
export function gunzip(src: Body, limits: Limits): Body {
  const { out } = decode('gzip', { next: async () => readResult(src) }, checkedGunzip, limits);
  return new Body(out, {
    discard: () => src.discard(),
    close: () => src.close(),
  });
}

/** The inflated bytes of a zip member's raw deflate data. */
export function inflateRaw(source: AsyncIterator<Uint8Array>, limits: Limits): AsyncIterator<Uint8Array> {
  return decode('zip', source, (ondata) => new Inflate(ondata), limits).out;
}

async function readResult(src: Body): Promise<IteratorResult<Uint8Array>> {
  const c = await src.read();
  return c === null ? { done: true, value: undefined } : { done: false, value: c };
}

/** fflate on the head of an input, to sniff what a gzip holds (see detectTopWith). */
export const gunzipProbe: GunzipProbe = {
  partial: (head) => {
    const out: Uint8Array[] = [];
    new Gunzip((chunk) => out.push(chunk)).push(head, false);
    return out.length === 0 ? EMPTY : concat(out);
  },
  whole: (head) => void gunzipSync(head),
};
