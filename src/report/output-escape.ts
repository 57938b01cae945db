// Values from the bundle, made safe for the outputs that stay text: the terminal, Markdown and CSV. A bundle may be
// crafted: a member name, an extension name or a log line can carry terminal escape sequences, Markdown links, raw
// HTML or spreadsheet formulas. Every renderer of those three outputs passes bundle values through one function here.
// Core: no Node imports.

/**
 * Characters shown as an escape instead of being written: C0 controls (tab and newline are decided by each output),
 * DEL and C1 controls (0x9b is CSI on 8-bit terminals), the bidi controls that reorder what is shown (U+061C,
 * U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), and the line and paragraph separators.
 */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
/** The same with tab and newline. */
const ANY_CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const ANY_CONTROL_ALL = new RegExp(ANY_CONTROL.source, 'g');

/** The visible form of one control character: `\x1b` up to U+00FF, `\u202e` above; tab, newline and CR as `\t`, `\n`, `\r`. */
export function visibleChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character in its visible form; newlines and tabs too unless `keep` says otherwise. */
export function visibleControls(text: string, keep: { newlines?: boolean; tabs?: boolean } = {}): string {
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(ANY_CONTROL_ALL, (c) => ((c === '\n' && keep.newlines) || (c === '\t' && keep.tabs) ? c : visibleChar(c)));
}

/** True when `text` holds a character that a terminal or a Markdown reader would act on rather than show. */
export function hasControls(text: string): boolean {
  return CONTROLS.test(text);
}

// ---- The terminal ----

/**
 * Text for the terminal report: a line break (`\n`, `\r\n`) stays one, a tab becomes four spaces, and every other
 * control character is shown as an escape (`\x1b`, `\r`, `\u202e`), so nothing from the bundle moves the cursor,
 * sets a title, opens a hyperlink, clears the screen or reorders the line.
 */
export function terminalText(text: string): string {
  return visibleControls(text.replace(/\r\n/g, '\n').replace(/\t/g, '    '), { newlines: true });
}

/** A value that is one line (a path, a name, a message): its line breaks are shown as `\n` too. */
export function terminalLine(text: string): string {
  return terminalText(text.replace(/\r\n/g, '\n').replace(/\n/g, '\\n'));
}

// ---- Markdown ----

/** Characters with a meaning anywhere in a line: emphasis, code, links and images, HTML and entities, tables, math. */
const MD_INLINE = /[\\`*_[\]<>!|~&$]/g;
/** At the start of a line they open a heading, a quote, a list, a thematic break or a setext underline. */
const MD_LINE_START = /^(\s*)(?:([#>+=-])|(\d{1,9})([.)]))/;

/**
 * A value in Markdown prose (a paragraph, a list item, a table cell, a heading): every character Markdown acts on is
 * backslash-escaped, so a bundle value cannot make a link, an image, raw HTML, emphasis or a new table cell; bare
 * URLs and addresses are broken up so that GitHub's autolinking leaves them text (`https:\/\/`, `www\.`, `\@`); a line
 * break or any other control character is shown as an escape (`\n`, `\x1b`), so a value never leaves its list item or
 * cell. A value that starts a line (`lineStart`) has what would open a block there escaped too (`#`, `>`, `-`, `+`,
 * `=`, `1.`).
 */
export function markdownText(text: string, at: { lineStart?: boolean } = {}): string {
  let escaped = text
    .replace(MD_INLINE, (c) => `\\${c}`)
    .replace(/:\/\//g, ':\\/\\/')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/@/g, '\\@');
  if (at.lineStart) {
    escaped = escaped.replace(MD_LINE_START, (_, space: string, mark: string | undefined, digits: string | undefined, dot: string | undefined) =>
      mark !== undefined ? `${space}\\${mark}` : `${space}${digits}\\${dot}`,
    );
  }
  return visibleControls(escaped);
}

/** The longest run of backticks in `text`. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}

/**
 * A value as a Markdown code span: delimited by more backticks than any run inside it, padded with a space when it
 * starts or ends with a backtick or a space (the padding is removed when it is read); line breaks and control
 * characters are shown as escapes, since a line break would end the list item or table row before the span is read.
 */
export function markdownCode(text: string): string {
  const body = visibleControls(text);
  const ticks = '`'.repeat(longestBacktickRun(body) + 1);
  const pad = /^[` ]|[` ]$/.test(body) ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/**
 * Lines as a fenced code block: the fence is longer than any backtick run inside, so no line closes it; control
 * characters other than tabs are shown as escapes (a carriage return as `\r`).
 */
export function markdownFence(lines: readonly string[], info = 'text'): string[] {
  const body = lines.map((l) => visibleControls(l, { tabs: true }));
  const fence = '`'.repeat(Math.max(3, ...body.map((l) => longestBacktickRun(l) + 1)));
  return [fence + info, ...body, fence];
}

/**
 * Our own text that marks code with backticks (a remediation step: "run `waagent -version`") but may carry a bundle
 * value (an extension name): each backtick span becomes a code span of its own, the rest is escaped as prose.
 */
export function markdownWithCode(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    out += markdownText(text.slice(last, m.index)) + markdownCode(m[1]!);
    last = m.index + m[0].length;
  }
  return out + markdownText(text.slice(last));
}

// ---- CSV ----

/** A cell a spreadsheet would read as a formula (or a formula after a tab or carriage return it trims). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: a string that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which
 * spreadsheets take as "this is text" and do not show; a cell holding a quote, comma or line break is quoted, its
 * quotes doubled. Numbers are written as they are; `undefined` is an empty cell.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
