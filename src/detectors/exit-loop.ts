// The handler's crash loop: LOOP_EXITS exits within LOOP_WINDOW_MS, decided as the exits arrive in bounded memory.
import { setBounded } from '../bounded.js';

/** Crash-loop threshold: this many exits of the handler within the window. */
export const LOOP_EXITS = 3;
export const LOOP_WINDOW_MS = 6 * 3_600_000;

/**
 * Window-wide cells of exit times kept; past this the oldest cell goes. Until a loop is found a cell holds at most
 * LOOP_EXITS - 1 times, so this is exits spread over 1,000 days of 6-hour windows: no bundle's logs span that.
 */
export const MAX_EXIT_CELLS = 4096;

/**
 * Whether LOOP_EXITS of the handler's exit times (in any order) fall within LOOP_WINDOW_MS, in bounded memory:
 * keeping every exit to sort at the end grew with the log. Three times within a window lie in two adjacent cells a
 * window wide, so each new time is checked against its cell and the two beside it; once a loop is found only the
 * count goes on.
 */
export class ExitLoop {
  count = 0;
  loop = false;
  private readonly cells = new Map<number, number[]>();

  add(time: number): void {
    this.count++;
    if (this.loop || !Number.isFinite(time)) return;
    const key = Math.floor(time / LOOP_WINDOW_MS);
    let cell = this.cells.get(key);
    if (cell === undefined) setBounded(this.cells, key, (cell = []), MAX_EXIT_CELLS);
    cell.push(time);
    const near = [...(this.cells.get(key - 1) ?? []), ...cell, ...(this.cells.get(key + 1) ?? [])].sort((a, b) => a - b);
    if (isLoop(near, LOOP_WINDOW_MS)) {
      this.loop = true;
      this.cells.clear();
    }
  }

  /** Exit times held (for tests of the bound). */
  get kept(): number {
    let n = 0;
    for (const cell of this.cells.values()) n += cell.length;
    return n;
  }
}

/** Whether LOOP_EXITS of the sorted times fall within `windowMs`. */
export function isLoop(sortedTimes: number[], windowMs: number): boolean {
  return sortedTimes.some((t, i) => i + LOOP_EXITS - 1 < sortedTimes.length && sortedTimes[i + LOOP_EXITS - 1]! - t <= windowMs);
}
