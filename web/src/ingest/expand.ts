// Members -> entries: paths normalised, gzip members decompressed, nested archives opened in place.
// The browser twin of src/ingest/expand.ts (same rules and messages, with the browser's readers).
import type { Entry, Problem } from '../../../src/model.js';
import { describeArchiveError } from '../../../src/ingest/errors.js';
import type { Limits } from '../../../src/ingest/limits.js';
import { joinPath, normalizePath } from '../../../src/ingest/paths.js';
import { Body, coalesce } from './body.js';
import type { Member } from './body.js';
import { gunzip } from './codec.js';
import { SNIFF_BYTES, archiveKind, nameHint, sniff } from './detect.js';
import { tarMembers } from './tar.js';
import { zipStreamMembers } from './zip-stream.js';

export interface ExpandContext {
  limits: Limits;
  maxDepth: number;
  problems: Problem[];
}

function rest(message: string): string {
  return message.startsWith('expansion ratio') ? `${message}; rest of the archive skipped` : message;
}

/**
 * Entries of a container. `where` names the container in problems; `prefix` goes before the member
 * paths ('' for the bundle itself); `depth` is the container's nesting depth (0: the bundle).
 * Never throws: a broken container ends with a problem, its earlier entries kept.
 */
export async function* expandMembers(
  ctx: ExpandContext,
  members: AsyncGenerator<Member, void, undefined>,
  where: string,
  prefix: string,
  depth: number,
): AsyncGenerator<Entry, void, undefined> {
  try {
    for (;;) {
      if (ctx.limits.exhausted) return;
      let r: IteratorResult<Member, void>;
      try {
        r = await members.next();
      } catch (e) {
        if (e !== ctx.limits.exhausted) ctx.problems.push({ path: where, message: rest(describeArchiveError(e)) });
        return;
      }
      if (r.done) return;
      const m = r.value;
      yield* expandMember(ctx, m, prefix, depth);
      const broken = await m.body.discard();
      if (broken) {
        if (!ctx.limits.exhausted) ctx.problems.push({ path: where, message: rest(describeArchiveError(broken)) });
        return;
      }
    }
  } finally {
    await members.return();
  }
}

/** The entries one member stands for: none, itself, or the members of the archive it holds. */
export async function* expandMember(ctx: ExpandContext, m: Member, prefix: string, depth: number): AsyncGenerator<Entry, void, undefined> {
  const path = joinPath(prefix, normalizePath(m.name));
  switch (m.type) {
    case 'file':
      break;
    case 'symlink':
      ctx.problems.push({ path, message: `symbolic link not followed${m.linkname ? ` (-> ${m.linkname})` : ''}` });
      return;
    case 'link':
      ctx.problems.push({ path, message: `hard link not followed${m.linkname ? ` (-> ${m.linkname})` : ''}` });
      return;
    case 'unreadable':
      ctx.problems.push({ path, message: m.message ?? 'cannot read' });
      return;
    default:
      return; // folders, devices, fifos
  }
  if (path === '' || path === prefix) {
    ctx.problems.push({ path: prefix || m.name, message: `member with an unusable name skipped: ${JSON.stringify(m.name)}` });
    return;
  }

  const hint = nameHint(path);
  let magic = sniff(await m.body.peek(SNIFF_BYTES));
  let content: Body = m.body;
  if (magic === 'gzip' || hint === 'gz' || hint === 'tgz') {
    content = gunzip(m.body, ctx.limits);
    magic = sniff(await content.peek(SNIFF_BYTES));
  }
  let finished = false;
  try {
    const kind = archiveKind(magic, hint);
    if (kind) {
      if (depth + 1 > ctx.maxDepth) {
        ctx.problems.push({ path, message: `nested archive too deep, not opened (limit --max-depth ${ctx.maxDepth})` });
      } else {
        const members = kind === 'tar' ? tarMembers(content) : zipStreamMembers(content, ctx.limits);
        yield* expandMembers(ctx, members, path, path, depth + 1);
      }
    } else {
      // Joined into large chunks: the parser is chosen from the first one, as in the CLI.
      const bytes = new Body(coalesce(content[Symbol.asyncIterator]()));
      yield { path, size: m.size, ...(m.mtime ? { mtime: m.mtime } : {}), bytes };
    }
    finished = true;
  } finally {
    if (finished) await content.discard();
    else content.close(); // the consumer left the whole iteration
  }
}
