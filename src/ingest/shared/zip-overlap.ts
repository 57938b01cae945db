// Zip central-directory entries whose data overlaps another entry's: the "overlapping" zip bomb (thousands of
// entries pointing at the same stored or deflated data, a few MB that read as many GB). No real zip writer
// makes them, so such entries are refused, each listed as a problem. Shared by the CLI and the browser, which
// read a zip on disk (or a dropped File) through its central directory the same way. No Node APIs here.
import type { Problem } from '../../model.js';
import type { MemberOf } from './body.js';

/** Where an entry's data lies, from its central-directory record. */
export interface ZipExtent {
  /** Offset of the entry's local header. */
  offset: number;
  /** Stored (compressed) size of its data. */
  compressed: number;
}

/** A local header is at least this long (without its name and extra field). */
const LOCAL_HEADER = 30;
/** Overlapping entries listed one by one; past that, one problem says how many more there are. */
export const OVERLAPS_LISTED = 10;

const OVERLAP_MESSAGE = 'zip entry overlaps the data of another member (an overlapping zip bomb), not read';

export function overlapSummary(more: number): string {
  return `${more} more zip entries overlap the data of other members (an overlapping zip bomb), not read`;
}

/**
 * The indexes (ascending) of the entries to refuse: each one whose local header starts inside what an entry
 * before it (by offset; at equal offsets, by central-directory order) takes at least: its local header and its
 * data. The first of overlapping entries is read, the others not, so no byte is read twice.
 */
export function overlappingEntries(entries: readonly ZipExtent[]): number[] {
  const order = entries.map((_, i) => i).sort((a, b) => entries[a]!.offset - entries[b]!.offset || a - b);
  const out: number[] = [];
  let end = -1;
  for (const i of order) {
    const e = entries[i]!;
    if (e.offset < end) out.push(i);
    else end = e.offset + LOCAL_HEADER + e.compressed;
  }
  return out.sort((a, b) => a - b);
}

/** What a reader of the central directory does with each entry. */
export interface OverlapPlan {
  /** 'read' it, list it as a problem ('listed', with OVERLAP_MESSAGE), or leave it out silently ('dropped'). */
  verdict(index: number): 'read' | 'listed' | 'dropped';
  /** The one problem message counting the dropped entries (for the zip itself, after its members), if any. */
  summary: string | undefined;
}

/** The first OVERLAPS_LISTED entries refused are listed one by one; the rest are counted in one problem. */
export function overlapPlan(entries: readonly ZipExtent[]): OverlapPlan {
  const refused = overlappingEntries(entries);
  if (refused.length === 0) return { verdict: () => 'read', summary: undefined };
  const listed = new Set(refused.slice(0, OVERLAPS_LISTED));
  const dropped = new Set(refused.slice(OVERLAPS_LISTED));
  return {
    verdict: (i) => (listed.has(i) ? 'listed' : dropped.has(i) ? 'dropped' : 'read'),
    summary: dropped.size > 0 ? overlapSummary(dropped.size) : undefined,
  };
}

/** What the central-directory readers tell of an entry before it is read. */
export interface DirectoryRecord extends ZipExtent {
  name: string;
  /** Size as stored (uncompressed). */
  size: number;
}

/**
 * The members of a zip read through its central directory, in its order, each made by `read` (which opens its data
 * only when it is read). Overlapping entries are not read: the first OVERLAPS_LISTED are members of type
 * `unreadable` (with an `empty()` body), the count of the rest one problem on `where` at the end.
 */
export async function* centralDirectoryMembers<E, B>(
  entries: readonly E[],
  record: (e: E) => DirectoryRecord,
  read: (e: E) => MemberOf<B>,
  empty: () => B,
  where: string,
  problems: Problem[],
): AsyncGenerator<MemberOf<B>, void, undefined> {
  const records = entries.map(record);
  const plan = overlapPlan(records);
  for (const [index, e] of entries.entries()) {
    const verdict = plan.verdict(index);
    if (verdict === 'read') yield read(e);
    else if (verdict === 'listed') yield { name: records[index]!.name, type: 'unreadable', message: OVERLAP_MESSAGE, size: records[index]!.size, body: empty() };
  }
  if (plan.summary) problems.push({ path: where, message: plan.summary });
}
