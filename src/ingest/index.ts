// Ingest: a bundle (.tgz/.tar.gz/.tar/.zip, a folder, a single file, or `-` for stdin) as ONE stream of
// entries. Nested archives and gzip members are opened in place and streamed, never extracted to disk.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { BundleKind, Entry, Problem } from '../model.js';
import { Body, CHUNK, chunksOf, noop } from './body.js';
import { GZIP_SNIFF_BYTES, detectTop } from './detect.js';
import { dirMembers, walkDir } from './dir.js';
import { BundleError, describeFsError } from './errors.js';
import { cliReaders, expandMembers } from './expand.js';
import type { ExpandContext } from './expand.js';
import { newContext, notWhatItSays, readCounter, streamEntries, topLevel, zipFileEntries } from './shared/bundle.js';
import { openZipFile, zipFileMembers } from './zip.js';

export { BundleError } from './errors.js';
export { LimitError, DEFAULT_MAX_DEPTH, DEFAULT_MAX_EXPANDED_BYTES, DEFAULT_MAX_RATIO } from './limits.js';
export { normalizePath } from './paths.js';

export interface IngestOptions {
  /** Total bytes expanded over the whole bundle, stored zip members included; default 16 GiB (see ./limits.ts). */
  maxExpandedBytes?: number;
  /**
   * Max expanded/compressed ratio of one compressed stream, judged from 8 MiB expanded, and of the whole bundle
   * (all it expands to against its size), judged from 64 MiB; default 1000.
   */
  maxRatio?: number;
  /** Nested archive depth (an archive inside the bundle is depth 1); default 4. */
  maxDepth?: number;
  /** Offer gzip members up to this compressed size whole (`Entry.gzip`), for parallel readers. */
  detachGzipUpTo?: number;
  /** Raw input bytes read from disk/stdin (for a progress bar). */
  onBytesRead?(n: number): void;
  /** The stream read for '-' (defaults to process.stdin). */
  stdin?: NodeJS.ReadableStream;
}

export interface Bundle {
  /** Basename of the input, or 'stdin'. */
  name: string;
  kind: BundleKind;
  /** Size on disk (files of a folder summed); for stdin, the bytes read so far. */
  sizeBytes: number;
  /** One pass only. Entries come one at a time; an entry left unread is skipped when the next is asked for. */
  entries: AsyncIterable<Entry>;
  /** Archive-level problems, pushed while iterating. */
  problems: Problem[];
}

/** The raw bytes of a file, counted as they are read. Discarding closes it (nothing after it depends on it). */
function fileBody(path: string, onRead: (n: number) => void): Body {
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  stream.on('error', noop);
  const close = (): void => {
    stream.destroy();
  };
  return new Body(chunksOf(stream as AsyncIterable<Buffer>, onRead), {
    discard: async () => {
      close();
      return null;
    },
    close,
  });
}

async function readHead(path: string, n: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function openBundle(input: string, opts: IngestOptions = {}): Promise<Bundle> {
  const ctx: ExpandContext = newContext(opts, cliReaders);
  if (opts.detachGzipUpTo) ctx.detachGzipUpTo = opts.detachGzipUpTo;
  const problems = ctx.problems;

  if (input === '-') {
    const stdin = opts.stdin ?? process.stdin;
    let bytesRead = 0;
    const onRead = (n: number): void => {
      bytesRead += n;
      ctx.limits.inputBytes = bytesRead; // the whole bundle's ratio: against what stdin gave so far
      opts.onBytesRead?.(n);
    };
    const body = new Body(chunksOf(stdin as AsyncIterable<Buffer>, onRead));
    const entries = topLevel(
      ctx,
      'stdin',
      async function* () {
        const kind = detectTop(await body.peek(GZIP_SNIFF_BYTES), null);
        if (kind === 'empty') {
          problems.push({ path: 'stdin', message: 'empty input' });
          return;
        }
        yield* streamEntries(ctx, kind, body, 'stdin', { name: 'stdin', type: 'file', size: 0 });
      },
      () => (stdin as { destroy?: () => void }).destroy?.(),
    );
    return {
      name: 'stdin',
      kind: 'stdin',
      get sizeBytes() {
        return bytesRead;
      },
      problems,
      entries,
    };
  }

  let st;
  try {
    st = await stat(input);
  } catch (e) {
    throw new BundleError(`${input}: ${describeFsError(e)}`);
  }
  const name = basename(resolve(input));
  ctx.limits.inputBytes = st.size;
  const onRead = readCounter(st.size, opts.onBytesRead);

  if (st.isDirectory()) {
    let items;
    try {
      items = await walkDir(input);
    } catch (e) {
      throw new BundleError(`${input}: ${describeFsError(e)}`);
    }
    const sizeBytes = items.reduce((sum, i) => sum + i.size, 0);
    ctx.limits.inputBytes = sizeBytes;
    const dirRead = (n: number): void => opts.onBytesRead?.(n);
    return { name, kind: 'dir', sizeBytes, problems, entries: topLevel(ctx, name, () => expandMembers(ctx, dirMembers(items, dirRead), name, '', 0), noop) };
  }
  if (!st.isFile()) throw new BundleError(`${input}: not a file or folder`);

  let head: Buffer;
  try {
    head = await readHead(input, GZIP_SNIFF_BYTES);
  } catch (e) {
    throw new BundleError(`${input}: ${describeFsError(e)}`);
  }
  const kind = detectTop(head, name);
  if (kind === 'file' || kind === 'empty') {
    const wrong = notWhatItSays(name, head);
    if (wrong) throw wrong;
  }
  const bundleKind: BundleKind = kind === 'empty' ? 'file' : kind;
  const member = { name, type: 'file' as const, size: st.size, mtime: st.mtime };

  let body: Body | undefined;
  if (kind === 'zip') {
    const entries = topLevel(
      ctx,
      name,
      () =>
        zipFileEntries(
          ctx,
          name,
          async () => zipFileMembers(await openZipFile(input, onRead), ctx.limits, name, problems),
          () => (body = fileBody(input, onRead)),
        ),
      () => body?.close(),
    );
    return { name, kind: 'zip', sizeBytes: st.size, problems, entries };
  }

  const entries = topLevel(
    ctx,
    name,
    () => streamEntries(ctx, kind, (body = fileBody(input, onRead)), name, member),
    () => body?.close(),
  );
  return { name, kind: bundleKind, sizeBytes: st.size, problems, entries };
}
