// zip members of a zip file, through its central directory, with zip.js: random access into the Blob, each
// member read only when its entry is read (the CLI reads a zip on disk the same way, with unzipper). zip.js's
// errors are given the words unzipper's get in the CLI, so both say the same. A zip inside the bundle is first
// written to a Blob (the browser keeps large Blobs on disk, not in the page's memory; zip.js reads a stream the
// same way), then read the same way.
import { BlobReader, ZipReader, configure } from '@zip.js/zip.js';
import type { Entry as ZipJsEntry, FileEntry } from '@zip.js/zip.js';
import { archiveError } from '../../../src/ingest/errors.js';
import type { Limits } from '../../../src/ingest/limits.js';
import { centralDirectoryMembers } from '../../../src/ingest/shared/zip-overlap.js';
import type { Problem } from '../../../src/model.js';
import { LimitError } from '../../../src/ingest/limits.js';
import { Body, coalesce, emptyBody, mapErrors } from './body.js';
import type { Member } from './body.js';
import { blobBody, blobBytes } from './reader.js';
import { zipStoredMembers } from './zip-salvage.js';

// The members are read one at a time on the analysis worker already; zip.js's own workers would only copy them.
configure({ useWebWorkers: false });

const truncated = (): Error => new Error('FILE_ENDED'); // unzipper's word for it: "archive truncated"

/** A DOS date and time, read as UTC (as unzipper does, so the CLI and the browser agree). */
function dosTime(date: number, time: number): Date {
  const day = date & 0x1f;
  const month = (date >> 5) & 0x0f;
  const year = ((date >> 9) & 0x7f) + 1980;
  return new Date(Date.UTC(year, month - 1, day, time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2));
}

/** A Blob read by zip.js, each read counted by `onRead` (the progress bar). */
class CountedBlobReader extends BlobReader {
  constructor(
    blob: Blob,
    private readonly onRead: (n: number) => void,
  ) {
    super(blob);
  }

  override async readUint8Array(index: number, length: number): Promise<Uint8Array> {
    const bytes = await super.readUint8Array(index, length);
    this.onRead(bytes.length);
    return bytes;
  }
}

/** The central directory of the zip `blob`. Rejects when there is none to read. */
export async function readZipDirectory(blob: Blob, onRead: (n: number) => void): Promise<ZipJsEntry[]> {
  // tolerant: what unzipper reads (data before or after the zip, odd records), this reads too
  const reader = new ZipReader(new CountedBlobReader(blob, onRead), { strictness: 'tolerant' });
  try {
    return await reader.getEntries();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message === 'End of central directory not found' || message === 'File format is not recognized') throw truncated();
    throw e;
  }
}

/** zip.js's error reading a member, as unzipper words it (a local header that is not one: its signature). */
async function memberError(blob: Blob, entry: ZipJsEntry, e: unknown): Promise<unknown> {
  const message = e instanceof Error ? e.message : String(e);
  if (message === 'Entry data out of bounds') return truncated();
  if (message === 'Local file header not found') {
    const head = await blobBytes(blob, entry.offset, entry.offset + 4);
    if (head.length < 4) return truncated();
    return new Error(`invalid signature: 0x${new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true).toString(16)}`);
  }
  if (message === 'File contains encrypted entry') return new Error('MISSING_PASSWORD');
  return e;
}

/** The stored bytes of `entry` as zip.js gives them out (inflated, or as they are), pulled as the reader reads. */
function entryChunks(blob: Blob, entry: FileEntry): { source: AsyncIterator<Uint8Array>; close(): void } {
  const abort = new AbortController();
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let reading: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;
  const open = (): ReadableStreamDefaultReader<Uint8Array> => {
    const pipe = new TransformStream<Uint8Array, Uint8Array>();
    const r = pipe.readable.getReader();
    reading = entry.getData(pipe.writable, { signal: abort.signal }).then(
      () => undefined,
      async (e: unknown) => {
        failure = { error: await memberError(blob, entry, e) };
        await r.cancel().catch(() => undefined);
      },
    );
    return r;
  };
  return {
    source: {
      next: async () => {
        reader ??= open();
        const r = await reader.read();
        if (!r.done) return r;
        await reading;
        if (failure) throw (failure as { error: unknown }).error;
        return r;
      },
    },
    close: () => {
      abort.abort();
      reader?.cancel().catch(() => undefined);
    },
  };
}

