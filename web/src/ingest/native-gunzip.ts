// gzip through the browser's own DecompressionStream where the compressed bytes can be read again from their
// start: the dropped File itself, or a member small enough to hold whole. Native inflation takes a fraction of
// fflate's time (it was a quarter of the viewer's analysis of the bench's 0.2 GB bundle). Chromium's stream rejects
// what follows a gzip member's end ("Junk found after end of compressed data"), and multi-member gzip files are
// valid logs: on any error the bytes are read again through fflate (the reference), past the output already given.
import type { Limits } from '../../../src/ingest/limits.js';

/** Compressed bytes pushed at once: bounds what one write can expand to (deflate tops out near 1032:1, so 33 MB). */
const SLICE = 32 * 1024;

/** Compressed bytes, read from their start: `first` once, `again()` any time after. */
export interface Rereadable {
  first: AsyncIterator<Uint8Array>;
  again(): AsyncIterator<Uint8Array>;
}

/** How the reference decoder reads `input` from its start; `limits` count only what it gives past `skip` bytes. */
export type Fallback = (input: AsyncIterator<Uint8Array>, limits: Pick<Limits, 'count'>) => AsyncIterator<Uint8Array>;

export const nativeGunzipAvailable = (): boolean => typeof DecompressionStream === 'function';

const ignore = (): void => undefined;

/**
 * The decompressed bytes of `input`, counted against `limits`: natively, and on the native decoder's first error
 * through `fallback` from the start again, its first bytes (those already given) dropped. An error of the input
 * itself is thrown as it is.
 */
export async function* gunzipRereadable(input: Rereadable, limits: Limits, fallback: Fallback): AsyncGenerator<Uint8Array, void, undefined> {
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let consumed = 0;
  let inputFailure: { error: unknown } | undefined;
  let finished = false;
  const feed = async (): Promise<void> => {
    for (;;) {
      let r: IteratorResult<Uint8Array>;
      try {
        r = await input.first.next();
      } catch (error) {
        inputFailure = { error };
        await writer.abort(error).catch(ignore);
        return;
      }
      if (r.done) break;
      for (let i = 0; i < r.value.length; i += SLICE) {
        // Written only as the output is read (the transform's backpressure): what waits stays one slice's worth.
        try {
          await writer.ready;
        } catch {
          return; // the decoder failed or was cancelled: the reader side says which
        }
        // Chunks read here are never on shared memory: the cast only narrows the type the stream asks for.
        const part = r.value.subarray(i, i + SLICE) as Uint8Array<ArrayBuffer>;
        consumed += part.length;
        writer.write(part).catch(ignore);
      }
    }
    await writer.close().catch(ignore);
  };
  const feeding = feed();
  let given = 0;
  try {
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch {
        break;
      }
      if (r.done) {
        finished = true;
        return;
      }
      given += r.value.length;
      limits.count(r.value.length, given, consumed);
      yield r.value;
    }
    await feeding;
    if (inputFailure) throw inputFailure.error;
    // The native decoder refused the rest (a second member, damage, an early end): fflate says what it is.
    const skip = given;
    const recount: Pick<Limits, 'count'> = {
      count: (n, expanded, compressed) => {
        const fresh = Math.min(n, expanded - skip);
        if (fresh > 0) limits.count(fresh, expanded, compressed);
      },
    };
    const again = fallback(input.again(), recount);
    let seen = 0;
    for (;;) {
      const r = await again.next();
      if (r.done) break;
      const chunk = r.value;
      const from = Math.max(0, skip - seen);
      seen += chunk.length;
      if (from < chunk.length) yield from === 0 ? chunk : chunk.subarray(from);
    }
    finished = true;
  } finally {
    if (!finished) {
      // Left early (an entry skipped, a limit): the decoder and the input stop here.
      reader.cancel().catch(ignore);
      void input.first.return?.();
    }
  }
}
