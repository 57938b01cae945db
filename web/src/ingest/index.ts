// Browser ingest: a File (or any Blob) as ONE stream of entries, the same stream the CLI's ingest gives
// the engine: .tgz/.tar.gz/.tar/.zip or a single file; nested archives and gzip members opened in place.
// Everything is streamed from the Blob (a zip is read by random access), never loaded whole.
import type { BundleKind, Entry, Problem } from '../../../src/model.js';
import { newContext, notWhatItSays, readCounter, streamEntries, topLevel, zipFileEntries } from '../../../src/ingest/shared/bundle.js';
import { GZIP_SNIFF_BYTES, detectTopWith } from '../../../src/ingest/shared/detect.js';
import type { TopKind } from '../../../src/ingest/shared/detect.js';
import type { Body, Member } from './body.js';
import { gunzipProbe, readsWholeBlob } from './codec.js';
import { browserReaders } from './expand.js';
import type { ExpandContext } from './expand.js';
import { blobBody, blobBytes } from './reader.js';
import { readZipDirectory, zipFileMembers } from './zip-file.js';

export { BundleError } from '../../../src/ingest/errors.js';

export interface BlobIngestOptions {
  maxExpandedBytes?: number;
  maxRatio?: number;
  maxDepth?: number;
  /** Bytes of the Blob read so far (for a progress bar). */
  onBytesRead?(n: number): void;
}

/** What `analyze()` takes (BundleInput in src/analyze.ts). */
export interface BrowserBundle {
  name: string;
  kind: BundleKind;
  sizeBytes(): number;
  /** One pass only: entries come one at a time; an entry left unread is skipped when the next is asked for. */
  entries: AsyncIterable<Entry>;
  /** Archive-level problems, pushed while iterating. */
  problems: Problem[];
}

/** What the whole input is: magic first, name second; a gzip is a tgz when what it holds starts like a tar. */
export function detectTop(head: Uint8Array, name: string): TopKind {
  return detectTopWith(head, name, gunzipProbe);
}

/** Opens `file` (named `name`, e.g. File.name) as a bundle. Throws a BundleError when it is not what its name says. */
export async function openBlob(file: Blob, name: string, opts: BlobIngestOptions = {}): Promise<BrowserBundle> {
  const ctx: ExpandContext = newContext(opts, browserReaders);
  ctx.limits.inputBytes = file.size; // the whole bundle's ratio: against its size
  const problems = ctx.problems;
  const onRead = readCounter(file.size, opts.onBytesRead);
  const head = await blobBytes(file, 0, Math.min(file.size, GZIP_SNIFF_BYTES));
  const kind = detectTop(head, name);
  if (kind === 'file' || kind === 'empty') {
    const wrong = notWhatItSays(name, head);
    if (wrong) throw wrong;
  }
  const member: Omit<Member, 'body'> = {
    name,
    type: 'file',
    size: file.size,
    ...(file instanceof File ? { mtime: new Date(file.lastModified) } : {}),
  };
  let body: Body | undefined;
  // The whole File from its start: gzip in it can be inflated natively, and read again should that fail.
  const open = (): Body => (body = readsWholeBlob(blobBody(file, onRead), file));

  const inner = (): AsyncGenerator<Entry, void, undefined> =>
    kind === 'zip'
      ? zipFileEntries(ctx, name, async () => zipFileMembers(file, await readZipDirectory(file, onRead), ctx.limits, name, problems), open)
      : streamEntries(ctx, kind, open(), name, member);
  const bundleKind: BundleKind = kind === 'empty' ? 'file' : kind;
  const entries = topLevel(ctx, name, inner, () => body?.close());
  return { name, kind: bundleKind, sizeBytes: () => file.size, entries, problems };
}
