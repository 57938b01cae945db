// Members -> entries: paths normalised, gzip members decompressed, nested archives opened in place.
// The walk, its depth and limit rules and its problem wording, shared by the CLI and the browser; the
// platform's readers (gzip, tar, zip) come in through ExpandReaders. No Node APIs here.
import type { DetachedGzip, Entry, Problem } from '../../model.js';
import { describeArchiveError } from '../errors.js';
import { LimitError, NESTED_STOP, type Limits, type NestedArchive } from '../limits.js';
import { joinPath, leavesBundle, normalizePath } from '../paths.js';
import type { ChunkBody, MemberOf } from './body.js';
import { SNIFF_BYTES, archiveKind, nameHint, sniff } from './detect.js';

type AnyBody = ChunkBody<any>;

/** The platform's container readers, over its own Body type. */
export interface ExpandReaders<B extends AnyBody> {
  gunzip(body: B, limits: Limits): B;
  tarMembers(body: B): AsyncGenerator<MemberOf<B>, void, undefined>;
  /** A zip's members in stored order, from its local headers (a zip on standard input, or one cut short). */
  zipStreamMembers(body: B, limits: Limits): AsyncGenerator<MemberOf<B>, void, undefined>;
  /** The members of a zip inside the bundle (`where`), read as the platform reads it best. */
  nestedZipMembers(body: B, limits: Limits, where: string, problems: Problem[]): AsyncGenerator<MemberOf<B>, void, undefined>;
  /** The bytes handed over for a plain file, from its (decompressed) content. */
  entryBytes(content: B): AsyncIterable<Uint8Array>;
}

export interface ExpandContext<B extends AnyBody> {
  limits: Limits;
  /** Offer gzip members up to this compressed size whole as `Entry.gzip` (0 or absent: never). */
  detachGzipUpTo?: number;
  maxDepth: number;
  problems: Problem[];
  readers: ExpandReaders<B>;
  /** Every path given to a file or a nested archive so far: a member whose path is taken is renamed. */
  paths: Set<string>;
}

function detachedGzip(ctx: ExpandContext<AnyBody>, compressed: Uint8Array): DetachedGzip {
  const { limits } = ctx;
  // Inflated later (by a worker), against the archives it is in.
  const within = limits.openArchives();
  return {
    compressed,
    maxRatio: limits.maxRatio,
    account: (expanded) => {
      try {
        limits.count(expanded, 0, undefined, within);
        return undefined;
      } catch (error) {
        // The limit is now marked as hit: the walk stops at the next entry and says so.
        return error instanceof Error ? error.message : String(error);
      }
    },
  };
}

function rest(message: string): string {
  return message.startsWith('expansion ratio') ? `${message}; rest of the archive skipped` : message;
}

/**
 * Entries of a container. `where` names the container in problems; `prefix` goes before the member
 * paths ('' for the bundle itself); `depth` is the nesting depth of the container (0: the bundle).
 * Never throws: a broken container ends with a problem, its earlier entries kept.
 */
export async function* expandMembers<B extends AnyBody>(
  ctx: ExpandContext<B>,
  members: AsyncGenerator<MemberOf<B>, void, undefined>,
  where: string,
  prefix: string,
  depth: number,
  /** The nested archive these members are of (`Limits.open`): once it has expanded past its share, the rest is skipped. */
  archive?: NestedArchive,
): AsyncGenerator<Entry, void, undefined> {
  /**
   * Said once, for the archive, whichever read met the limit first; what the readers of archives inside it said of
   * the same stop goes (the entry being read when it came keeps its own problem).
   */
  let said = false;
  const stopped = (): boolean => {
    if (!archive?.stopped) return false;
    if (!said) {
      said = true;
      for (let i = ctx.problems.length - 1; i >= 0; i--) {
        const p = ctx.problems[i]!;
        if (p.path.startsWith(`${where}/`) && p.message.startsWith(NESTED_STOP)) ctx.problems.splice(i, 1);
      }
      ctx.problems.push({ path: where, message: `${archive.stopped.message}; rest of the archive skipped` });
    }
    return true;
  };
  /** A nested archive's stop, met while this one was not stopped: an archive this one is in says so. */
  const outerStop = (e: unknown): boolean => e instanceof LimitError && e.message.startsWith(NESTED_STOP);
  try {
    for (;;) {
      // An archive this one is in went past its share: that archive says so when the walk is back in it.
      if (ctx.limits.exhausted || stopped() || ctx.limits.insideStopped()) return;
      let r: IteratorResult<MemberOf<B>, void>;
      try {
        r = await members.next();
      } catch (e) {
        if (e !== ctx.limits.exhausted && !stopped() && !outerStop(e)) ctx.problems.push({ path: where, message: rest(describeArchiveError(e)) });
        return;
      }
      if (r.done) return;
      const m = r.value;
      yield* expandMember(ctx, m, prefix, depth, where);
      if (stopped() || ctx.limits.insideStopped()) return;
      const broken = await m.body.discard();
      if (broken) {
        // The container cannot go on past this member (truncated, or a bomb it cannot skip).
        if (!ctx.limits.exhausted && !stopped() && !outerStop(broken)) ctx.problems.push({ path: where, message: rest(describeArchiveError(broken)) });
        return;
      }
    }
  } finally {
    await members.return();
  }
}

