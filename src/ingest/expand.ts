// Members -> entries: paths normalised, gzip members decompressed, nested archives opened in place.
// The walk is ./shared/expand.ts (shared with the browser); here are the CLI's readers for it.
import type { Body } from './body.js';
import { gunzip } from './gzip.js';
import type { ExpandContext as SharedContext, ExpandReaders } from './shared/expand.js';
import { tarMembers } from './tar.js';
import { zipStreamMembers } from './zip.js';

export { expandMember, expandMembers } from './shared/expand.js';

export type ExpandContext = SharedContext<Body>;

/** zlib, tar-stream and unzipper; a plain file's bytes are handed over as they come. */
export const cliReaders: ExpandReaders<Body> = {
  gunzip,
  tarMembers,
  zipStreamMembers,
  // in stored order, as it streams: a zip inside the bundle is never written out to be read by its central directory
  nestedZipMembers: (body, limits) => zipStreamMembers(body, limits),
  entryBytes: (content) => content,
};
