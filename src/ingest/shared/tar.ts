// tar members, streamed with tar-stream: one member at a time, nothing buffered beyond a chunk. The CLI and the
// browser share this reader (tar-stream runs in browsers as it is); each gives its own Body type. No Node APIs.
import tar from 'tar-stream';
import type { Header } from 'tar-stream';
import { archiveError } from '../errors.js';
import { mapErrors, pump } from './body.js';
import type { ChunkBody, MemberOf, Sink } from './body.js';
import { isZeroBlock } from './detect.js';

/** Makes the platform's Body from a chunk source. */
export type WrapBody<C extends Uint8Array, B extends ChunkBody<C>> = (source: AsyncIterator<C>) => B;

function noop(): void {}

/** What a special member is, in the words of its problem ('character device not read ...'). */
const SPECIAL: Partial<Record<NonNullable<Header['type']>, string>> = {
  'character-device': 'character device',
  'block-device': 'block device',
  fifo: 'FIFO',
};

function memberType(type: Header['type'] | null | undefined): MemberOf<unknown>['type'] {
  if (type && SPECIAL[type]) return 'special';
  switch (type) {
    case 'file':
    case 'contiguous-file':
    case null:
    case undefined:
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'link';
    default:
      return 'other';
  }
}

const BLOCK = 512;

/**
 * Keeps the last 512 bytes seen of a stream, to check the end-of-archive marker (zero blocks), and the error the
 * stream broke with. A broken stream is ended, not destroyed, for tar-stream: it then still hands over the members
 * whose headers it has (as much as the decompressor gave, which differs between zlib and fflate), and the reader
 * says why the archive stopped.
 */
class Tail<C extends Uint8Array> {
  private chunks: C[] = [];
  private length = 0;
  failure: { error: unknown } | null = null;

  track<B extends ChunkBody<C>>(src: B, wrap: WrapBody<C, B>): B {
    return wrap({
      next: async () => {
        let c: C | null;
        try {
          c = await src.read();
        } catch (error) {
          this.failure = { error };
          c = null;
        }
        if (c === null) return { done: true, value: undefined };
        this.chunks.push(c);
        this.length += c.length;
        while (this.chunks.length > 1 && this.length - this.chunks[0]!.length >= BLOCK) this.length -= this.chunks.shift()!.length;
        return { done: false, value: c };
      },
    });
  }

  endsWithZeroBlock(): boolean {
    if (this.length < BLOCK) return false;
    const last = new Uint8Array(BLOCK);
    let end = BLOCK;
    for (let i = this.chunks.length - 1; i >= 0 && end > 0; i--) {
      const c = this.chunks[i]!;
      const n = Math.min(end, c.length);
      last.set(c.subarray(c.length - n), end - n);
      end -= n;
    }
    return isZeroBlock(last);
  }
}

/**
 * The members of the tar stream `src`. The caller must discard each member's body before asking for
 * the next. A broken stream ends the iteration with an error (see describeArchiveError); the member
 * being read at that moment throws the same error from its bytes.
 */
export async function* tarMembers<C extends Uint8Array, B extends ChunkBody<C>>(src: B, wrap: WrapBody<C, B>): AsyncGenerator<MemberOf<B>, void, undefined> {
  // allowUnknownFormat: also old (v7) tars without the ustar magic; the header checksum still guards.
  const extract = tar.extract({ allowUnknownFormat: true } as Parameters<typeof tar.extract>[0]);
  extract.on('error', noop);
  const tail = new Tail<C>();
  void pump(tail.track(src, wrap), extract as unknown as Sink<C>);
  const it = extract[Symbol.asyncIterator]();
  const broken = (e: unknown): Error => archiveError(tail.failure ? tail.failure.error : e);
  try {
    for (;;) {
      let r: Awaited<ReturnType<typeof it.next>>;
      try {
        r = await it.next();
      } catch (e) {
        throw broken(e);
      }
      if (r.done) {
        // tar-stream ends quietly when the data stops exactly between two members.
        if (tail.failure || !tail.endsWithZeroBlock()) throw broken(new Error('Unexpected end of data'));
        return;
      }
      const stream = r.value;
      const h = stream.header;
      // tar-stream never ends the body of a folder that declares a size (it reads what follows as the next header):
      // waiting for that body would wait forever, so it is ended here, empty, and the archive reads on (or fails).
      if (h.type === 'directory' && (h.size ?? 0) > 0) stream.push(null);
      yield {
        name: h.name,
        type: memberType(h.type),
        ...(h.type && SPECIAL[h.type] ? { message: SPECIAL[h.type] } : {}),
        ...(h.linkname ? { linkname: h.linkname } : {}),
        size: h.size ?? 0,
        ...(h.mtime ? { mtime: h.mtime } : {}),
        body: wrap(mapErrors(stream[Symbol.asyncIterator]() as AsyncIterator<C>, broken)),
      };
    }
  } finally {
    extract.destroy();
  }
}
