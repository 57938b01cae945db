// zip members in stored order, from the local headers (a zip inside a stream: a nested zip, or a zip
// whose central directory cannot be read). Like unzipper's Parse, which the CLI uses for the same.
import { archiveError } from '../../../src/ingest/errors.js';
import type { Limits } from '../../../src/ingest/limits.js';
import { Body, concat } from './body.js';
import type { Member } from './body.js';
import { ByteReader, CENTRAL_SIG, DESCRIPTOR_SIG, END64_SIG, END_SIG, LOCAL_SIG, dosTime, isDirectoryName, memberBody, u16, u32, zip64Sizes, zipName } from './zip-common.js';

const truncated = (): Error => archiveError(new Error('FILE_ENDED'));
const READ = 64 * 1024;

interface Raw {
  source: AsyncIterator<Uint8Array>;
  /** Reads past the rest of the stored bytes (and the data descriptor). Resolves to an error or null. */
  drain(): Promise<unknown>;
}

/** Exactly `size` stored bytes. */
function sized(r: ByteReader, size: number): Raw {
  let left = size;
  return {
    source: {
      next: async () => {
        if (left === 0) return { done: true, value: undefined };
        const c = await r.some(Math.min(left, READ));
        if (c === null) throw truncated();
        left -= c.length;
        return { done: false, value: c };
      },
    },
    drain: async () => {
      const rest = left;
      left = 0;
      try {
        return (await r.skip(rest)) < rest ? truncated() : null;
      } catch (e) {
        return archiveError(e);
      }
    },
  };
}

function indexOfSignature(b: Uint8Array, sig: number): number {
  for (let i = 0; i + 4 <= b.length; i++) if (b[i] === 0x50 && b[i + 1] === 0x4b && u32(b, i) === sig) return i;
  return -1;
}

/** Stored bytes up to the data descriptor's signature (size unknown in the local header), then the descriptor. */
function untilDescriptor(r: ByteReader): Raw {
  let carry: Uint8Array = new Uint8Array(0);
  let state: 'data' | 'descriptor' | 'done' = 'data';
  const next = async (): Promise<IteratorResult<Uint8Array>> => {
    while (state === 'data') {
      const c = await r.some(READ);
      if (c === null) throw truncated();
      const buf = carry.length > 0 ? concat([carry, c]) : c;
      const at = indexOfSignature(buf, DESCRIPTOR_SIG);
      if (at >= 0) {
        r.unread(buf.subarray(at + 4));
        state = 'descriptor';
        if (at > 0) return { done: false, value: buf.subarray(0, at) };
        break;
      }
      const keep = Math.min(3, buf.length);
      carry = buf.subarray(buf.length - keep);
      if (buf.length > keep) return { done: false, value: buf.subarray(0, buf.length - keep) };
    }
    if (state === 'descriptor') {
      // crc, compressed and uncompressed size; the data before it is handed over first
      if ((await r.exact(12)).length < 12) throw truncated();
      state = 'done';
    }
    return { done: true, value: undefined };
  };
  return {
    source: { next },
    drain: async () => {
      try {
        while (!(await next()).done);
        return null;
      } catch (e) {
        return e;
      }
    },
  };
}

/**
 * The members of the zip stream `src`, in stored order. Each member's body must be discarded before the
 * next is asked for (the generator does it if not).
 */
export async function* zipStreamMembers(src: Body, limits: Limits): AsyncGenerator<Member, void, undefined> {
  const r = new ByteReader(src);
  let seen = 0;
  let previous: Body | null = null;
  for (;;) {
    if (previous) {
      const broken = await previous.discard();
      if (broken) throw broken;
      previous = null;
    }
    const sig = await r.exact(4);
    if (sig.length === 0) {
      if (seen > 0) throw truncated(); // the data stops between two members, before the central directory
      return;
    }
    if (sig.length < 4) throw truncated();
    const s = u32(sig, 0);
    if (s === CENTRAL_SIG || s === END_SIG || s === END64_SIG) return;
    if (s !== LOCAL_SIG) throw archiveError(new Error(`invalid signature: 0x${s.toString(16)}`));
    const h = await r.exact(26);
    if (h.length < 26) throw truncated();
    const flags = u16(h, 2);
    const method = u16(h, 4);
    const nameLength = u16(h, 22);
    const extraLength = u16(h, 24);
    const nameBytes = await r.exact(nameLength);
    const extra = await r.exact(extraLength);
    if (nameBytes.length < nameLength || extra.length < extraLength) throw truncated();
    const name = zipName(nameBytes);
    const sizes = zip64Sizes(extra, { compressed: u32(h, 14), uncompressed: u32(h, 18) });
    const known = !(flags & 8) || sizes.compressed > 0;
    const raw = known ? sized(r, sizes.compressed) : untilDescriptor(r);
    seen++;
    const body = memberBody(raw.source, method, flags, limits, { discard: raw.drain, close: () => src.close() });
    previous = body;
    yield {
      name,
      type: isDirectoryName(name, sizes.uncompressed) ? 'directory' : 'file',
      size: sizes.uncompressed,
      mtime: dosTime(u16(h, 8), u16(h, 6)),
      body,
    };
  }
}