/**
 * The path a file member (or a nested archive) is read under, claimed in `ctx.paths`: its normalised name, with
 * a problem when the name had to be rewritten to stay inside the bundle (`../../etc/x`, `/etc/x`, `C:\x`);
 * renamed `duplicate-N/<path>` (inside the same container, the file name kept for the parsers) with a problem
 * when an earlier member already has that path (two names made the same, or a name stored twice): nothing is
 * read over, nothing is lost.
 */
function claimPath(ctx: ExpandContext<AnyBody>, name: string, prefix: string, inner: string): string {
  let path = joinPath(prefix, inner);
  if (leavesBundle(name)) ctx.problems.push({ path, message: `name ${JSON.stringify(name)} rewritten to stay inside the bundle` });
  if (ctx.paths.has(path)) {
    const taken = path;
    for (let n = 2; ctx.paths.has(path); n++) path = joinPath(prefix, `duplicate-${n}/${inner}`);
    ctx.problems.push({ path, message: `member ${JSON.stringify(name)} has the same path as an earlier member (${taken}): renamed to keep both` });
  }
  ctx.paths.add(path);
  return path;
}

/** The entries one member stands for: none, itself, or the members of the archive it holds. */
export async function* expandMember<B extends AnyBody>(
  ctx: ExpandContext<B>,
  m: MemberOf<B>,
  prefix: string,
  depth: number,
  /** The container's name in problems (the bundle's own name at the top). */
  where = prefix,
): AsyncGenerator<Entry, void, undefined> {
  const inner = normalizePath(m.name);
  let path = joinPath(prefix, inner);
  // A name that is no path inside the bundle ('', '..', '/'): what is said of the member is filed under its container.
  const unusable = path === '' || path === prefix;
  const said = unusable ? where || prefix : path;
  switch (m.type) {
    case 'file':
      break;
    case 'symlink':
      ctx.problems.push({ path: said, message: `symbolic link not followed${m.linkname ? ` (-> ${m.linkname})` : ''}` });
      return;
    case 'link':
      ctx.problems.push({ path: said, message: `hard link not followed${m.linkname ? ` (-> ${m.linkname})` : ''}` });
      return;
    case 'unreadable':
      ctx.problems.push({ path: said, message: m.message ?? 'cannot read' });
      return;
    case 'special':
      ctx.problems.push({ path: said, message: `${m.message ?? 'special file'} not read (not a regular file)` });
      return;
    default:
      return; // folders
  }
  if (unusable) {
    ctx.problems.push({ path: said, message: `member with an unusable name skipped: ${JSON.stringify(m.name)}` });
    return;
  }
  path = claimPath(ctx, m.name, prefix, inner);

  const { readers } = ctx;
  const hint = nameHint(path);
  let magic = sniff(await m.body.peek(SNIFF_BYTES));
  let content: B = m.body;
  let detached: Uint8Array | undefined;
  if (magic === 'gzip' && ctx.detachGzipUpTo && m.size > 0 && m.size <= ctx.detachGzipUpTo) {
    // The whole member, left in place for the gunzip below: a reader that takes it never inflates past the head.
    // One byte more is asked for: a member longer than its header says (a lying zip size, a growing file) is not
    // cut short, it is streamed as usual.
    const whole = await m.body.peek(m.size + 1);
    if (whole.length === m.size) detached = whole;
  }
  if (magic === 'gzip' || hint === 'gz' || hint === 'tgz') {
    content = readers.gunzip(m.body, ctx.limits);
    magic = sniff(await content.peek(SNIFF_BYTES));
  }
  let finished = false;
  try {
    const kind = archiveKind(magic, hint);
    if (kind) {
      if (depth + 1 > ctx.maxDepth) {
        ctx.problems.push({ path, message: `nested archive too deep, not opened (limit --max-depth ${ctx.maxDepth})` });
      } else {
        // Everything this archive expands to, every level, is judged against its own size (Limits.open).
        const archive = ctx.limits.open(m.size);
        try {
          const members = kind === 'tar' ? readers.tarMembers(content) : readers.nestedZipMembers(content, ctx.limits, path, ctx.problems);
          yield* expandMembers(ctx, members, path, path, depth + 1, archive);
        } finally {
          ctx.limits.close(archive);
        }
      }
    } else {
      const gzip = detached ? detachedGzip(ctx, detached) : undefined;
      yield { path, size: m.size, ...(m.mtime ? { mtime: m.mtime } : {}), bytes: readers.entryBytes(content), ...(gzip ? { gzip } : {}) };
    }
    finished = true;
  } finally {
    if (finished) await content.discard();
    else content.close(); // the consumer left the whole iteration
  }
}
