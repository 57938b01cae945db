// Laying text out in a terminal of a given width: display width (wide characters take two columns, colour
// codes none) and word wrapping of styled text, so that no line of the text report is wider than the terminal.
import { terminalText } from './output-escape.js';

/** Colour codes (CSI ... m and the like) and OSC sequences (hyperlinks, titles): zero columns. */
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
/** East Asian Wide and Fullwidth blocks (Hangul, CJK, kana, fullwidth forms, CJK extensions), and emoji shown as pictures. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{16fe0}-\u{18aff}\u{1b000}-\u{1b2ff}\u{20000}-\u{2fffd}\u{30000}-\u{3fffd}]|\p{Emoji_Presentation}|\p{Extended_Pictographic}\ufe0f/u;
/** Characters that take no column of their own: combining marks, format characters, control characters. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]+$/u;

/**
 * Characters that are a grapheme cluster each, whatever stands beside them: Latin, Greek and Cyrillic letters without
 * combining marks, general punctuation, arrows, technical and box-drawing symbols, kana, CJK ideographs, Hangul
 * syllables, halfwidth and fullwidth forms; no mark, joiner, variation selector, jamo, regional indicator, astral
 * character or CR (CR LF is one cluster).
 */
const ONE_CLUSTER_EACH =
  /^[\0-\x0c\x0e-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u2190-\u23ff\u2500-\u27bf\u3000-\u3029\u3030-\u303f\u3041-\u3096\u30a0-\u30ff\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff9d]*$/;

let graphemes: Intl.Segmenter | undefined;

/**
 * The grapheme clusters of `text`. Intl.Segmenter is built only for text that needs it: building it loads ICU's break
 * rules, ~30 ms of a run, and a report's own text (its `·` and `→`) needs none.
 */
export function* clusters(text: string): Iterable<string> {
  if (ONE_CLUSTER_EACH.test(text)) {
    yield* text;
    return;
  }
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const s of graphemes.segment(text)) yield s.segment;
}

function clusterWidth(cluster: string): number {
  if (ZERO_WIDTH.test(cluster)) return 0;
  return WIDE.test(cluster) ? 2 : 1;
}

/** Columns `text` takes in a terminal: escape sequences count 0, wide characters 2. */
export function displayWidth(text: string): number {
  if (PLAIN_ASCII.test(text)) return text.length;
  const plain = text.replace(ESCAPES, '');
  if (PLAIN_ASCII.test(plain)) return plain.length;
  let width = 0;
  for (const c of clusters(plain)) width += clusterWidth(c);
  return width;
}

/**
 * The columns of `text` when they are at most `limit`, else some number above `limit`: measuring stops there, so a
 * word of a megabyte (a message quoting a whole attribute) costs what one line costs, not what the word does.
 */
function widthUpTo(text: string, limit: number): number {
  // A column takes at least one character: past `limit` columns of characters, a start of the text may decide.
  const head = text.length > 2 * (limit + 1) ? text.slice(0, 2 * (limit + 1)) : text;
  const width = displayWidth(head);
  // The start alone is wide enough, or is the whole text; else (marks of width 0) the whole text decides.
  return width > limit || head === text ? width : displayWidth(text);
}

/**
 * Tabs become spaces, line breaks stay, and every other control character (an escape sequence from the bundle, a
 * carriage return, a bidi override) is shown as an escape such as `\x1b` (output-escape.ts): a terminal would act on
 * it, and gives it no fixed width.
 */
export function printable(text: string): string {
  return PLAIN_ASCII.test(text) ? text : terminalText(text);
}

/** The longest start of `text` at most `columns` wide (at least one character, so that progress is made). */
function fitStart(text: string, columns: number): string {
  // Segmenting reads the whole string it is given: give it a start a line's width can come from (marks of width 0
  // aside, which make the whole text decide).
  if (text.length > 2 * (columns + 1)) {
    const start = fitStart(text.slice(0, 2 * (columns + 1)), columns);
    if (displayWidth(start) >= columns || start.length < 2 * (columns + 1)) return start;
  }
  if (PLAIN_ASCII.test(text)) return text.slice(0, Math.max(1, columns));
  let out = '';
  let width = 0;
  for (const c of clusters(text)) {
    const w = clusterWidth(c);
    if (width + w > columns && out !== '') break;
    out += c;
    width += w;
  }
  return out;
}

/** Where a word too long for a line may break: after a path separator, else after a dotted-name, URL or list separator. */
const PATH_BREAK = /[/\\]/g;
const SOFT_BREAK = /[.\-_,;:=&?#)\]|]/g;

/** An escape that `printable` wrote (`\x1b`, `\u202e`, `\r`), to be kept on one line. */
const SHOWN_ESCAPE = /\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|[rnt])/g;

