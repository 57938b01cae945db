// gzip and raw deflate, streamed through fflate and counted against the decompression limits. gzip that can be read
// again from its start goes through the browser's own DecompressionStream first (native-gunzip.ts): Chromium's
// rejects a second gzip member ("Junk found after end of compressed data"), and multi-member gzip files are valid
// logs (the CLI reads them), so fflate stays the reference it falls back to.
import { Gunzip, Inflate, gunzipSync } from 'fflate';
import type { Limits } from '../../../src/ingest/limits.js';
import type { GunzipProbe } from '../../../src/ingest/shared/detect.js';
import { Body, EMPTY, concat } from './body.js';
import { gunzipRereadable, nativeGunzipAvailable } from './native-gunzip.js';
import type { Fallback } from './native-gunzip.js';

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
  limits: Pick<Limits, 'count'>,
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

/** Bodies that read a whole Blob from its start (the dropped File): their bytes can be read again. */
const wholeBlobs = new WeakMap<Body, Blob>();

/** Marks `body` as the bytes of all of `blob`, from its start, so that gzip in it can be inflated natively. */
export function readsWholeBlob(body: Body, blob: Blob): Body {
  wholeBlobs.set(body, blob);
  return body;
}

/** A member compressed to at most this is held whole while it is inflated natively (it must be re-readable). */
export const HOLD_GZIP_UP_TO = 8 * 1024 * 1024;

const fflateGunzip: Fallback = (input, limits) => decode('gzip', input, checkedGunzip, limits).out;

/**
 * The decompressed bytes of `src` (multi-member gzip included). Errors read as `gzip: <reason>`. Native where the
 * compressed bytes can be read again (the whole dropped File, a member of at most HOLD_GZIP_UP_TO), else fflate.
 */
export function gunzip(src: Body, limits: Limits): Body {
  const hooks = { discard: () => src.discard(), close: () => src.close() };
  if (!nativeGunzipAvailable()) return new Body(fflateGunzip({ next: async () => readResult(src) }, limits), hooks);
  const blob = wholeBlobs.get(src);
  const out = blob
    ? gunzipRereadable({ first: { next: async () => readResult(src) }, again: () => blobChunks(blob) }, limits, fflateGunzip)
    : heldOrStreamed(src, limits);
  return new Body(out, hooks);
}

/** A member held whole when small enough and inflated natively; a larger one streamed through fflate. */
async function* heldOrStreamed(src: Body, limits: Limits): AsyncGenerator<Uint8Array, void, undefined> {
  const head = await src.peek(HOLD_GZIP_UP_TO + 1);
  const streamed = (): AsyncIterator<Uint8Array> => fflateGunzip({ next: async () => readResult(src) }, limits);
  if (head.length > HOLD_GZIP_UP_TO) return yield* iterate(streamed());
  // Whole, unless reading it failed (peek keeps an error for the reader): then fflate meets it as before.
  try {
    while ((await src.read()) !== null);
  } catch (error) {
    return yield* iterate(fflateGunzip(onceThenFail(head, error), limits));
  }
  yield* gunzipRereadable({ first: once(head), again: () => once(head) }, limits, fflateGunzip);
}

async function* iterate(it: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
}

function once(bytes: Uint8Array): AsyncIterator<Uint8Array> {
  let given = false;
  return { next: async () => (given || bytes.length === 0 ? { done: true, value: undefined } : ((given = true), { done: false, value: bytes })) };
}

function onceThenFail(bytes: Uint8Array, error: unknown): AsyncIterator<Uint8Array> {
  const first = once(bytes);
  return {
    next: async () => {
      const r = await first.next();
      if (r.done) throw error;
      return r;
    },
  };
}

/** The chunks of all of `blob`, read again (not counted as read: the first pass counted them). */
function blobChunks(blob: Blob): AsyncIterator<Uint8Array> {
  const reader = blob.stream().getReader();
  return {
    next: async () => {
      const r = await reader.read();
      return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
    },
    return: async () => {
      await reader.cancel().catch(() => undefined);
      return { done: true, value: undefined };
    },
  };
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
