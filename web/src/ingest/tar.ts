// tar members, read header by header (512-byte blocks): ustar, GNU long names, pax headers, v7.
// Pulled from the stream as the consumer reads, so nothing is buffered beyond a chunk.
import { archiveError } from '../../../src/ingest/errors.js';
import { Body, mapErrors } from './body.js';
import type { Member } from './body.js';
import { isZeroBlock, tarChecksumOk } from './detect.js';
import { ByteReader } from './reader.js';

const BLOCK = 512;
/** Largest GNU long-name or pax header read (tar-stream's limit is of the same order). */
const MAX_META = 1024 * 1024;
const utf8 = new TextDecoder('utf-8');

const truncated = (): Error => archiveError(new Error('Unexpected end of data'));

function text(b: Uint8Array, at: number, len: number): string {
  const field = b.subarray(at, at + len);
  const end = field.indexOf(0);
  return utf8.decode(end < 0 ? field : field.subarray(0, end));
}

/** A numeric field: octal text, or GNU base-256 (high bit of the first byte set). */
function number(b: Uint8Array, at: number, len: number): number {
  if (b[at]! & 0x80) {
    let n = b[at]! & 0x7f;
    for (let i = at + 1; i < at + len; i++) n = n * 256 + b[i]!;
    return n;
  }
  const t = text(b, at, len).trim();
  return t === '' ? 0 : parseInt(t, 8) || 0;
}

/** What a special member is, in the words of its problem (as the CLI's tar reader says it). */
const SPECIAL: Record<string, string> = { '3': 'character device', '4': 'block device', '6': 'FIFO' };

function memberType(flag: string, name: string): Member['type'] {
  if (SPECIAL[flag]) return 'special';
  switch (flag) {
    case '0':
    case '\0':
    case '7':
      return name.endsWith('/') ? 'directory' : 'file'; // v7 tars mark folders with a trailing `/`
    case '5':
      return 'directory';
    case '2':
      return 'symlink';
    case '1':
      return 'link';
    default:
      return 'other';
  }
}

/** `len key=value\n` records. */
function paxRecords(b: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of utf8.decode(b).split('\n')) {
    const m = /^\d+ ([^=]+)=(.*)$/s.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

interface Pending {
  name?: string;
  linkname?: string;
  size?: number;
}

/**
 * The members of the tar stream `src`. Each member's body must be discarded before the next is asked
 * for (the generator does it if not). A broken stream ends the iteration with an error (see
 * describeArchiveError); the member being read at that moment throws the same error from its bytes.
 */
export async function* tarMembers(src: Body): AsyncGenerator<Member, void, undefined> {
  const r = new ByteReader(src);
  let global: Record<string, string> = {};
  let pending: Pending = {};
  let lastWasZero = false;
  let previous: Body | null = null;
  for (;;) {
    if (previous) {
      const broken = await previous.discard();
      if (broken) throw broken;
      previous = null;
    }
    const h = await r.exact(BLOCK);
    if (h.length === 0) {
      if (lastWasZero) return; // the end-of-archive marker, or the data stops right after one zero block
      throw truncated();
    }
    if (h.length < BLOCK) throw truncated();
    if (isZeroBlock(h)) {
      lastWasZero = true;
      continue;
    }
    lastWasZero = false;
    if (!tarChecksumOk(h)) throw archiveError(new Error('Invalid tar header'));

    const flag = String.fromCharCode(h[156]!);
    const size = pending.size ?? number(h, 124, 12);
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (flag === 'L' || flag === 'K' || flag === 'x' || flag === 'g') {
      if (size > MAX_META) throw archiveError(new Error('Header exceeds max size'));
      const data = await r.exact(padded);
      if (data.length < padded) throw truncated();
      const meta = data.subarray(0, size);
      if (flag === 'L') pending.name = text(meta, 0, size);
      else if (flag === 'K') pending.linkname = text(meta, 0, size);
      else if (flag === 'g') global = { ...global, ...paxRecords(meta) };
      else {
        const pax = { ...global, ...paxRecords(meta) };
        if (pax.path) pending.name = pax.path;
        if (pax.linkpath) pending.linkname = pax.linkpath;
        if (pax.size && /^\d+$/.test(pax.size)) pending.size = Number(pax.size);
      }
      continue;
    }

    let name = text(h, 0, 100);
    const ustar = text(h, 257, 6) === 'ustar' && h[262] === 0; // POSIX ustar; GNU uses the prefix field otherwise
    if (ustar && h[345] !== 0) name = `${text(h, 345, 155)}/${name}`;
    name = pending.name ?? name;
    const linkname = pending.linkname ?? text(h, 157, 100);
    pending = {};
    const mtime = number(h, 136, 12);

    let left = size;
    const source: AsyncIterator<Uint8Array> = {
      next: async () => {
        if (left === 0) return { done: true, value: undefined };
        const c = await r.some(left);
        if (c === null) throw truncated();
        left -= c.length;
        return { done: false, value: c };
      },
    };
    const body = new Body(mapErrors(source, archiveError), {
      discard: async () => {
        const rest = left + (padded - size);
        left = 0;
        try {
          return (await r.skip(rest)) < rest ? truncated() : null;
        } catch (e) {
          return archiveError(e);
        }
      },
      close: () => src.close(),
    });
    previous = body;
    yield {
      name,
      type: memberType(flag, name),
      ...(SPECIAL[flag] ? { message: SPECIAL[flag] } : {}),
      ...(linkname ? { linkname } : {}),
      size,
      mtime: new Date(mtime * 1000),
      body,
    };
  }
}
