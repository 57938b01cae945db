// Locating the event an evidence line points at.
import type { EventTable } from '../../timeline/events.js';

/** The event an evidence line points at: the same path and line (or record), else the entry that holds that line. */
export function findEvent(t: EventTable, path: string, line: number | undefined, record: number | undefined): number {
  const pathId = t.pathNames.indexOf(path);
  if (pathId < 0) return -1;
  let best = -1;
  for (let i = 0; i < t.count; i++) {
    if (t.paths[i] !== pathId) continue;
    if (line !== undefined && line > 0) {
      if (t.lines[i] === line) return i;
      if (t.lines[i]! < line && (best < 0 || t.lines[i]! > t.lines[best]!)) best = i;
    } else if (record !== undefined && t.records[i] === record) return i;
  }
  return best;
}