function failing(error: Error): AsyncIterator<Uint8Array> {
  return {
    next: async () => {
      throw error;
    },
  };
}

/** One central-directory entry of the zip `blob` as a member, its data opened only when read. */
function blobMember(blob: Blob, f: ZipJsEntry, limits: Limits): Member {
  const dos = Number(f.rawLastModDate) >>> 0; // the DOS time in the low 16 bits, the date in the high
  // zip.js holds no data for what it takes for a folder (by its attributes): nothing to read there either
  const { source, close } = f.encrypted
    ? { source: failing(new Error('MISSING_PASSWORD')), close: () => undefined }
    : f.directory
      ? { source: emptyBody()[Symbol.asyncIterator](), close: () => undefined }
      : entryChunks(blob, f);
  const counted = limits.guard(source, () => (f.compressionMethod !== 0 ? f.compressedSize : undefined));
  const folder = f.uncompressedSize === 0 && /[/\\]$/.test(f.filename);
  return {
    name: f.filename,
    type: folder ? 'directory' : f.symlink ? 'symlink' : 'file',
    size: f.uncompressedSize,
    mtime: dosTime(dos >>> 16, dos & 0xffff),
    // random access: the next member does not depend on this one
    body: new Body(coalesce(mapErrors(counted, archiveError)), { discard: async () => (close(), null), close }),
  };
}

/**
 * The members of the zip `blob` in central-directory order; each is opened only when read. Entries whose data
 * overlaps another's are not read (src/ingest/shared/zip-overlap.ts), as in the CLI. Every byte read counts
 * against the total limit, a stored member's too (without a ratio of its own).
 */
export function zipFileMembers(blob: Blob, entries: ZipJsEntry[], limits: Limits, where: string, problems: Problem[]): AsyncGenerator<Member, void, undefined> {
  return centralDirectoryMembers(
    entries,
    (e) => ({ offset: e.offset, compressed: e.compressedSize, name: e.filename, size: e.uncompressedSize }),
    (e) => blobMember(blob, e, limits),
    emptyBody,
    where,
    problems,
  );
}

const nothingRead = (): void => undefined;

/**
 * `body`'s bytes in a Blob, chunk by chunk (each chunk handed to the browser's Blob storage at once, so the page holds
 * none of them). An error of the stream under it ends the Blob where it broke and comes back beside it.
 */
async function spool(body: Body): Promise<{ blob: Blob; broken: unknown }> {
  const parts: Blob[] = [];
  let broken: unknown = null;
  try {
    for (let c = await body.read(); c !== null; c = await body.read()) parts.push(new Blob([c as Uint8Array<ArrayBuffer>]));
  } catch (e) {
    if (e instanceof LimitError) throw e;
    broken = e;
  }
  return { blob: new Blob(parts), broken };
}

/**
 * The members of a zip inside the bundle (`body`, named `where`): through its central directory; when there is none
 * to read (the zip is cut short), in stored order, as the CLI reads every nested zip. A break of the stream under it
 * ends the members with that error.
 */
export async function* nestedZipMembers(body: Body, limits: Limits, where: string, problems: Problem[]): AsyncGenerator<Member, void, undefined> {
  const { blob, broken } = await spool(body);
  let entries: ZipJsEntry[] | null = null;
  if (!broken) entries = await readZipDirectory(blob, nothingRead).catch(() => null);
  if (entries) {
    yield* zipFileMembers(blob, entries, limits, where, problems);
    return;
  }
  try {
    yield* zipStoredMembers(blobBody(blob, nothingRead), limits);
  } catch (e) {
    throw broken ?? e;
  }
  if (broken) throw broken;
}
