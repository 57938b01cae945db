// Fixture builders: tar, tgz, zip, gzip and folders, built in memory, deterministic (fixed mtime
// 2024-01-01, members in the order given, no host-dependent header bytes).
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';

export interface FixtureFile {
  /** Stored exactly as given (tar and zip), so unsafe names (`../x`, `/abs`, `C:\x`) can be tested. */
  path: string;
  content?: string | Uint8Array;
  type?: 'file' | 'symlink' | 'directory' | 'link';
  /** Target of a symlink or hard link. */
  linkname?: string;
  mode?: number;
}

/** 2024-01-01T00:00:00Z */
export const FIXTURE_MTIME = new Date(Date.UTC(2024, 0, 1));

function bytesOf(content: string | Uint8Array | undefined): Buffer {
  if (content === undefined) return Buffer.alloc(0);
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

/** A gzip member of `content` (header mtime 0, OS byte fixed to Unix so the bytes do not depend on the host). */
export function gzip(content: string | Uint8Array, level = 6): Buffer {
  const out = gzipSync(bytesOf(content), { level });
  out[9] = 3;
  return out;
}

/** A ustar archive. */
export async function makeTar(files: FixtureFile[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const c of pack) chunks.push(c as Buffer);
  })();
  for (const f of files) {
    const type = f.type ?? 'file';
    const header = {
      name: f.path,
      type,
      mtime: FIXTURE_MTIME,
      mode: f.mode ?? (type === 'directory' ? 0o755 : type === 'symlink' ? 0o777 : 0o644),
      uid: 0,
      gid: 0,
      ...(f.linkname !== undefined ? { linkname: f.linkname } : {}),
    };
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error | null): void => (err ? reject(err) : resolve());
      if (type === 'file') pack.entry(header, bytesOf(f.content), done);
      else pack.entry({ ...header, size: 0 }, done);
    });
  }
  pack.finalize();
  await collected;
  return Buffer.concat(chunks);
}

/** A gzip-compressed tar. */
export async function makeTgz(files: FixtureFile[]): Promise<Buffer> {
  return gzip(await makeTar(files));
}

export interface ZipOptions {
  /** Deflate members (default true); false stores them. */
  compress?: boolean;
  /**
   * Write members as a streaming zip writer does: sizes and CRC in a data descriptor after the data,
   * zeros in the local header.
   */
  streaming?: boolean;
  /** Zip64 records even for small members. */
  zip64?: boolean;
}

/**
 * A zip (yazl). Unsafe names that yazl refuses are written through a same-length placeholder patched
 * in afterwards. DOS timestamps are written from local time, so the fixture mtime is given as local
 * midnight: the stored fields read 2024-01-01 00:00 whatever the host's zone.
 */
export async function makeZip(files: FixtureFile[], opts: ZipOptions = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(2024, 0, 1);
  const patches: [Buffer, Buffer][] = [];
  files.forEach((f, i) => {
    const type = f.type ?? 'file';
    let name = f.path;
    const raw = Buffer.from(name, 'utf8');
    const unsafe = /^[a-zA-Z]:|^[\\/]|(^|[\\/])\.\.([\\/]|$)|\\/.test(name) || (type === 'file' && name.endsWith('/'));
    if (unsafe) {
      const tag = `\x7f${i}\x7f`;
      if (raw.length < tag.length) throw new Error(`makeZip: name too short to patch: ${name}`);
      name = tag + 'q'.repeat(raw.length - tag.length);
      patches.push([Buffer.from(name, 'utf8'), raw]);
    }
    const common = { mtime, forceDosTimestamp: true, ...(opts.zip64 ? { forceZip64Format: true } : {}) };
    if (type === 'directory') zip.addEmptyDirectory(name, common);
    else if (type === 'symlink') zip.addBuffer(Buffer.from(f.linkname ?? ''), name, { ...common, mode: 0o120777, compress: false });
    else if (opts.streaming) {
      zip.addReadStream(Readable.from([bytesOf(f.content)]), name, { ...common, mode: f.mode ?? 0o100644, compress: opts.compress ?? true });
    } else zip.addBuffer(bytesOf(f.content), name, { ...common, mode: f.mode ?? 0o100644, compress: opts.compress ?? true });
  });
  zip.end(opts.zip64 ? { forceZip64Format: true, comment: '' } : undefined);
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  const out = Buffer.concat(chunks);
  for (const [from, to] of patches) {
    for (let at = out.indexOf(from); at !== -1; at = out.indexOf(from, at + to.length)) to.copy(out, at);
  }
  return out;
}

export interface TempDir {
  dir: string;
  /** Absolute path of a file in it. */
  path(rel: string): string;
  cleanup(): Promise<void>;
}

/** A fresh folder under os.tmpdir(). */
export async function makeTempDir(prefix = 'logscan-'): Promise<TempDir> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, path: (rel) => join(dir, rel), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A folder holding `files` (symlinks as real symbolic links), under os.tmpdir(). */
export async function makeDir(files: FixtureFile[]): Promise<TempDir> {
  const tmp = await makeTempDir();
  for (const f of files) {
    const target = tmp.path(f.path);
    await mkdir(dirname(target), { recursive: true });
    const type = f.type ?? 'file';
    if (type === 'directory') await mkdir(target, { recursive: true });
    else if (type === 'symlink') await symlink(f.linkname ?? '', target);
    else await writeFile(target, bytesOf(f.content), f.mode !== undefined ? { mode: f.mode } : {});
  }
  return tmp;
}

/** `n` bytes that no compressor shrinks (xorshift), made the same each time. */
export function incompressible(n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0, x = 2463534242; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** `n` log lines of pseudo-random text: it compresses poorly enough for a cut to land inside it. */
export function noisy(n: number, seed = 1): string {
  let x = seed;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    lines.push(`2024-05-01T10:00:${String(i % 60).padStart(2, '0')}Z INFO ${x.toString(36)} ${(x * 7).toString(16)}`);
  }
  return lines.join('\n') + '\n';
}
