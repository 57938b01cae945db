// tar members, streamed with tar-stream: one member at a time, nothing buffered beyond a chunk.
import tar from 'tar-stream';
import type { Header } from 'tar-stream';
import { Body, mapErrors, noop, pump } from './body.js';
import type { Member, Sink } from './body.js';
import { archiveError } from './errors.js';

/** What a special member is, in the words of its problem ('character device not read ...'). */
const SPECIAL: Partial<Record<NonNullable<Header['type']>, string>> = {
  'character-device': 'character device',
  'block-device': 'block device',
  fifo: 'FIFO',
};

function memberType(type: Header['type'] | null | undefined): Member['type'] {
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
const ZERO_BLOCK = Buffer.alloc(BLOCK);

/** Keeps the last 512 bytes seen of a stream, to check the end-of-archive marker (zero blocks). */
class Tail {
  private chunks: Buffer[] = [];
  private length = 0;

  track(src: Body): Body {
    return new Body({
      next: async () => {
        const c = await src.read();
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
    const last = Buffer.concat(this.chunks, this.length).subarray(this.length - BLOCK);
    return last.equals(ZERO_BLOCK);
  }
}

/**
 * The members of the tar stream `src`. The caller must discard each member's body before asking for
 * the next. A broken stream ends the iteration with an error (see describeArchiveError); the member
 * being read at that moment throws the same error from its bytes.
 */
export async function* tarMembers(src: Body): AsyncGenerator<Member, void, undefined> {
  // allowUnknownFormat: also old (v7) tars without the ustar magic; the header checksum still guards.
  const extract = tar.extract({ allowUnknownFormat: true } as Parameters<typeof tar.extract>[0]);
  extract.on('error', noop);
  const tail = new Tail();
  void pump(tail.track(src), extract as unknown as Sink);
  const it = extract[Symbol.asyncIterator]();
  try {
    for (;;) {
      let r: Awaited<ReturnType<typeof it.next>>;
      try {
        r = await it.next();
      } catch (e) {
        throw archiveError(e);
      }
      if (r.done) {
        // tar-stream ends quietly when the data stops exactly between two members.
        if (!tail.endsWithZeroBlock()) throw archiveError(new Error('Unexpected end of data'));
        return;
      }
      const stream = r.value;
      const h = stream.header;
      yield {
        name: h.name,
        type: memberType(h.type),
        ...(h.type && SPECIAL[h.type] ? { message: SPECIAL[h.type] } : {}),
        ...(h.linkname ? { linkname: h.linkname } : {}),
        size: h.size ?? 0,
        ...(h.mtime ? { mtime: h.mtime } : {}),
        body: new Body(mapErrors(stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>, archiveError)),
      };
    }
  } finally {
    extract.destroy();
  }
}
