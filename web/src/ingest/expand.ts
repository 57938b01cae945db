// Members -> entries: paths normalised, gzip members decompressed, nested archives opened in place.
// The walk is shared with the CLI (src/ingest/shared/expand.ts); here are the browser's readers for it.
import type { ExpandContext as SharedContext, ExpandReaders } from '../../../src/ingest/shared/expand.js';
import { Body, coalesce } from './body.js';
import { gunzip } from './codec.js';
import { tarMembers } from './tar.js';
import { nestedZipMembers } from './zip-file.js';
import { zipStoredMembers } from './zip-salvage.js';

export { expandMember, expandMembers } from '../../../src/ingest/shared/expand.js';

export type ExpandContext = SharedContext<Body>;

/** fflate for gzip, tar-stream (shared with the CLI) for tar, zip.js for zip (fflate's Unzip for one cut short). */
export const browserReaders: ExpandReaders<Body> = {
  gunzip,
  tarMembers,
  zipStreamMembers: zipStoredMembers,
  nestedZipMembers,
  // Joined into large chunks: the parser is chosen from the first one, as in the CLI.
  entryBytes: (content) => new Body(coalesce(content[Symbol.asyncIterator]())),
};
