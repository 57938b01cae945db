// What a byte stream is, from its first bytes (magic first) and its name (second). The rules are
// ./shared/detect.ts (plain bytes, shared with the browser); here only the CLI's gzip peek is added.
import { gunzipProbe } from './gzip.js';
import { detectTopWith } from './shared/detect.js';
import type { TopKind } from './shared/detect.js';

export { GZIP_SNIFF_BYTES, SNIFF_BYTES, archiveKind, nameHint, sniff } from './shared/detect.js';
export type { Magic, NameHint, TopKind } from './shared/detect.js';

/**
 * What a whole input is, from its first bytes (at least GZIP_SNIFF_BYTES when there are that many)
 * and its name (null for stdin, where an archive is expected): magic first, name second.
 * A gzip is a tgz when what it holds starts like a tar.
 */
export function detectTop(head: Uint8Array, name: string | null): TopKind {
  return detectTopWith(head, name, gunzipProbe);
}
