// zip members of a zip file, through its central directory: random access with Blob.slice, each
// member read only when its entry is read (the CLI reads a zip on disk the same way).
import { archiveError } from '../../../src/ingest/errors.js';
import type { Limits } from '../../../src/ingest/limits.js';
import { OVERLAP_MESSAGE, overlapPlan } from '../../../src/ingest/shared/zip-overlap.js';
import type { Problem } from '../../../src/model.js';
import { emptyBody } from './body.js';
import type { Member } from './body.js';
import { blobBody, blobBytes } from './reader.js';
import { CENTRAL_SIG, END64_SIG, END_SIG, LOCAL_SIG, dosTime, isDirectoryName, memberBody, u16, u32, zip64Sizes, zipName } from './zip-common.js';
import { u64 } from './reader.js';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** The end record (22 bytes) plus the longest comment. */
const TAIL = 22 + 0xffff;

export interface ZipFileEntry {
  name: string;
  flags: number;
  method: number;
  compressed: number;
  uncompressed: number;
  offset: number;
  mtime: Date;
  symlink: boolean;
}

/** Where the central directory is, from the end record (zip64 when the 32-bit fields overflow). */
async function locate(blob: Blob): Promise<{ offset: number; size: number; count: number }> {
  const start = Math.max(0, blob.size - TAIL);
  const tail = await blobBytes(blob, start, blob.size);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === END_SIG && i + 22 + u16(tail, i + 20) <= tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new Error('FILE_ENDED'); // as unzipper says it: read as "archive truncated"
  let count = u16(tail, at + 10);
  let size = u32(tail, at + 12);
  let offset = u32(tail, at + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = start + at - 20;
    const loc = locator >= 0 ? await blobBytes(blob, locator, locator + 20) : new Uint8Array(0);
    if (loc.length < 20 || u32(loc, 0) !== 0x07064b50) throw new Error('zip64 end of central directory locator not found');
    const rec64 = u64(loc, 8);
    const rec = await blobBytes(blob, rec64, rec64 + 56);
    if (rec.length < 56 || u32(rec, 0) !== END64_SIG) throw new Error('zip64 end of central directory record not found');
    count = u64(rec, 32);
    size = u64(rec, 40);
    offset = u64(rec, 48);
  }
  if (offset + size > blob.size) throw new Error('central directory past the end of the file');
  return { offset, size, count };
}

/** The central directory of the zip `blob`. Rejects when there is none to read. */
export async function readZipDirectory(blob: Blob): Promise<ZipFileEntry[]> {
  const { offset, size, count } = await locate(blob);
  const cd = await blobBytes(blob, offset, offset + size);
  const out: ZipFileEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > cd.length || u32(cd, at) !== CENTRAL_SIG) throw new Error(`central directory entry ${n + 1} unreadable`);
    const nameLength = u16(cd, at + 28);
    const extraLength = u16(cd, at + 30);
    const commentLength = u16(cd, at + 32);
    const name = zipName(cd.subarray(at + 46, at + 46 + nameLength));
    const extra = cd.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    const sizes = zip64Sizes(extra, { compressed: u32(cd, at + 20), uncompressed: u32(cd, at + 24), offset: u32(cd, at + 42) });
    const madeBy = u16(cd, at + 4);
    const external = u32(cd, at + 38);
    out.push({
      name,
      flags: u16(cd, at + 8),
      method: u16(cd, at + 10),
      compressed: sizes.compressed,
      uncompressed: sizes.uncompressed,
      offset: sizes.offset ?? 0,
      mtime: dosTime(u16(cd, at + 14), u16(cd, at + 12)),
      symlink: madeBy >> 8 === 3 && ((external >>> 16) & S_IFMT) === S_IFLNK,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

/** Where a member's stored bytes start: after its local header, whose name and extra lengths may differ. */
async function dataStart(blob: Blob, f: ZipFileEntry): Promise<number> {
  const h = await blobBytes(blob, f.offset, f.offset + 30);
  if (h.length < 30) throw archiveError(new Error('FILE_ENDED'));
  const sig = u32(h, 0);
  if (sig !== LOCAL_SIG) throw archiveError(new Error(`invalid signature: 0x${sig.toString(16)}`));
  return f.offset + 30 + u16(h, 26) + u16(h, 28);
}

/**
 * The members of the zip `blob` in central-directory order; each is opened only when read. Entries whose data
 * overlaps another's are not read (src/ingest/shared/zip-overlap.ts): the first few are members of type
 * `unreadable`, the count of the rest one problem on `where` at the end (as in the CLI).
 */
export async function* zipFileMembers(
  blob: Blob,
  entries: ZipFileEntry[],
  limits: Limits,
  onRead: (n: number) => void,
  where: string,
  problems: Problem[],
): AsyncGenerator<Member, void, undefined> {
  const plan = overlapPlan(entries);
  for (const [index, f] of entries.entries()) {
    const verdict = plan.verdict(index);
    if (verdict === 'dropped') continue;
    if (verdict === 'listed') {
      yield { name: f.name, type: 'unreadable', message: OVERLAP_MESSAGE, size: f.uncompressed, body: emptyBody() };
      continue;
    }
    let raw: ReturnType<typeof blobBody> | null = null;
    const open = async (): Promise<ReturnType<typeof blobBody>> => {
      const start = await dataStart(blob, f);
      if (start + f.compressed > blob.size) throw archiveError(new Error('FILE_ENDED'));
      return blobBody(blob, onRead, start, start + f.compressed);
    };
    const source: AsyncIterator<Uint8Array> = {
      next: async () => {
        raw ??= await open();
        const c = await raw.read();
        return c === null ? { done: true, value: undefined } : { done: false, value: c };
      },
    };
    const close = (): void => raw?.close();
    const type = isDirectoryName(f.name, f.uncompressed) ? 'directory' : f.symlink ? 'symlink' : 'file';
    yield {
      name: f.name,
      type,
      size: f.uncompressed,
      mtime: f.mtime,
      // random access: the next member does not depend on this one
      body: memberBody(source, f.method, f.flags, limits, { discard: async () => (close(), null), close }),
    };
  }
  if (plan.summary) problems.push({ path: where, message: plan.summary });
}