/** `at` moved back to the start of a shown escape it falls inside, if any. */
function outsideEscape(word: string, at: number): number {
  for (const m of word.slice(Math.max(0, at - 5), at + 5).matchAll(SHOWN_ESCAPE)) {
    const start = Math.max(0, at - 5) + m.index;
    if (start < at && at < start + m[0].length) return start;
  }
  return at;
}

/**
 * The longest start of `word` that fits `columns`, ending at a separator when one falls past its first quarter, never
 * inside a shown escape (`\x1b` stays whole).
 */
function breakWord(word: string, columns: number): string {
  const hard = fitStart(word, columns);
  if (hard.length >= word.length) return word;
  for (const separators of [PATH_BREAK, SOFT_BREAK]) {
    let at = -1;
    for (const m of hard.matchAll(separators)) if (outsideEscape(word, m.index + 1) === m.index + 1) at = m.index + 1;
    if (at >= hard.length / 4) return hard.slice(0, at);
  }
  const at = outsideEscape(word, hard.length);
  return at > 0 ? hard.slice(0, at) : hard;
}

/** A run of text with one style (colour); `paint` is applied to each line's piece, never across a line break. */
export interface Span {
  text: string;
  paint?: (s: string) => string;
}

export interface WrapOptions {
  /** Printed before the first line. */
  indent?: string;
  /** Printed before every further line (default: `indent`). */
  hanging?: string;
}

interface Piece {
  text: string;
  paint: ((s: string) => string) | undefined;
}

/**
 * Wraps styled text at spaces to lines at most `width` columns wide, indents included. Words longer than a line
 * break at a separator (`/`, `.`, `-`, ...) or, failing one, anywhere. Runs of spaces inside a line are kept (log
 * lines align columns with them); those at a break are dropped. Newlines in the text start a new line.
 */
export function wrapSpans(spans: readonly Span[], width: number, options: WrapOptions = {}): string[] {
  const indent = options.indent ?? '';
  const hanging = options.hanging ?? indent;
  const lines: string[] = [];
  let pieces: Piece[] = [];
  let used = 0;
  let words = 0;
  let prefix = indent;
  let room = Math.max(1, width - displayWidth(prefix));
  const freshRoom = Math.max(1, width - displayWidth(hanging));
  let pendingSpace: Piece | undefined;

  const flush = (): void => {
    lines.push(prefix + joinPieces(pieces));
    pieces = [];
    used = 0;
    words = 0;
    prefix = hanging;
    room = freshRoom;
    pendingSpace = undefined;
  };
  const put = (text: string, paint: Piece['paint']): void => {
    if (pendingSpace) {
      pieces.push(pendingSpace);
      used += pendingSpace.text.length;
      pendingSpace = undefined;
    }
    pieces.push({ text, paint });
    used += displayWidth(text);
  };

  for (const span of spans) {
    const paint = span.paint;
    for (const token of printableTokens(span.text)) {
      if (token === '\n') {
        flush();
        continue;
      }
      if (token.startsWith(' ')) {
        // Leading spaces of a line are part of the text (indented log lines); elsewhere they wait for the next word.
        if (words === 0 && used === 0) {
          if (token.length < room) put(token, paint);
        } else pendingSpace = { text: (pendingSpace?.text ?? '') + token, paint };
        continue;
      }
      let word = token;
      while (word !== '') {
        const left = room - used - (pendingSpace ? pendingSpace.text.length : 0);
        const w = widthUpTo(word, Math.max(left, freshRoom));
        if (w <= left) {
          put(word, paint);
          words++;
          break;
        }
        // A word that fits a fresh line goes there; a longer one fills what is left of this line with its start.
        if (words > 0 && (w <= freshRoom || left < Math.min(12, freshRoom / 3))) {
          flush();
          continue;
        }
        const head = breakWord(word, Math.max(1, left));
        if (displayWidth(head) > left && words > 0) {
          flush();
          continue;
        }
        put(head, paint);
        words++;
        word = word.slice(head.length);
        if (word !== '') flush();
      }
    }
  }
  if (pieces.length > 0 || lines.length === 0) flush();
  return lines;
}

/** Plain text wrapped like `wrapSpans`, all in one style. */
export function wrapText(text: string, width: number, options: WrapOptions = {}, paint?: (s: string) => string): string[] {
  return wrapSpans([paint ? { text, paint } : { text }], width, options);
}

function* printableTokens(text: string): Iterable<string> {
  for (const part of printable(text).split(/(\n| +)/)) if (part !== '') yield part;
}

/** Consecutive pieces of one style are painted once: fewer escape codes, and styles never span lines. */
function joinPieces(pieces: readonly Piece[]): string {
  let out = '';
  let run = '';
  let paint: Piece['paint'];
  for (const p of pieces) {
    if (p.paint !== paint) {
      out += paint ? paint(run) : run;
      run = '';
      paint = p.paint;
    }
    run += p.text;
  }
  return out + (paint ? paint(run) : run);
}
