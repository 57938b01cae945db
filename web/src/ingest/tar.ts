// tar members for the browser: the CLI's tar-stream reader (src/ingest/shared/tar.ts) on Uint8Array.
import { tarMembers as sharedTarMembers } from '../../../src/ingest/shared/tar.js';
import { Body } from './body.js';
import type { Member } from './body.js';

export function tarMembers(src: Body): AsyncGenerator<Member, void, undefined> {
  return sharedTarMembers<Uint8Array, Body>(src, (source) => new Body(source));
}
