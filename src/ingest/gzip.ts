// gzip members (and .tgz) decompressed in place, on zlib's thread pool, counted against the limits.
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { Body, CHUNK, mapErrors, noop, pump } from './body.js';
import { codecError } from './errors.js';
import type { Limits } from './limits.js';
import { SNIFF_BYTES } from './shared/detect.js';

/** Decompressed bytes buffered ahead of the reader. */
const READ_AHEAD = 2 * CHUNK;

/** The decompressed bytes of `src` (multi-member gzip included). Errors read as `gzip: <reason>`. */
export function gunzip(src: Body, limits: Limits): Body {
  // zlib takes stream options too: a deeper read buffer lets the thread pool inflate ahead of the parser.
  const z = createGunzip({ chunkSize: CHUNK, ...{ readableHighWaterMark: READ_AHEAD } });
  z.on('error', noop); // errors reach the reader through the iterator
  const pumping = pump(src, z);
  const out = mapErrors(z[Symbol.asyncIterator](), (e) => codecError('gzip', e));
  return new Body(
    limits.guard(out, () => z.bytesWritten),
    {
      discard: async () => {
        z.destroy();
        await pumping;
        return src.discard();
      },
      close: () => {
        z.destroy();
        src.close();
      },
    },
  );
}

/** Compressed bytes looked at to sniff what a gzip holds: at most ~4 MiB out (deflate tops at 1032:1). */
export const GZIP_SNIFF_BYTES = 4096;

/**
 * The first decompressed bytes of a gzip stream (for sniffing), or null when they cannot be had: the stream is
 * damaged, or gives fewer than SNIFF_BYTES and does not end there (a gzip cut short: nothing to sniff).
 */
export function gunzipPrefix(head: Uint8Array): Buffer | null {
  const prefix = head.subarray(0, GZIP_SNIFF_BYTES);
  let out: Buffer;
  try {
    out = gunzipSync(prefix, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 8 * 1024 * 1024 });
  } catch {
    return null;
  }
  if (out.length >= SNIFF_BYTES) return out;
  try {
    gunzipSync(prefix); // a whole small gzip: what it gave is all it holds
    return out;
  } catch {
    return null;
  }
}
