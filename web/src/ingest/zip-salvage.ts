// zip members in stored order, from the local headers, with fflate's streaming Unzip: how the browser reads a zip
// whose central directory cannot be read (a zip cut short), as the CLI does with unzipper's Parse. fflate gives less
// than unzipper: no modification time (members read this way have none), no word for an encrypted member (its data
// fails to inflate instead), and bytes between members that are not a header are passed over rather than refused.
// Only damaged zips come this way; every whole zip is read through its central directory (./zip-file.ts).
import { Unzip, UnzipInflate } from 'fflate';
import type { AsyncFlateStreamHandler, UnzipDecoder, UnzipFile } from 'fflate';
import { archiveError } from '../../../src/ingest/errors.js';
import type { Limits } from '../../../src/ingest/limits.js';
import { Body, EMPTY, coalesce, mapErrors } from './body.js';
import type { Member } from './body.js';

/** Input given to fflate at once: bounds what one push can inflate to (deflate tops out near 1032:1). */
const PUSH = 16 * 1024;

const truncated = (): Error => archiveError(new Error('FILE_ENDED'));

/**
 * A decoder for a compression method nobody reads here: says so once and drops the data, so that fflate moves on to
 * the next member (with no decoder for the method, fflate throws a TypeError and keeps the member's data).
 */
function refusing(method: number): { new (): UnzipDecoder; compression: number } {
  return class {
    static compression = method;
    ondata: AsyncFlateStreamHandler = () => undefined;
    private said = false;
    push(_chunk: Uint8Array, final: boolean): void {
      if (!this.said) {
        this.said = true;
        this.ondata(Object.assign(new Error(`unsupported compression method ${method}`), { code: 14 }), EMPTY as Uint8Array<ArrayBuffer>, final);
      }
    }
  };
}

/** What fflate has given out for one member so far. */
interface Received {
  chunks: Uint8Array[];
  done: boolean;
  error: Error | null;
}

/** fflate's streaming Unzip fed from `src` one slice at a time, as the members' readers ask for data. */
class StoredOrderFeed {
  readonly announced: { file: UnzipFile; received: Received }[] = [];
  private readonly unzip: Unzip;
  private pending: Uint8Array = EMPTY;
  private ended = false;

  constructor(private readonly src: Body) {
    this.unzip = new Unzip((file) => {
      const received: Received = { chunks: [], done: false, error: null };
      file.ondata = (err, data, final) => {
        if (err) received.error = archiveError(new Error(`zip: ${err.message}`, { cause: err }));
        else if (data.length > 0) received.chunks.push(data);
        if (final || err) received.done = true;
      };
      this.announced.push({ file, received });
      if (file.compression !== 0 && file.compression !== UnzipInflate.compression) this.unzip.register(refusing(file.compression));
      file.start();
    });
    this.unzip.register(UnzipInflate);
  }

  /** Gives fflate the next slice of input. False once all of it has been given. */
  async feed(): Promise<boolean> {
    if (this.pending.length === 0) {
      if (this.ended) return false;
      const chunk = await this.src.read();
      if (chunk === null) {
        this.ended = true;
        try {
          this.unzip.push(EMPTY, true);
        } catch {
          // fflate's "invalid zip data" at the end: the input stopped inside a member
          throw truncated();
        }
        return true;
      }
      this.pending = chunk;
    }
    const slice = this.pending.subarray(0, PUSH);
    this.pending = this.pending.subarray(slice.length);
    this.unzip.push(slice, false);
    return true;
  }
}

/** One announced member's content, fed on demand. */
function memberSource(feed: StoredOrderFeed, received: Received): AsyncIterator<Uint8Array> {
  return {
    next: async () => {
      for (;;) {
        const chunk = received.chunks.shift();
        if (chunk) return { done: false, value: chunk };
        if (received.error) throw received.error;
        if (received.done) return { done: true, value: undefined };
        if (!(await feed.feed())) throw truncated();
      }
    },
  };
}

/** Reads to the end of a member, dropping its data. Resolves to an error when the zip cannot go on, else null. */
async function skipRest(feed: StoredOrderFeed, received: Received): Promise<unknown> {
  try {
    while (!received.done) {
      received.chunks.length = 0;
      if (!(await feed.feed())) return truncated();
    }
    received.chunks.length = 0;
    return null;
  } catch (e) {
    return archiveError(e);
  }
}

/**
 * The members of the zip stream `src`, in stored order. Each member's body must be discarded before the next is
 * asked for (the generator does it if not). The zip's end, reached without a broken member, is still "truncated"
 * after one member or more: this reader serves only zips whose central directory could not be read.
 */
export async function* zipStoredMembers(src: Body, limits: Limits): AsyncGenerator<Member, void, undefined> {
  const feed = new StoredOrderFeed(src);
  let seen = 0;
  let previous: Body | null = null;
  for (;;) {
    if (previous) {
      const broken = await previous.discard();
      if (broken) throw broken;
      previous = null;
    }
    while (feed.announced.length === 0) {
      let more: boolean;
      try {
        more = await feed.feed();
      } catch (e) {
        throw archiveError(e);
      }
      if (!more) {
        if (seen > 0) throw truncated();
        return;
      }
    }
    const { file, received } = feed.announced.shift()!;
    seen++;
    // a stored member's bytes count as they are read (no ratio of its own), a deflated one's with its ratio
    const counted = limits.guard(memberSource(feed, received), () => (file.compression !== 0 && file.size ? file.size : undefined));
    const body = new Body(coalesce(mapErrors(counted, archiveError)), { discard: () => skipRest(feed, received), close: () => src.close() });
    previous = body;
    const size = file.originalSize ?? 0;
    yield { name: file.name, type: size === 0 && /[/\\]$/.test(file.name) ? 'directory' : 'file', size, body };
  }
}
