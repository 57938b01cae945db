// Archive bytes written field by field, for what the fixture builders (test/helpers/archives.ts) refuse to write:
// tar headers that declare any size or type, zip central directories whose entries all point at one member.
import { crc32 } from 'node:zlib';

const BLOCK = 512;

export type TarType = 'file' | 'hardlink' | 'symlink' | 'char-device' | 'block-device' | 'directory' | 'fifo' | 'contiguous' | 'pax' | 'gnu-longname' | string;

const TYPE_FLAGS: Record<string, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  'char-device': '3',
  'block-device': '4',
  directory: '5',
  fifo: '6',
  contiguous: '7',
  pax: 'x',
  'gnu-longname': 'L',
};

export interface RawTarEntry {
  name: string;
  type?: TarType;
  linkname?: string;
  /** What the header says; default: the data's length. */
  declaredSize?: number;
  /** Write the size in base-256 (GNU) instead of octal: sizes of 8 GiB and more. */
  base256?: boolean;
  data?: Uint8Array | string;
  /** Do not pad the data to a block (a cut archive). */
  noPad?: boolean;
  devmajor?: number;
  devminor?: number;
  /** A wrong header checksum. */
  badChecksum?: boolean;
}

function field(header: Uint8Array, at: number, len: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  header.set(bytes.subarray(0, len), at);
}

function octal(header: Uint8Array, at: number, len: number, value: number): void {
  field(header, at, len, value.toString(8).padStart(len - 1, '0') + '\0');
}

/** One 512-byte ustar header. */
export function tarHeader(e: RawTarEntry, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const name = Buffer.from(e.name, 'utf8');
  if (name.length > 100) {
    // ustar prefix: split at a '/' so that the last part fits in 100 bytes.
    const cut = e.name.lastIndexOf('/', e.name.length - 1);
    field(h, 345, 155, e.name.slice(0, Math.max(0, cut)));
    field(h, 0, 100, e.name.slice(cut + 1));
  } else field(h, 0, 100, e.name);
  octal(h, 100, 8, e.type === 'directory' ? 0o755 : 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  if (e.base256 || size > 0o77777777777) {
    h[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--) {
      h[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  } else octal(h, 124, 12, size);
  octal(h, 136, 12, Math.floor(Date.UTC(2024, 0, 1) / 1000));
  field(h, 148, 8, '        ');
  field(h, 156, 1, TYPE_FLAGS[e.type ?? 'file'] ?? e.type ?? '0');
  if (e.linkname) field(h, 157, 100, e.linkname);
  field(h, 257, 6, 'ustar\0');
  field(h, 263, 2, '00');
  field(h, 265, 32, 'root');
  field(h, 297, 32, 'root');
  octal(h, 329, 8, e.devmajor ?? 0);
  octal(h, 337, 8, e.devminor ?? 0);
  let sum = 0;
  for (const b of h) sum += b;
  if (e.badChecksum) sum += 7;
  field(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

/** A tar of `entries`; `end` adds the two zero blocks (default true). */
export function rawTar(entries: RawTarEntry[], end = true): Buffer {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const data = e.data === undefined ? new Uint8Array(0) : typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    parts.push(tarHeader(e, e.declaredSize ?? data.length));
    parts.push(data);
    if (!e.noPad && data.length % BLOCK !== 0) parts.push(new Uint8Array(BLOCK - (data.length % BLOCK)));
  }
  if (end) parts.push(new Uint8Array(2 * BLOCK));
  return Buffer.concat(parts);
}

export interface OverlapZipOptions {
  /** Central-directory entries, every one pointing at the same local member. */
  entries: number;
  /** The one member's content (stored, not compressed). */
  member: Uint8Array;
  /** Name pattern of the entries; `#` is replaced by the entry's number. */
  name?: string;
}

const DOS_TIME = 0; // 00:00:00
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1; // 2024-01-01

function u16(b: Buffer, at: number, v: number): void {
  b.writeUInt16LE(v & 0xffff, at);
}

function u32(b: Buffer, at: number, v: number): void {
  b.writeUInt32LE(v >>> 0, at);
}

/**
 * A zip whose central directory lists `entries` members that all point at ONE stored member: reading every entry
 * reads the member again and again (the "overlapping" bomb: a few MiB that read as many GiB).
 */
export function overlappingZip(opts: OverlapZipOptions): Buffer {
  const pattern = opts.name ?? 'var/log/copy-#.log';
  const first = Buffer.from(pattern.replace('#', '0'), 'utf8');
  const crc = crc32(opts.member);
  const size = opts.member.length;
  const local = Buffer.alloc(30 + first.length);
  u32(local, 0, 0x04034b50);
  u16(local, 4, 20);
  u16(local, 6, 0x0800);
  u16(local, 8, 0);
  u16(local, 10, DOS_TIME);
  u16(local, 12, DOS_DATE);
  u32(local, 14, crc);
  u32(local, 18, size);
  u32(local, 22, size);
  u16(local, 26, first.length);
  u16(local, 28, 0);
  first.copy(local, 30);
  const cd: Buffer[] = [];
  for (let i = 0; i < opts.entries; i++) {
    const name = Buffer.from(pattern.replace('#', String(i).padStart(5, '0')), 'utf8');
    const e = Buffer.alloc(46 + name.length);
    u32(e, 0, 0x02014b50);
    u16(e, 4, (3 << 8) | 20);
    u16(e, 6, 20);
    u16(e, 8, 0x0800);
    u16(e, 10, 0);
    u16(e, 12, DOS_TIME);
    u16(e, 14, DOS_DATE);
    u32(e, 16, crc);
    u32(e, 20, size);
    u32(e, 24, size);
    u16(e, 28, name.length);
    u32(e, 38, (0o100644 << 16) >>> 0);
    u32(e, 42, 0);
    name.copy(e, 46);
    cd.push(e);
  }
  const cdBytes = Buffer.concat(cd);
  const cdOffset = local.length + size;
  const eocd = Buffer.alloc(22);
  u32(eocd, 0, 0x06054b50);
  u16(eocd, 8, opts.entries);
  u16(eocd, 10, opts.entries);
  u32(eocd, 12, cdBytes.length);
  u32(eocd, 16, cdOffset);
  return Buffer.concat([local, opts.member, cdBytes, eocd]);
}

/** Offsets to cut `bytes` at: inside the first header, inside the data, near the end, and `extra` more spread evenly. */
export function cutPoints(length: number, extra = 4): number[] {
  const points = new Set<number>([1, 10, Math.min(100, length - 1), Math.floor(length / 2), length - 1, length - 10]);
  for (let i = 1; i <= extra; i++) points.add(Math.floor((length * i) / (extra + 1)));
  return [...points].filter((p) => p > 0 && p < length).sort((a, b) => a - b);
}
