// Large content made small: gigabytes of text are generated as a stream and gzipped on the way, so that only the
// compressed bytes (a few MB) are ever held or written.
import { createGzip, constants } from 'node:zlib';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** A gzip member of `head`, then `unit` repeated until `total` bytes of it, then `tail`. Never holds the text. */
export async function gzipRepeated(total: number, unit: string | Uint8Array, opts: { head?: string | Uint8Array; tail?: string | Uint8Array; level?: number } = {}): Promise<Buffer> {
  const gz = createGzip({ level: opts.level ?? 1, chunkSize: 256 * KiB });
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    gz.on('end', resolve);
    gz.on('error', reject);
  });
  const write = async (data: string | Uint8Array): Promise<void> => {
    if (!gz.write(data)) await new Promise<void>((resolve) => gz.once('drain', resolve));
  };
  if (opts.head !== undefined) await write(opts.head);
  const piece = typeof unit === 'string' ? Buffer.from(unit, 'utf8') : Buffer.from(unit);
  // Write in blocks of about 1 MiB made of whole units.
  const per = Math.max(1, Math.floor(MiB / Math.max(1, piece.length)));
  const block = Buffer.concat(Array.from({ length: per }, () => piece));
  let left = total;
  while (left > 0) {
    const n = Math.min(left, block.length);
    await write(n === block.length ? block : block.subarray(0, n));
    left -= n;
  }
  if (opts.tail !== undefined) await write(opts.tail);
  gz.end();
  await done;
  const bytes = Buffer.concat(out);
  bytes[9] = 3; // OS byte: Unix, whatever the host
  return bytes;
}

/** Deflate level for content that should compress as far as zlib can (bombs). */
export const BEST = constants.Z_BEST_COMPRESSION;
