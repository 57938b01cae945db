// The level column of a log header (`INFO`, `Warning`, ...) read in place: no regex, no slice (it runs on every line).
import type { Level } from '../model.js';

/** A format's level words and the level each stands for, e.g. `[['INFO', 'info'], ['WARNING', 'warning']]`. */
export type LevelWords = readonly (readonly [word: string, level: Level])[];

/** Reads one of `words` at `s[i..]`: sets `out.level` and returns the index after the word, or -1 when none is there. */
export function levelWordAt(s: string, i: number, words: LevelWords, out: { level: Level }): number {
  const first = s.charCodeAt(i);
  for (const [word, level] of words) {
    if (word.charCodeAt(0) === first && s.startsWith(word, i)) {
      out.level = level;
      return i + word.length;
    }
  }
  return -1;
}
