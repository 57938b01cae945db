// The level of a plain text log line: a level word right after the time (`ERROR`, `[Warn]`, `Info:`), a `level=` key,
// an upper-case level column near the start, else keywords (error/failed/exception -> error, warn -> warning).
import type { Level } from '../../model.js';

/** An upper-case level column near the start of the message (`- INFO -`, `ERROR`, `[WARN]`). */
const RE_LEVEL_COLUMN = /\b(ERROR|ERR|FATAL|CRITICAL|CRIT|PANIC|SEVERE|WARNING|WARN|INFO|NOTICE|DEBUG|TRACE|VERBOSE)\b/;
const RE_KEY_ERROR = /\b(?:ERROR|Error|error|FATAL|Fatal|fatal|CRITICAL|Critical|[Ff]ailed|FAILED|[Ee]xception|Traceback|[Pp]anic)\b/;
const RE_KEY_WARNING = /\b(?:WARN|WARNING|Warn|Warning|warn|warning)\b/;
const LEVEL_COLUMN_SPAN = 48;

/** ERROR/ERR/FATAL/CRITICAL/CRIT/PANIC/SEVERE, WARN/WARNING, INFO/INFORMATION/NOTICE, DEBUG/TRACE/VERBOSE (any case). */
const LEVEL_WORDS: ReadonlyMap<string, Level> = new Map<string, Level>([
  ['error', 'error'],
  ['err', 'error'],
  ['fatal', 'error'],
  ['critical', 'error'],
  ['crit', 'error'],
  ['panic', 'error'],
  ['severe', 'error'],
  ['warn', 'warning'],
  ['warning', 'warning'],
  ['info', 'info'],
  ['information', 'info'],
  ['notice', 'info'],
  ['debug', 'verbose'],
  ['trace', 'verbose'],
  ['verbose', 'verbose'],
]);

/** The level a word names, or undefined. */
export function levelWord(word: string): Level | undefined {
  if (word.length < 3 || word.length > 11) return undefined;
  return LEVEL_WORDS.get(word.toLowerCase());
}

/** Blank, tab and the punctuation writers put between columns: `-`, `|`, `:`, `,`. */
export function isSeparator(c: number): boolean {
  return c === 32 || c === 9 || c === 45 || c === 124 || c === 58 || c === 44;
}

/** End of the run of ASCII letters at `p` (at most `max`). */
export function lettersEnd(s: string, p: number, max = 12): number {
  let w = p;
  while (w < s.length && w - p < max) {
    const c = s.charCodeAt(w);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
    w++;
  }
  return w;
}

/**
 * A level word at `p` written as a column (`ERROR msg`, `[Warning] msg`, `Info: msg`): sets `out.level` and returns
 * the index where the message starts after it; -1 when there is none.
 */
export function levelColumnAt(s: string, p: number, out: { level: Level }): number {
  const bracket = s.charCodeAt(p) === 91;
  const q = bracket ? p + 1 : p;
  let w = lettersEnd(s, q);
  if (w === q || !(w === s.length || s.charCodeAt(w) === 32 || s.charCodeAt(w) === 58 || s.charCodeAt(w) === 93)) return -1;
  const level = levelWord(s.slice(q, w));
  if (level === undefined) return -1;
  if (s.charCodeAt(w) === 93 || s.charCodeAt(w) === 58) w++;
  while (w < s.length && isSeparator(s.charCodeAt(w))) w++;
  out.level = level;
  return w;
}

/** The value of `level=` (quotes allowed) as a level, if any. */
function levelKey(s: string): Level | undefined {
  const at = s.indexOf('level=');
  if (at < 0 || (at > 0 && s.charCodeAt(at - 1) !== 32)) return undefined;
  let i = at + 6;
  if (s.charCodeAt(i) === 34) i++;
  return levelWord(s.slice(i, lettersEnd(s, i)));
}

/** The level of a message whose line names none as a column: `level=`, an upper-case column, else keywords. */
export function messageLevel(msg: string): Level {
  const key = levelKey(msg);
  if (key !== undefined) return key;
  const m = RE_LEVEL_COLUMN.exec(msg.length > LEVEL_COLUMN_SPAN ? msg.slice(0, LEVEL_COLUMN_SPAN) : msg);
  const column = m !== null ? levelWord(m[1]!) : undefined;
  if (column !== undefined) return column;
  return keywordLevel(msg);
}

/** error/failed/exception -> error, warn -> warning, else info. */
export function keywordLevel(msg: string): Level {
  return RE_KEY_ERROR.test(msg) ? 'error' : RE_KEY_WARNING.test(msg) ? 'warning' : 'info';
}
