// gzip members (and .tgz) decompressed in place, on zlib's thread pool, counted against the limits.
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { Body, CHUNK, mapErrors, noop, pump } from './body.js';
import { codecError } from './errors.js';
import type { Limits } from './limits.js';
import type { GunzipProbe } from './shared/detect.js';

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

/** zlib on the head of an input, to sniff what a gzip holds (see detectTopWith). */
export const gunzipProbe: GunzipProbe = {
  partial: (head) => gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 8 * 1024 * 1024 }),
  whole: (head) => void gunzipSync(head),
};
