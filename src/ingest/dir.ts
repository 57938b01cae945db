// A folder as a bundle: walked in sorted order, symbolic links never followed, not even one swapped in for a
// file after the walk (each file is opened without following a link, and must still be the file walked).
import { constants } from 'node:fs';
import type { Dirent } from 'node:fs';
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Body, CHUNK, chunksOf, emptyBody, noop } from './body.js';
import type { Member } from './body.js';
import { describeFsError } from './errors.js';

export interface DirItem {
  /** Relative path with `/`. */
  rel: string;
  abs: string;
  kind: 'file' | 'symlink' | 'special' | 'unreadable';
  size: number;
  mtime?: Date;
  /** Device and inode of a file as walked: the file opened later must be the same. */
  dev?: number;
  ino?: number;
  linkname?: string;
  message?: string;
}

const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** What a special file is, in the words of its problem (as the tar readers say it). */
function specialKind(d: Dirent): string | undefined {
  if (d.isFIFO()) return 'FIFO';
  if (d.isCharacterDevice()) return 'character device';
  if (d.isBlockDevice()) return 'block device';
  if (d.isSocket()) return 'socket';
  return undefined;
}

/** Every regular file, symbolic link, special file and unreadable folder under `root`, depth first, names sorted. */
export async function walkDir(root: string): Promise<DirItem[]> {
  const out: DirItem[] = [];
  const visit = async (abs: string, rel: string): Promise<void> => {
    let dirents: Dirent[];
    try {
      dirents = await readdir(abs, { withFileTypes: true });
    } catch (e) {
      if (rel === '') throw e;
      out.push({ rel, abs, kind: 'unreadable', size: 0, message: `cannot read folder: ${describeFsError(e)}` });
      return;
    }
    dirents.sort(byName);
    for (const d of dirents) {
      const childAbs = join(abs, d.name);
      const childRel = rel ? `${rel}/${d.name}` : d.name;
      if (d.isSymbolicLink()) {
        const linkname = await readlink(childAbs).catch(() => undefined);
        out.push({ rel: childRel, abs: childAbs, kind: 'symlink', size: 0, ...(linkname ? { linkname } : {}) });
      } else if (d.isDirectory()) {
        await visit(childAbs, childRel);
      } else if (d.isFile()) {
        try {
          const st = await lstat(childAbs);
          out.push({ rel: childRel, abs: childAbs, kind: 'file', size: st.size, mtime: st.mtime, dev: st.dev, ino: st.ino });
        } catch (e) {
          out.push({ rel: childRel, abs: childAbs, kind: 'unreadable', size: 0, message: `cannot read: ${describeFsError(e)}` });
        }
      } else {
        const special = specialKind(d);
        if (special) out.push({ rel: childRel, abs: childAbs, kind: 'special', size: 0, message: special });
      }
    }
  };
  await visit(root, '');
  return out;
}

/** Never follows the last component's link; never waits for a writer (a FIFO swapped in). 0 where unknown (Windows). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * The walked file `item`, opened: the handle, or why it is not read when it changed since the walk (a link, a
 * FIFO or another file put in its place, or a folder on its path swapped for a link). Throws what open throws.
 */
async function openWalked(item: DirItem): Promise<FileHandle | string> {
  let handle: FileHandle;
  try {
    handle = await open(item.abs, OPEN_FLAGS);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ELOOP') return REPLACED_BY_LINK;
    throw e;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      await handle.close();
      return 'replaced since the folder was read (no longer a regular file), not read';
    }
    if (item.ino !== undefined && item.dev !== undefined && (st.ino !== item.ino || st.dev !== item.dev)) {
      await handle.close();
      return 'replaced since the folder was read (another file, or a folder on its path swapped for a link), not read';
    }
  } catch (e) {
    await handle.close().catch(noop);
    throw e;
  }
  return handle;
}

export const REPLACED_BY_LINK = 'replaced by a symbolic link since the folder was read, not followed';

/** The walked items as members; each file is opened just before it is handed over. */
export async function* dirMembers(items: DirItem[], onRead: (n: number) => void): AsyncGenerator<Member, void, undefined> {
  for (const item of items) {
    if (item.kind !== 'file') {
      yield {
        name: item.rel,
        type: item.kind,
        ...(item.linkname ? { linkname: item.linkname } : {}),
        ...(item.message ? { message: item.message } : {}),
        size: 0,
        body: emptyBody(),
      };
      continue;
    }
    let handle;
    try {
      handle = await openWalked(item);
    } catch (e) {
      yield { name: item.rel, type: 'unreadable', message: `cannot read: ${describeFsError(e)}`, size: item.size, body: emptyBody() };
      continue;
    }
    if (typeof handle === 'string') {
      yield { name: item.rel, type: 'unreadable', message: handle, size: item.size, body: emptyBody() };
      continue;
    }
    const stream = handle.createReadStream({ highWaterMark: CHUNK });
    stream.on('error', noop);
    const close = (): void => {
      stream.destroy();
    };
    yield {
      name: item.rel,
      type: 'file',
      size: item.size,
      ...(item.mtime ? { mtime: item.mtime } : {}),
      body: new Body(chunksOf(stream as AsyncIterable<Buffer>, onRead), {
        discard: async () => {
          close();
          return null;
        },
        close,
      }),
    };
  }
}
