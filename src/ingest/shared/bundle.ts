// The top level of a bundle, shared by the CLI and the browser: the expansion context from the
// options, the "not what its name says" errors, and the end-of-iteration bookkeeping. No Node APIs.
import type { Entry, Problem } from '../../model.js';
import { BundleError } from '../errors.js';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_EXPANDED_BYTES, DEFAULT_MAX_RATIO, Limits } from '../limits.js';
import type { ChunkBody } from './body.js';
import { nameHint, sniff } from './detect.js';
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
