// tar members for the CLI: the shared tar-stream reader (./shared/tar.ts) on Node's Buffer.
import { Body } from './body.js';
import type { Member } from './body.js';
import { tarMembers as sharedTarMembers } from './shared/tar.js';

export function tarMembers(src: Body): AsyncGenerator<Member, void, undefined> {
  return sharedTarMembers<Buffer, Body>(src, (source) => new Body(source));
}
