// Streams files from disk into a .tgz or a .zip (tar-stream and yazl, as the fixtures use), so that bundles of
// gigabytes are written without holding them in memory.
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { finished, pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';

export interface Member {
  /** The path inside the archive. */
  path: string;
  /** The file on disk holding its bytes. */
  file: string;
}

const MTIME = new Date(Date.UTC(2024, 5, 4));

export async function writeTgz(out: string, members: readonly Member[]): Promise<void> {
  const pack = tar.pack();
  const written = pipeline(pack, createGzip({ level: 6 }), createWriteStream(out));
  for (const m of members) {
    const entry = pack.entry({ name: m.path, size: statSync(m.file).size, mtime: MTIME, mode: 0o644 });
    await pipeline(createReadStream(m.file), entry);
  }
  pack.finalize();
  await written;
}

export async function writeZip(out: string, members: readonly Member[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const m of members) zip.addFile(m.file, m.path, { mtime: MTIME, compress: true });
  zip.end();
  const file = createWriteStream(out);
  zip.outputStream.pipe(file);
  await finished(file);
}
