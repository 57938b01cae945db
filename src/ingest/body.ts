// The byte stream of one member on Node's Buffer: read once, peekable, and skippable so its archive can
// move on. The stream itself is ./shared/body.ts (shared with the browser); Node-only plumbing is here.
import { CHUNK, ChunkBody, coalesceWith } from './shared/body.js';
import type { BodyHooks, MemberOf } from './shared/body.js';

/** Chunk size for reads and for zlib output. */
export { CHUNK };

const EMPTY = Buffer.alloc(0);

export function noop(): void {}

export type { BodyHooks } from './shared/body.js';
export { mapErrors, pump } from './shared/body.js';
export type { Sink } from './shared/body.js';

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

/** One member of a container as its reader sees it, before path normalisation and expansion. */
export type Member = MemberOf<Body>;

/**
 * Joins small chunks (unzipper inflates 16 KiB at a time) into chunks of at least `min` bytes, so
 * readers get large chunks. An error comes after the bytes read before it.
 */
export function coalesce(it: AsyncIterator<Buffer>, min = CHUNK / 2): AsyncIterator<Buffer> {
  return coalesceWith(it, joinBuffers, min);
}
