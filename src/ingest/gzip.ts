// gzip members (and .tgz) decompressed in place, on zlib's thread pool, counted against the limits.
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { Body, CHUNK, mapErrors, noop, pump } from './body.js';
import { codecError } from './errors.js';
import type { Limits } from './limits.js';

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

/** The first decompressed bytes of a gzip stream (for sniffing), or null when they cannot be had. */
export function gunzipPrefix(head: Uint8Array): Buffer | null {
  try {
    const prefix = head.subarray(0, GZIP_SNIFF_BYTES);
    return gunzipSync(prefix, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 8 * 1024 * 1024 });
  } catch {
    return null;
  }
}
