// The byte stream of one member on Node's Buffer: read once, peekable, and skippable so its archive can
// move on. The stream itself is ./shared/body.ts (shared with the browser); Node-only plumbing is here.
import { CHUNK, ChunkBody, coalesceWith } from './shared/body.js';
import type { BodyHooks, MemberOf } from './shared/body.js';

/** Chunk size for reads and for zlib output. */
export { CHUNK };

const EMPTY = Buffer.alloc(0);

export function noop(): void {}

export type { BodyHooks } from './shared/body.js';
export { mapErrors } from './shared/body.js';

/** Buffers joined: a single chunk as it is (it may be longer than `length`). */
function joinBuffers(parts: Buffer[], length: number): Buffer {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
}

/** A one-shot chunk stream of Buffers (see ChunkBody in ./shared/body.ts). */
export class Body extends ChunkBody<Buffer> {
  constructor(source: AsyncIterator<Buffer>, hooks: BodyHooks = {}) {
    super(source, hooks, joinBuffers, EMPTY);
  }
}

export function emptyBody(): Body {
  return new Body({ next: async () => ({ done: true, value: undefined }) });
}

/** Chunks of a stream, each counted by `onChunk`. */
export function chunksOf(stream: AsyncIterable<Buffer>, onChunk?: (n: number) => void): AsyncIterator<Buffer> {
  const it = stream[Symbol.asyncIterator]();
  if (!onChunk) return it;
  return {
    next: async () => {
      const r = await it.next();
      if (!r.done) onChunk(r.value.length);
      return r;
    },
  };
}

/** What pump writes into: a Node Writable, or a streamx one (tar-stream). */
export interface Sink {
  write(chunk: Buffer): boolean;
  end(): unknown;
  destroy(error?: Error): unknown;
  readonly destroyed: boolean;
  /** Node only: the reader ended the writable side itself (unzipper after the end of the zip). */
  readonly writableEnded?: boolean;
  on(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  off(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
}

function stopped(dst: Sink): boolean {
  return dst.destroyed === true || dst.writableEnded === true;
}

function writable(dst: Sink): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      dst.off('drain', done);
      dst.off('close', done);
      dst.off('error', done);
      resolve();
    };
    dst.on('drain', done);
    dst.on('close', done);
    dst.on('error', done);
  });
}

/**
 * Feeds `src` into `dst` with backpressure and ends it; an error of `src` destroys `dst` with that
 * error. Stops quietly when `dst` is destroyed or ended by its reader. Never rejects.
 */
export async function pump(src: Body, dst: Sink): Promise<void> {
  try {
    for (;;) {
      if (stopped(dst)) return;
      const c = await src.read();
      if (c === null) break;
      if (stopped(dst)) return;
      if (!dst.write(c)) await writable(dst);
    }
    if (!stopped(dst)) dst.end();
  } catch (error) {
    if (!dst.destroyed) dst.destroy(error as Error);
  }
}

/** One member of a container as its reader sees it, before path normalisation and expansion. */
export type Member = MemberOf<Body>;

/**
 * Joins small chunks (unzipper inflates 16 KiB at a time) into chunks of at least `min` bytes, so
 * readers get large chunks. An error comes after the bytes read before it.
 */
export function coalesce(it: AsyncIterator<Buffer>, min = CHUNK / 2): AsyncIterator<Buffer> {
  return coalesceWith(it, joinBuffers, min);
}
