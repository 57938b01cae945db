// Where things are in a whole document: line numbers of offsets, matches and JSON/XML members, and the line text
// quoted as evidence.

/** Longest `raw` line quoted by an event or a fact `text`. */
const MAX_RAW = 300;

/** Line starts of a text, to turn an offset into a 1-based line number and to quote a line. */
export class TextIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** The line (without its terminator); a long line is cut to a window around `offset` when given. */
  lineText(line: number, offset?: number): string {
    const start = this.starts[line - 1] ?? 0;
    const next = this.starts[line];
    let s = this.text.slice(start, next === undefined ? this.text.length : next - 1);
    if (s.endsWith('\r')) s = s.slice(0, -1);
    s = s.trim();
    if (s.length <= MAX_RAW) return s;
    const at = offset === undefined ? 0 : Math.max(0, offset - start - 40);
    return (at > 0 ? '…' : '') + s.slice(at, at + MAX_RAW) + '…';
  }

  /** First match of `re` at or after `from` (the regex gets the `g` flag), or undefined. */
  find(re: RegExp, from = 0): { line: number; index: number } | undefined {
    const g = re.global ? re : new RegExp(re.source, re.flags + 'g');
    g.lastIndex = from;
    const m = g.exec(this.text);
    return m ? { line: this.lineAt(m.index), index: m.index } : undefined;
  }
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Finds where things are in a document, moving forward as repeated items (plugins, handlers) are read in order:
 * each lookup starts after the previous hit, and falls back to the start of the text, then to line 1.
 */
export class Locator {
  readonly index: TextIndex;
  private cursor = 0;

  constructor(text: string) {
    this.index = new TextIndex(text);
  }

  /** Line of the first of `res` found (after the cursor, else anywhere); moves the cursor when `advance`. */
  line(res: RegExp[], advance = false): number {
    return this.hit(res, advance)?.line ?? 1;
  }

  hit(res: RegExp[], advance = false): { line: number; index: number } | undefined {
    for (const re of res) {
      const h = this.index.find(re, this.cursor) ?? this.index.find(re, 0);
      if (h) {
        if (advance) this.cursor = h.index + 1;
        return h;
      }
    }
    return undefined;
  }

  /** Line of a JSON member `"key": value` (value optional). */
  json(key: string, value?: string, advance = false): number {
    return this.line(jsonRes(key, value), advance);
  }

  /** Line of a JSON member and the text there (a window of a long line, e.g. a one-line JSON file). */
  jsonQuote(key: string, value?: string, advance = false): { line: number; raw: string } {
    const h = this.hit(jsonRes(key, value), advance);
    return h ? { line: h.line, raw: this.index.lineText(h.line, h.index) } : { line: 1, raw: this.index.lineText(1) };
  }

  /** Line of an XML element `<Tag` or of an attribute `name="value"`. */
  xml(tag: string, attrName?: string, attrValue?: string, advance = false): number {
    const res: RegExp[] = [];
    if (attrName && attrValue !== undefined) res.push(new RegExp(`<(?:\\w+:)?${escapeRe(tag)}\\b[^>]*\\b${escapeRe(attrName)}="${escapeRe(xmlEscape(attrValue))}"`));
    res.push(new RegExp(`<(?:\\w+:)?${escapeRe(tag)}\\b`));
    return this.line(res, advance);
  }

  raw(line: number): string {
    return this.index.lineText(line);
  }
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function jsonRes(key: string, value?: string): RegExp[] {
  const k = `"${escapeRe(key)}"\\s*:\\s*`;
  const res: RegExp[] = [];
  if (value !== undefined) {
    const quoted = JSON.stringify(value).slice(1, -1);
    res.push(new RegExp(`${k}"?${escapeRe(quoted)}`));
  }
  res.push(new RegExp(k));
  return res;
}
