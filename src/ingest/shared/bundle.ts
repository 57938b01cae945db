// The top level of a bundle, shared by the CLI and the browser: the expansion context from the
// options, the "not what its name says" errors, and the end-of-iteration bookkeeping. No Node APIs.
import type { Entry, Problem } from '../../model.js';
import { BundleError, describeArchiveError } from '../errors.js';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_EXPANDED_BYTES, DEFAULT_MAX_RATIO, Limits } from '../limits.js';
import type { ChunkBody, MemberOf } from './body.js';
import { nameHint, sniff } from './detect.js';
import type { TopKind } from './detect.js';
import { expandMember, expandMembers } from './expand.js';
import type { ExpandContext, ExpandReaders } from './expand.js';

export interface LimitOptions {
  maxExpandedBytes?: number;
  maxRatio?: number;
  maxDepth?: number;
}

export function newContext<B extends ChunkBody<any>>(opts: LimitOptions, readers: ExpandReaders<B>): ExpandContext<B> {
  return {
    limits: new Limits(opts.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES, opts.maxRatio ?? DEFAULT_MAX_RATIO),
    maxDepth: opts.maxDepth ?? DEFAULT_MAX_DEPTH,
    problems: [] as Problem[],
    readers,
    paths: new Set<string>(),
  };
}

/**
 * The error for an input that is named as an archive but does not start like one (null: not named so), from
 * its first bytes `head`. A gzip named .tgz that holds no tar is read as the gzipped file it is (null).
 */
export function notWhatItSays(name: string, head: Uint8Array): BundleError | null {
  const reason = head.length === 0 ? 'the file is empty' : undefined;
  switch (nameHint(name)) {
    case 'tgz':
      if (sniff(head) === 'gzip') return null;
      return new BundleError(`${name}: not a gzip file (${reason ?? 'a .tgz/.tar.gz must start with the gzip bytes 1f 8b'})`);
    case 'zip':
      return new BundleError(`${name}: not a zip archive (${reason ?? 'no PK signature at the start'})`);
    case 'tar':
      return new BundleError(`${name}: not a tar archive (${reason ?? 'no tar header at the start'})`);
    default:
      return null;
  }
}

/**
 * Counts the input's bytes as they are read, for a progress bar, never past `size`: readers may look a little past
 * a member's end, and a zip's central directory and local headers are read besides its members' data.
 */
export function readCounter(size: number, report?: (n: number) => void): (n: number) => void {
  let read = 0;
  return (n) => {
    const add = Math.max(0, Math.min(n, size - read));
    read += add;
    if (add > 0) report?.(add);
  };
}

/** Pushes the one "remaining entries skipped" problem, and releases the input, however iteration ends. */
export async function* topLevel(
  ctx: { limits: Limits; problems: Problem[] },
  name: string,
  inner: () => AsyncGenerator<Entry, void, undefined>,
  close: () => void,
): AsyncGenerator<Entry, void, undefined> {
  try {
    yield* inner();
  } finally {
    close();
    const skipped = ctx.limits.skipMessage();
    if (skipped) ctx.problems.push({ path: name, message: skipped });
  }
}

/** The entries of a whole input read as a stream, sniffed as `kind` (the bundle's members get no prefix). */
export function streamEntries<B extends ChunkBody<any>>(
  ctx: ExpandContext<B>,
  kind: TopKind,
  body: B,
  name: string,
  member: Omit<MemberOf<B>, 'body'>,
): AsyncGenerator<Entry, void, undefined> {
  const { readers, limits } = ctx;
  switch (kind) {
    case 'tgz':
      return expandMembers(ctx, readers.tarMembers(readers.gunzip(body, limits)), name, '', 0);
    case 'tar':
      return expandMembers(ctx, readers.tarMembers(body), name, '', 0);
    case 'zip':
      return expandMembers(ctx, readers.zipStreamMembers(body, limits), name, '', 0);
    default:
      return expandMember(ctx, { ...member, body }, '', 0);
  }
}

/**
 * The entries of a zip file named `name`: through its central directory (`directory` reads it and gives the
 * members), or, when it cannot be read (a zip cut short), in stored order from `stored()`, its bytes, saying so.
 */
export async function* zipFileEntries<B extends ChunkBody<any>>(
  ctx: ExpandContext<B>,
  name: string,
  directory: () => Promise<AsyncGenerator<MemberOf<B>, void, undefined>>,
  stored: () => B,
): AsyncGenerator<Entry, void, undefined> {
  let members: AsyncGenerator<MemberOf<B>, void, undefined>;
  try {
    members = await directory();
  } catch (e) {
    ctx.problems.push({ path: name, message: `zip central directory unreadable (${describeArchiveError(e)}); reading the members in stored order` });
    yield* expandMembers(ctx, ctx.readers.zipStreamMembers(stored(), ctx.limits), name, '', 0);
    return;
  }
  yield* expandMembers(ctx, members, name, '', 0);
}
