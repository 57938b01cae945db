// The file view: the lines around a piece of evidence (its line highlighted), or an EVTX record's XML.
// Everything shown is inserted as text, never as HTML.
import type { ViewResult } from '../protocol.js';
import { h } from './dom.js';

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

  /** No bundle to read (a JSON report): the evidence text as the report has it, and why there is no more. */
  textOnly(place: Place, text: string, note: string): void {
    this.open(place, 'text');
    this.body.replaceChildren(
      h('p', { class: 'note' }, note),
      h('pre', { class: 'evidence-text' }, text),
    );
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
