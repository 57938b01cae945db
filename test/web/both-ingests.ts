// The CLI's ingest (src/ingest, from a file) and the browser's (web/src/ingest, on a File of the same bytes) side by
// side: what each gives, entry by entry, with the problems, or the BundleError each throws.
import { statSync } from 'node:fs';
import { BundleError, openBundle } from '../../src/ingest/index.js';
import type { Entry, Problem } from '../../src/model.js';
import { openBlob } from '../../web/src/ingest/index.js';
import type { tempFiles } from '../ingest/collect.js';

export interface Seen<R> {
  entries: R[];
  problems: Problem[];
}

export type Limits = { maxExpandedBytes?: number; maxRatio?: number; maxDepth?: number };

/** Each entry as `record` makes it from the entry and its text (or `!` and the error its bytes threw). */
async function drain<R>(entries: AsyncIterable<Entry>, problems: Problem[], record: (e: Entry, text: string) => R): Promise<Seen<R>> {
  const out: Seen<R> = { entries: [], problems };
  for await (const e of entries) {
    let text: string;
    try {
      const parts: Uint8Array[] = [];
      for await (const c of e.bytes) parts.push(c);
      text = Buffer.concat(parts).toString('utf8');
    } catch (error) {
      text = `!${(error as Error).message}`;
    }
    out.entries.push(record(e, text));
  }
  return out;
}

/** Reads bytes named `name` (written under `tmp`) with both ingests: [CLI, browser]. */
export function bothIngests<R>(
  tmp: ReturnType<typeof tempFiles>,
  record: (e: Entry, text: string) => R,
): (name: string, bytes: Uint8Array, opts?: Limits) => Promise<[Seen<R> | string, Seen<R> | string]> {
  return async (name, bytes, opts = {}) => {
    const path = await tmp.write(name, bytes);
    const refused = (e: Error): string | Promise<never> => (e instanceof BundleError ? `BundleError: ${e.message}` : Promise.reject(e));
    const cli = await openBundle(path, opts).then((b) => drain(b.entries, b.problems, record), refused);
    const file = new File([new Uint8Array(bytes)], name, { lastModified: statSync(path).mtime.getTime() });
    const web = await openBlob(file, name, opts).then((b) => drain(b.entries, b.problems, record), refused);
    return [cli, web];
  };
}
