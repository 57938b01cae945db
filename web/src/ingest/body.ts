// The byte stream of one member, for the browser: the shared stream (src/ingest/shared/body.ts) on
// Uint8Array, which the CLI uses on Node's Buffer.
import { CHUNK, ChunkBody, coalesceWith } from '../../../src/ingest/shared/body.js';
import type { BodyHooks, MemberOf } from '../../../src/ingest/shared/body.js';
import { concatBytes } from '../../../src/text/bytes.js';

export { CHUNK };

export const EMPTY = new Uint8Array(0);

export const concat = concatBytes;

export type { BodyHooks } from '../../../src/ingest/shared/body.js';
export { mapErrors } from '../../../src/ingest/shared/body.js';

/** A one-shot chunk stream of Uint8Arrays (see ChunkBody in src/ingest/shared/body.ts). */
export class Body extends ChunkBody<Uint8Array> {
  constructor(source: AsyncIterator<Uint8Array>, hooks: BodyHooks = {}) {
    super(source, hooks, concat, EMPTY);
  }
}

export function emptyBody(): Body {
  return new Body({ next: async () => ({ done: true, value: undefined }) });
}

/** One member of a container as its reader sees it, before path normalisation and expansion. */
export type Member = MemberOf<Body>;

/** Joins small chunks into chunks of at least `min` bytes. An error comes after the bytes read before it. */
export function coalesce(it: AsyncIterator<Uint8Array>, min = CHUNK / 2): AsyncIterator<Uint8Array> {
  return coalesceWith(it, concat, min);
}
