// The timeline of the analysed events: a histogram over time stacked by level (uPlot), with the findings'
// first and last sightings marked, and below it every event in a virtually scrolled table (only the rows in
// view exist in the DOM) with filters by level, source, finding category, text and the time range dragged on the
// histogram. This module is the glue; the parts live in ./timeline/.
import type { Finding } from '../../../src/model.js';
import { LEVELS } from '../timeline/events.js';
import type { EventTable } from '../timeline/events.js';
import { h } from './dom.js';
import { plural } from './format.js';
import { EventList } from './timeline/event-table.js';
import { FilterControls } from './timeline/filter-controls.js';
import { Matcher } from './timeline/filter.js';
import { findEvent } from './timeline/find.js';
import { Histogram } from './timeline/histogram.js';
import { utc } from './timeline/util.js';

export { utc };

export class TimelineView {
  readonly el: HTMLElement;
  private readonly t: EventTable;
  private readonly matcher: Matcher;
  private readonly controls: FilterControls;
  private readonly histogram: Histogram;
  private readonly list: EventList;
  private readonly countText: HTMLElement;
  private readonly rangeText: HTMLElement;
  private readonly clearRange: HTMLButtonElement;
  private resize: ResizeObserver | null = null;
  private readonly onTheme = (): void => this.histogram.draw();

  constructor(table: EventTable, findings: Finding[]) {
    this.t = table;
    this.matcher = new Matcher(table);
    const dropped = table.dropped.reduce((a, b) => a + b, 0);
    const notes: string[] = [];
    if (dropped > 0) {
      const byLevel = LEVELS.map((l, i) => [l, table.dropped[i] ?? 0] as const)
        .filter(([, n]) => n > 0)
        .map(([l, n]) => `${n} ${l}`)
        .join(', ');
      notes.push(`${table.count.toLocaleString('en')} events are listed, errors and warnings first; ${dropped.toLocaleString('en')} more were left out (${byLevel}).`);
    }
    if (table.untimed > 0) notes.push(`${plural(table.untimed, 'event')} without a time ${table.untimed === 1 ? 'is' : 'are'} not listed.`);

    this.histogram = new Histogram(table, findings, (range) => this.setRange(range, false), () => this.controls.filter.range);
    this.rangeText = h('span', { class: 'range' });
    this.clearRange = h('button', { type: 'button', class: 'clear-range' }, 'Clear range');
    this.clearRange.hidden = true;
    this.clearRange.addEventListener('click', () => this.setRange(null));
    this.controls = new FilterControls(table, findings, () => this.apply());
    this.countText = h('span', { class: 'count', 'aria-live': 'polite' });
    this.list = new EventList(table);

    this.el = h(
      'section',
      { class: 'timeline', 'aria-label': 'Timeline' },
      h('h2', null, 'Timeline'),
      notes.length > 0 && h('p', { class: 'note' }, notes.join(' ')),
      h(
        'div',
        { class: 'legend' },
        LEVELS.map((l) => h('span', { class: `key lvl-${l}` }, l)),
        h('span', { class: 'key marker' }, 'finding first/last seen'),
      ),
      this.histogram.el,
      h(
        'div',
        { class: 'filters' },
        this.controls.levels,
        this.controls.sourceSelect,
        this.controls.categorySelect,
        this.controls.textInput,
        this.rangeText,
        this.clearRange,
        this.countText,
      ),
      this.list.el,
    );
    document.addEventListener('themechange', this.onTheme);
    this.apply();
  }

  /** Called once the section is in the page (the chart needs its width). */
  mounted(): void {
    this.histogram.draw();
    this.resize = new ResizeObserver(() => {
      this.histogram.resize();
      this.list.schedule();
    });
    this.resize.observe(this.histogram.el);
    this.list.render();
  }

  destroy(): void {
    document.removeEventListener('themechange', this.onTheme);
    this.resize?.disconnect();
    this.histogram.destroy();
  }

  /** Filters the table to [from, to] ms, or clears the range. */
  setRange(range: [number, number] | null, moveSelection = true): void {
    this.controls.filter.range = range;
    if (range) {
      this.rangeText.textContent = `${utc(range[0])} – ${utc(range[1])}`;
      if (moveSelection) this.histogram.showSelection(range);
    } else {
      this.rangeText.textContent = '';
      this.histogram.clearSelection();
    }
    this.clearRange.hidden = !range;
    this.apply();
  }

  private apply(): void {
    const shown = this.matcher.select(this.controls.filter);
    const n = shown.length;
    this.el.dataset.rows = String(n);
    this.countText.textContent = `${n.toLocaleString('en')} of ${plural(this.t.count, 'event')}`;
    this.list.show(shown);
  }

  /** The event an evidence line points at: the same path and line (or record), else the entry that holds that line. */
  find(path: string, line: number | undefined, record: number | undefined): number {
    return findEvent(this.t, path, line, record);
  }

  /** Scrolls the table to an evidence line's event; false when it is not among the events. */
  reveal(path: string, line: number | undefined, record: number | undefined): boolean {
    const i = this.find(path, line, record);
    if (i < 0) return false;
    if (!this.matcher.matches(i, this.controls.filter)) this.reset();
    this.el.dataset.revealed = String(i);
    this.list.scrollTo(i);
    this.el.querySelector('.events')?.scrollIntoView({ block: 'nearest' });
    return true;
  }

  private reset(): void {
    this.controls.reset();
    this.setRange(null);
  }
}
