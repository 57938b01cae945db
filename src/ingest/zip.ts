// zip members with unzipper: random access through the central directory for a zip on disk,
// a sequential `Parse` for a zip inside a stream (a nested zip, or stdin).
import { createReadStream, type ReadStream } from 'node:fs';
import { open as openFile, stat, type FileHandle } from 'node:fs/promises';
import { createInflateRaw, type Inflate } from 'node:zlib';
import type { CentralDirectory, Entry as ZipEntry, File as ZipFile } from 'unzipper';

/** unzipper is loaded on the first zip only: it costs about 50 ms of start-up for every other bundle. */
let unzipperModule: Promise<typeof import('unzipper')> | undefined;
async function loadUnzipper(): Promise<typeof import('unzipper')> {
  unzipperModule ??= import('unzipper').then((m) => ((m as { default?: typeof import('unzipper') }).default ?? m) as typeof import('unzipper'));
  return unzipperModule;
}
import { Body, CHUNK, coalesce, emptyBody, mapErrors, noop, pump } from './body.js';
import type { Member } from './body.js';
import { archiveError, codecError } from './errors.js';
import type { Limits } from './limits.js';
import type { Problem } from '../model.js';
import { centralDirectoryMembers } from './shared/zip-overlap.js';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function isSymlink(f: ZipFile): boolean {
  return f.versionMadeBy >> 8 === 3 && ((f.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

function zipError(e: unknown): unknown {
  const mapped = codecError('zip', e);
  return mapped === e ? archiveError(e) : mapped;
}

export interface ZipFileSource {
  directory: CentralDirectory;
  /** Stops every read still open. */
  close(): void;
  /** `length` bytes from `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Promise<Buffer>;
  /** A stream of `length` bytes from `offset`, counted as read. */
  stream(offset: number, length: number): ReadStream;
}

/** Reads the central directory of the zip file at `path`. Rejects when there is none to read. */
export async function openZipFile(path: string, onRead: (n: number) => void): Promise<ZipFileSource> {
  const open = new Set<ReadStream>();
  const source = {
    size: async () => (await stat(path)).size,
    stream: (offset: number, length?: number) => {
      const s = createReadStream(path, {
        start: offset,
        ...(length ? { end: offset + length - 1 } : {}),
        highWaterMark: CHUNK,
      });
      s.on('error', noop);
      // unzipper pipes the stream synchronously, so this listener loses nothing.
      s.on('data', (c: Buffer | string) => onRead(c.length));
      s.on('close', () => open.delete(s));
      open.add(s);
      return s;
    },
  };
  let directory: CentralDirectory;
  try {
    directory = await (await loadUnzipper()).Open.custom(source);
  } catch (e) {
    for (const s of open) s.destroy();
    throw e;
  }
  // One descriptor for every member's local header, opened at the first and closed with the zip.
  let handle: Promise<FileHandle> | undefined;
  return {
    directory,
    close: () => {
      for (const s of open) s.destroy();
      void handle?.then((h) => h.close()).catch(noop);
      handle = undefined;
    },
    read: async (offset, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await (await (handle ??= openFile(path, 'r'))).read(buffer, 0, length, offset);
      onRead(bytesRead);
      return buffer.subarray(0, bytesRead);
    },
    stream: (offset, length) => source.stream(offset, length),
  };
}

/** One central-directory entry of a zip on disk as a member, opened only when read. */
function fileMember(zip: ZipFileSource, f: ZipFile, limits: Limits): Member {
  const streams: (ReadStream | Inflate)[] = [];
  let it: AsyncIterator<Buffer> | null = null;
  const open = (): AsyncIterator<Buffer> => coalesce(mapErrors(memberData(zip, f, (s) => streams.push(s)), zipError));
  const source: AsyncIterator<Buffer> = { next: () => (it ??= open()).next() };
  const close = (): void => {
    for (const s of streams) s.destroy();
  };
  return {
    name: f.path,
    type: f.type === 'Directory' ? 'directory' : isSymlink(f) ? 'symlink' : 'file',
    size: f.uncompressedSize,
    mtime: f.lastModifiedDateTime,
    // a stored member's bytes count as they are read (no ratio of its own), a deflated one's with its ratio
    body: new Body(limits.guard(source, () => (f.compressionMethod !== 0 ? f.compressedSize : undefined)), {
      discard: async () => {
        close();
        return null; // random access: the next member does not depend on this one
      },
      close,
    }),
  };
}

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_BYTES = 30;
/** Inflated bytes buffered ahead of the reader (as for gzip). */
const READ_AHEAD = 2 * CHUNK;

/**
 * A member's data straight from the file: its local header says where the data starts (name and extra field
 * lengths; the sizes and method are the central directory's), then the data is read and, when deflated, inflated on
 * zlib's thread pool with a deep read buffer. unzipper's own member stream inflated 16 KB at a time with no
 * read-ahead, so the parser waited on each piece (an EVTX bundle's main thread sat idle a tenth of its run).
 */
async function* memberData(zip: ZipFileSource, f: ZipFile, opened: (s: ReadStream | Inflate) => void): AsyncGenerator<Buffer, void, undefined> {
  const header = await zip.read(f.offsetToLocalFileHeader, LOCAL_HEADER_BYTES);
  if (header.length < LOCAL_HEADER_BYTES) throw new Error('FILE_ENDED');
  const signature = header.readUInt32LE(0);
  if (signature !== LOCAL_HEADER_SIGNATURE) throw new Error(`invalid signature: 0x${signature.toString(16)}`);
  if ((header.readUInt16LE(6) & 1) !== 0) throw new Error('MISSING_PASSWORD');
  const length = f.compressedSize;
  if (length === 0) return;
  const method = f.compressionMethod;
  if (method !== 0 && method !== 8) throw new Error(`unsupported zip compression method ${method} (logscan reads stored and deflated members)`);
  const raw = zip.stream(f.offsetToLocalFileHeader + LOCAL_HEADER_BYTES + header.readUInt16LE(26) + header.readUInt16LE(28), length);
  opened(raw);
  if (method === 0) {
    let read = 0;
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      read += chunk.length;
      yield chunk;
    }
    if (read < length) throw new Error('FILE_ENDED');
    return;
  }
  // zlib takes stream options too (its types list only its own).
  const inflate = createInflateRaw({ chunkSize: CHUNK, ...{ readableHighWaterMark: READ_AHEAD } });
  opened(inflate);
  inflate.on('error', noop); // errors reach the reader through the iterator
  raw.on('error', (e) => inflate.destroy(e));
  raw.pipe(inflate);
  yield* inflate as AsyncIterable<Buffer>;
}

/**
 * The members of a zip on disk, in central-directory order; each is opened only when read. Entries whose data
 * overlaps another's are not read (see ./shared/zip-overlap.ts). Every byte read counts against the total limit,
 * a stored member's too.
 */
export async function* zipFileMembers(zip: ZipFileSource, limits: Limits, where: string, problems: Problem[]): AsyncGenerator<Member, void, undefined> {
  try {
    yield* centralDirectoryMembers(
      zip.directory.files,
      (f) => ({ offset: f.offsetToLocalFileHeader, compressed: f.compressedSize, name: f.path, size: f.uncompressedSize }),
      (f) => fileMember(zip, f, limits),
      emptyBody,
      where,
      problems,
    );
  } finally {
    zip.close();
  }
}

interface StreamEntryVars {
  compressionMethod: number;
  compressedSize: number;
  uncompressedSize: number;
  lastModifiedDateTime?: Date;
}

/**
 * The members of the zip stream `src`, in stored order (local headers; the central directory is not
 * needed). The caller must discard each body before asking for the next.
 */
export async function* zipStreamMembers(src: Body, limits: Limits): AsyncGenerator<Member, void, undefined> {
  const parse = (await loadUnzipper()).Parse({ forceStream: true });
  let current: ZipEntry | null = null;
  let failed: Error | null = null;
  // unzipper reports a broken stream on the parser and leaves the member being filled open, even one
  // it hands over after the error: end such members with the error (a member already complete keeps
  // its data; the error then ends the iteration).
  const fail = (entry: ZipEntry | null): void => {
    if (failed && entry && !entry.writableFinished) entry.destroy(failed);
  };
  parse.on('error', (e: Error) => {
    failed ??= e;
    fail(current as ZipEntry | null);
  });
  void pump(src, parse);
  const it = parse[Symbol.asyncIterator]() as AsyncIterator<ZipEntry>;
  let seen = 0;
  try {
    for (;;) {
      let r: IteratorResult<ZipEntry>;
      try {
        r = await it.next();
      } catch (e) {
        throw archiveError(e);
      }
      if (r.done) {
        // unzipper ends quietly when the data stops exactly between two members.
        if (seen > 0 && !(parse as unknown as { reachedCD?: boolean }).reachedCD) throw archiveError(new Error('FILE_ENDED'));
        return;
      }
      seen++;
      const entry = r.value;
      current = entry;
      entry.on('error', noop);
      fail(entry);
      const vars = entry.vars as unknown as StreamEntryVars;
      // a stored member's bytes count as they are read (no ratio of its own), a deflated one's with its ratio
      const source = limits.guard(coalesce(mapErrors(entry[Symbol.asyncIterator](), zipError)), () =>
        vars.compressionMethod !== 0 && vars.compressedSize > 0 ? vars.compressedSize : undefined,
      );
      yield {
        name: entry.path,
        type: entry.type === 'Directory' ? 'directory' : 'file',
        size: vars.uncompressedSize,
        ...(vars.lastModifiedDateTime ? { mtime: vars.lastModifiedDateTime } : {}),
        body: new Body(source),
      };
    }
  } finally {
    parse.destroy();
  }
}
