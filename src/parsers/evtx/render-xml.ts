// A record's XML text, rendered on demand from its parsed nodes (../shared/docs/evtx.md §1.5, value text and
// escaping). Compact by default (one line, like Event Viewer's XML view); `indent` pretty-prints like evtxexport.
import type { XmlNode } from './nodes.js';
import { walk, type XmlSink } from './template.js';

const TEXT_SPECIAL = /[&<>]/;
const ATTR_SPECIAL = /[&<>"]/;

export function escapeText(s: string): string {
  return TEXT_SPECIAL.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s;
}

function escapeAttribute(s: string): string {
  return ATTR_SPECIAL.test(s) ? escapeText(s).replace(/"/g, '&quot;') : s;
}

class XmlWriter implements XmlSink {
  out = '';
  /** The last start tag still lacks its `>` (it may yet become `/>`). */
  private pending = false;
  private depth = 0;
  /** Per open element: whether it holds child elements (its end tag then goes on its own line). */
  private readonly nested: boolean[] = [];

  constructor(private readonly indent: string | undefined) {}

  private finishStart(): void {
    if (this.pending) {
      this.out += '>';
      this.pending = false;
    }
  }

  open(name: string): void {
    this.finishStart();
    if (this.indent !== undefined) {
      if (this.depth > 0) {
        this.nested[this.depth - 1] = true;
        this.out += '\n' + this.indent.repeat(this.depth);
      } else if (this.out.length > 0) this.out += '\n';
    }
    this.nested[this.depth++] = false;
    this.out += '<' + name;
  }

  attribute(name: string, value: string): void {
    this.out += ' ' + name + '="' + escapeAttribute(value) + '"';
  }

  openEnd(): void {
    this.pending = true;
  }

  text(text: string): void {
    if (text.length === 0) return;
    this.finishStart();
    this.out += escapeText(text);
  }

  entity(name: string): void {
    this.finishStart();
    this.out += '&' + name + ';';
  }

  charRef(code: number): void {
    this.finishStart();
    this.out += '&#' + code + ';';
  }

  cdata(text: string): void {
    this.finishStart();
    this.out += '<![CDATA[' + text + ']]>';
  }

  pi(target: string, data: string): void {
    this.finishStart();
    this.out += '<?' + target + (data ? ' ' + data : '') + '?>';
  }

  close(name: string): void {
    this.depth--;
    if (this.pending) {
      this.out += '/>';
      this.pending = false;
      return;
    }
    if (this.indent !== undefined && this.nested[this.depth]) this.out += '\n' + this.indent.repeat(this.depth);
    this.out += '</' + name + '>';
  }
}

export interface RenderOptions {
  /** Pretty-print with this indent (e.g. two spaces); compact one-line XML when absent. */
  indent?: string;
}

/** The XML of parsed record nodes. */
export function renderXml(nodes: XmlNode[], options: RenderOptions = {}): string {
  const writer = new XmlWriter(options.indent);
  walk(nodes, null, writer);
  return writer.out;
}
