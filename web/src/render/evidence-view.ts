// The file view: the lines around a piece of evidence (its line highlighted), or an EVTX record's XML.
// Everything shown is inserted as text, never as HTML.
import type { ViewResult } from '../protocol.js';
import { h } from './dom.js';
import type { KnownLine } from './known-lines.js';

export interface Place {
  path: string;
  line?: number;
  record?: number;
}

/** `path:line`, `path record N`, or the path alone. */
function placeName(p: Place): string {
  if (p.line !== undefined && p.line > 0) return `${p.path}:${p.line}`;
  if (p.record !== undefined) return `${p.path} record ${p.record}`;
  return p.path;
}

/** Numbered rows, a gap row where lines the report does not hold are skipped. */
function knownRows(place: Place, known: KnownLine[]): HTMLElement[] {
  const rows: HTMLElement[] = [];
  let previous: number | undefined;
  for (const k of known) {
    const n = k.line ?? k.record ?? 0;
    if (previous !== undefined && n > previous + 1) rows.push(h('div', { class: 'src-line gap' }, h('span', { class: 'num' }, '⋮'), h('span', { class: 'text' }, '')));
    previous = n;
    const hit = k.line !== undefined ? k.line === place.line : k.record === place.record;
    rows.push(
      h(
        'div',
        { class: hit ? 'src-line hit' : 'src-line', 'data-line': k.line !== undefined ? String(k.line) : undefined, 'data-record': k.record !== undefined ? String(k.record) : undefined },
        h('span', { class: 'num' }, k.line !== undefined ? String(k.line) : `#${k.record}`),
        h('span', { class: 'text' }, k.text),
      ),
    );
  }
  return rows;
}

export class EvidenceView {
  readonly el: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && !this.el.hidden) {
      e.preventDefault();
      this.close();
    }
  };

  constructor() {
    this.title = h('h2', null);
    const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Close the file view' }, 'Close');
    close.addEventListener('click', () => this.close());
    this.body = h('div', { class: 'file-body' });
    this.el = h('aside', { class: 'file-view', role: 'dialog', 'aria-label': 'File view' }, h('header', null, this.title, close), this.body);
    this.el.hidden = true;
    document.addEventListener('keydown', this.onKey);
  }

  /** Shows the panel for `place` while its content is read. */
  loading(place: Place): void {
    this.open(place, 'loading');
    this.body.replaceChildren(h('p', { class: 'note' }, 'Reading the file…'));
  }

  /** The place read from the bundle: numbered lines with the evidence line highlighted, or the XML. */
  show(place: Place, result: ViewResult): void {
    this.open(place, result.kind);
    if (result.kind === 'xml') {
      this.body.replaceChildren(h('pre', { class: 'xml' }, result.xml));
      return;
    }
    const rows = result.lines.map((text, i) => {
      const n = result.first + i;
      return h(
        'div',
        { class: n === result.line ? 'src-line hit' : 'src-line', 'data-line': String(n) },
        h('span', { class: 'num' }, String(n)),
        h('span', { class: 'text' }, text),
      );
    });
    const code = h('div', { class: 'lines' }, rows);
    this.body.replaceChildren(code);
    code.querySelector('.hit')?.scrollIntoView({ block: 'center' });
  }

  /**
   * No bundle to read (a JSON report, the HTML page): the evidence text as the report has it, why there is no more,
   * and the other lines of the same file that the report holds, in file order, this one marked.
   */
  textOnly(place: Place, text: string, note: string, known: KnownLine[] = []): void {
    this.open(place, 'text');
    const others = known.some((k) => k.line !== place.line || k.record !== place.record);
    this.body.replaceChildren(h('p', { class: 'note' }, note), h('pre', { class: 'evidence-text' }, text));
    if (others) this.body.append(h('h3', null, 'The lines of this file in this report'), h('div', { class: 'lines known' }, knownRows(place, known)));
  }

  failed(place: Place, message: string): void {
    this.open(place, 'error');
    this.body.replaceChildren(h('p', { class: 'note error' }, message));
  }

  close(): void {
    this.el.hidden = true;
    delete this.el.dataset.kind;
  }

  private open(place: Place, kind: string): void {
    this.title.textContent = placeName(place);
    this.el.dataset.kind = kind;
    this.el.hidden = false;
  }
}
