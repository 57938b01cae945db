// The virtually scrolled table of events: only the rows in view exist in the DOM.
import { LEVELS, message, place } from '../../timeline/events.js';
import type { EventTable } from '../../timeline/events.js';
import { h } from '../dom.js';
import { utc } from './util.js';

const ROW_HEIGHT = 24;
const OVERSCAN = 10;

export class EventList {
  readonly el: HTMLElement;
  private shown: Uint32Array;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rowsBox: HTMLElement;
  private readonly rows: HTMLElement[] = [];
  private highlighted = -1;
  private frame = 0;

  constructor(private readonly t: EventTable) {
    this.shown = new Uint32Array(t.count).map((_, i) => i);
    this.spacer = h('div', { class: 'spacer' });
    this.rowsBox = h('div', { class: 'rows' });
    this.viewport = h('div', { class: 'viewport', tabindex: '0', role: 'rowgroup' }, this.spacer, this.rowsBox);
    this.viewport.addEventListener('scroll', () => this.schedule());
    this.el = h(
      'div',
      { class: 'events', role: 'table', 'aria-label': 'Events' },
      h(
        'div',
        { class: 'row head', role: 'row' },
        ['Time (UTC)', 'Level', 'Source', 'Place', 'Message'].map((c) => h('span', { role: 'columnheader' }, c)),
      ),
      this.viewport,
    );
  }

  /** Lists these events (indices, in order). */
  show(shown: Uint32Array): void {
    this.shown = shown;
    this.render();
  }

  /** Renders on the next animation frame. */
  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Row height in px: the stylesheet's --row-height (two lines a row on a narrow screen), else ROW_HEIGHT. */
  private rowHeight(): number {
    const css = parseFloat(getComputedStyle(this.el).getPropertyValue('--row-height'));
    return Number.isFinite(css) && css > 0 ? css : ROW_HEIGHT;
  }

  render(): void {
    const t = this.t;
    const rowHeight = this.rowHeight();
    this.spacer.style.height = `${this.shown.length * rowHeight}px`;
    const height = this.viewport.clientHeight || 400;
    const start = Math.max(0, Math.floor(this.viewport.scrollTop / rowHeight) - OVERSCAN);
    const end = Math.min(this.shown.length, Math.ceil((this.viewport.scrollTop + height) / rowHeight) + OVERSCAN);
    const count = Math.max(0, end - start);
    while (this.rows.length < count) {
      const row = h('div', { class: 'row', role: 'row' }, h('span', { role: 'cell' }), h('span', { role: 'cell' }), h('span', { role: 'cell' }), h('span', { role: 'cell' }), h('span', { role: 'cell' }));
      this.rows.push(row);
      this.rowsBox.appendChild(row);
    }
    this.rows.forEach((row, k) => {
      if (k >= count) {
        row.hidden = true;
        return;
      }
      const i = this.shown[start + k]!;
      row.hidden = false;
      const level = LEVELS[t.levels[i]!] ?? 'info';
      row.className = `row lvl-${level}${i === this.highlighted ? ' hit' : ''}`;
      row.dataset.index = String(i);
      const cells = row.children;
      const msg = message(t, i);
      const where = place(t, i);
      cells[0]!.textContent = utc(t.times[i]!);
      cells[1]!.textContent = level;
      cells[2]!.textContent = t.sourceNames[t.sources[i]!] ?? '';
      cells[3]!.textContent = where;
      (cells[3] as HTMLElement).title = where;
      cells[4]!.textContent = msg;
      (cells[4] as HTMLElement).title = msg;
    });
    this.rowsBox.style.transform = `translateY(${start * rowHeight}px)`;
  }

  /** Highlights event i (which must be shown) and scrolls it to the middle of the view. */
  scrollTo(i: number): void {
    let lo = 0;
    let hi = this.shown.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.shown[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    this.highlighted = i;
    const rowHeight = this.rowHeight();
    this.viewport.scrollTop = Math.max(0, lo * rowHeight - this.viewport.clientHeight / 2 + rowHeight / 2);
    this.render();
  }
}
