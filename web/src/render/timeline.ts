// The timeline of the analysed events: a histogram over time stacked by level (uPlot), with the findings'
// first and last sightings marked, and below it every event in a virtually scrolled table (only the rows in
// view exist in the DOM) with filters by level, source, finding category, text and the time range dragged on the
// histogram.
import uPlot from 'uplot';
import type { Finding } from '../../../src/model.js';
import { LEVELS, message, place } from '../timeline/events.js';
import type { EventTable } from '../timeline/events.js';
import { h } from './dom.js';
import { plural } from './format.js';

const ROW_HEIGHT = 24;
const OVERSCAN = 10;
const CHART_HEIGHT = 170;
const BINS = 120;
/** Around a category's evidence, the warning and error events this close in time are kept too. */
const NEAR_MS = 10 * 60_000;

/** `2024-05-02 06:00:01.123Z` */
export function utc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}Z`;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

interface Filter {
  levels: boolean[];
  source: number;
  /** Events kept by the category filter (evidence of its findings and warnings/errors near them), or null. */
  category: Uint8Array | null;
  text: string;
  range: [number, number] | null;
}

export class TimelineView {
  readonly el: HTMLElement;
  private readonly t: EventTable;
  private readonly findings: Finding[];
  private filter: Filter = { levels: LEVELS.map(() => true), source: -1, category: null, text: '', range: null };
  private shown: Uint32Array;
  private lower: string[] | null = null;
  private chart: uPlot | null = null;
  private readonly chartBox: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rowsBox: HTMLElement;
  private readonly rows: HTMLElement[] = [];
  private readonly countText: HTMLElement;
  private readonly rangeText: HTMLElement;
  private readonly clearRange: HTMLButtonElement;
  private readonly levelBoxes: HTMLInputElement[];
  private readonly sourceSelect: HTMLSelectElement;
  private readonly categorySelect: HTMLSelectElement;
  private readonly textInput: HTMLInputElement;
  private highlighted = -1;
  private frame = 0;
  private resize: ResizeObserver | null = null;
  private readonly onTheme = (): void => this.drawChart();

  constructor(table: EventTable, findings: Finding[]) {
    this.t = table;
    this.findings = findings;
    this.shown = new Uint32Array(table.count).map((_, i) => i);
    const dropped = table.dropped.reduce((a, b) => a + b, 0);
    const notes: string[] = [];
    if (dropped > 0) {
      const byLevel = LEVELS.map((l, i) => [l, table.dropped[i] ?? 0] as const)
        .filter(([, n]) => n > 0)
        .map(([l, n]) => `${n} ${l}`)
        .join(', ');
      notes.push(`Only the first ${table.count.toLocaleString('en')} events are listed; ${dropped.toLocaleString('en')} more were left out (${byLevel}).`);
    }
    if (table.untimed > 0) notes.push(`${plural(table.untimed, 'event')} without a time ${table.untimed === 1 ? 'is' : 'are'} not listed.`);

    this.chartBox = h('div', { class: 'chart', role: 'img', 'aria-label': 'Events over time by level; drag to select a time range' });
    this.rangeText = h('span', { class: 'range' });
    this.clearRange = h('button', { type: 'button', class: 'clear-range' }, 'Clear range');
    this.clearRange.hidden = true;
    this.clearRange.addEventListener('click', () => this.setRange(null));
    this.levelBoxes = LEVELS.map((l) => {
      const box = h('input', { type: 'checkbox', name: 'level', value: l });
      box.checked = true;
      box.addEventListener('change', () => {
        this.filter.levels = this.levelBoxes.map((b) => b.checked);
        this.apply();
      });
      return box;
    });
    this.sourceSelect = h(
      'select',
      { class: 'source', 'aria-label': 'Source' },
      h('option', { value: '-1' }, 'All sources'),
      table.sourceNames.map((s, i) => [s, i] as const).sort((a, b) => a[0].localeCompare(b[0])).map(([s, i]) => h('option', { value: String(i) }, s)),
    );
    this.sourceSelect.addEventListener('change', () => {
      this.filter.source = Number(this.sourceSelect.value);
      this.apply();
    });
    const categories = [...new Set(findings.map((f) => f.category))].sort();
    this.categorySelect = h(
      'select',
      { class: 'category', 'aria-label': 'Finding category' },
      h('option', { value: '' }, 'All categories'),
      categories.map((c) => h('option', { value: c }, c)),
    );
    this.categorySelect.hidden = categories.length === 0;
    this.categorySelect.addEventListener('change', () => {
      this.filter.category = this.categorySelect.value ? this.categoryMask(this.categorySelect.value) : null;
      this.apply();
    });
    this.textInput = h('input', { type: 'search', class: 'text', placeholder: 'Filter text', 'aria-label': 'Filter text' });
    let typing = 0;
    this.textInput.addEventListener('input', () => {
      clearTimeout(typing);
      typing = window.setTimeout(() => {
        this.filter.text = this.textInput.value.trim().toLowerCase();
        this.apply();
      }, 120);
    });
    this.countText = h('span', { class: 'count', 'aria-live': 'polite' });
    this.spacer = h('div', { class: 'spacer' });
    this.rowsBox = h('div', { class: 'rows' });
    this.viewport = h('div', { class: 'viewport', tabindex: '0', role: 'rowgroup' }, this.spacer, this.rowsBox);
    this.viewport.addEventListener('scroll', () => this.schedule());

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
      this.chartBox,
      h(
        'div',
        { class: 'filters' },
        h(
          'fieldset',
          { class: 'levels' },
          h('legend', null, 'Level'),
          LEVELS.map((l, i) => h('label', null, this.levelBoxes[i], ` ${l}`)),
        ),
        this.sourceSelect,
        this.categorySelect,
        this.textInput,
        this.rangeText,
        this.clearRange,
        this.countText,
      ),
      h(
        'div',
        { class: 'events', role: 'table', 'aria-label': 'Events' },
        h(
          'div',
          { class: 'row head', role: 'row' },
          ['Time (UTC)', 'Level', 'Source', 'Place', 'Message'].map((c) => h('span', { role: 'columnheader' }, c)),
        ),
        this.viewport,
      ),
    );
    document.addEventListener('themechange', this.onTheme);
    this.apply();
  }

  /** Called once the section is in the page (the chart needs its width). */
  mounted(): void {
    this.drawChart();
    this.resize = new ResizeObserver(() => {
      if (this.chart) this.chart.setSize({ width: this.width(), height: CHART_HEIGHT });
      this.schedule();
    });
    this.resize.observe(this.chartBox);
    this.render();
  }

  destroy(): void {
    document.removeEventListener('themechange', this.onTheme);
    this.resize?.disconnect();
    this.chart?.destroy();
    this.chart = null;
  }

  private width(): number {
    return Math.max(200, this.chartBox.clientWidth || 800);
  }

  private drawChart(): void {
    this.chart?.destroy();
    this.chart = null;
    const t = this.t;
    if (t.count === 0) {
      this.chartBox.replaceChildren(h('p', { class: 'empty' }, 'No event with a time.'));
      return;
    }
    const first = t.times[0]!;
    const last = t.times[t.count - 1]!;
    const span = Math.max(last - first, 1000);
    const step = span / BINS;
    const xs: number[] = [];
    for (let b = 0; b < BINS; b++) xs.push((first + step * (b + 0.5)) / 1000);
    const counts = LEVELS.map(() => new Array<number>(BINS).fill(0));
    for (let i = 0; i < t.count; i++) {
      const b = Math.min(BINS - 1, Math.floor((t.times[i]! - first) / step));
      counts[t.levels[i]!]![b]!++;
    }
    // Stacked: the series drawn first is the total, each next one covers it with fewer levels.
    const stacks: number[][] = [];
    for (let k = LEVELS.length - 1; k >= 0; k--) stacks.push(xs.map((_, b) => counts.slice(0, k + 1).reduce((sum, c) => sum + c[b]!, 0)));
    const colors = LEVELS.map((l) => cssVar(`--${l}`, '#888'));
    const fg = cssVar('--muted', '#666');
    const line = cssVar('--line', '#ddd');
    const marker = cssVar('--critical', '#a00');
    const bars = uPlot.paths.bars!({ size: [1, Infinity], gap: 0 });
    const markers = this.findings.flatMap((f) =>
      [f.firstSeen, f.lastSeen].filter((s): s is string => !!s).map((s) => ({ at: Date.parse(s) / 1000, sev: f.severity })),
    );
    const opts: uPlot.Options = {
      width: this.width(),
      height: CHART_HEIGHT,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true, range: [first / 1000, (first + span) / 1000] } },
      legend: { show: false },
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      axes: [
        { stroke: fg, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 } },
        { stroke: fg, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 }, size: 50 },
      ],
      series: [
        {},
        ...stacks.map((_, j) => {
          const level = LEVELS.length - 1 - j;
          return { label: LEVELS[level], fill: colors[level], stroke: colors[level], width: 0, paths: bars, points: { show: false } };
        }),
      ],
      hooks: {
        draw: [
          (u) => {
            const ctx = u.ctx;
            const { top, height } = u.bbox;
            ctx.save();
            ctx.lineWidth = Math.max(1, devicePixelRatio);
            for (const m of markers) {
              if (!Number.isFinite(m.at)) continue;
              const x = Math.round(u.valToPos(m.at, 'x', true));
              ctx.strokeStyle = cssVar(`--${m.sev}`, marker);
              ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
              ctx.beginPath();
              ctx.moveTo(x, top);
              ctx.lineTo(x, top + height);
              ctx.stroke();
            }
            ctx.restore();
          },
        ],
        setSelect: [
          (u) => {
            if (u.select.width < 2) return;
            const from = u.posToVal(u.select.left, 'x') * 1000;
            const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
            this.setRange([from, to], false);
          },
        ],
      },
    };
    this.chartBox.replaceChildren();
    this.chart = new uPlot(opts, [xs, ...stacks], this.chartBox);
    if (this.filter.range) this.showSelection(this.filter.range);
  }

  private showSelection(range: [number, number]): void {
    const u = this.chart;
    if (!u) return;
    const left = u.valToPos(range[0] / 1000, 'x');
    const right = u.valToPos(range[1] / 1000, 'x');
    u.setSelect({ left, width: right - left, top: 0, height: u.bbox.height / devicePixelRatio }, false);
  }

  /** Filters the table to [from, to] ms, or clears the range. */
  setRange(range: [number, number] | null, moveSelection = true): void {
    this.filter.range = range;
    if (range) {
      this.rangeText.textContent = `${utc(range[0])} – ${utc(range[1])}`;
      if (moveSelection) this.showSelection(range);
    } else {
      this.rangeText.textContent = '';
      this.chart?.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
    }
    this.clearRange.hidden = !range;
    this.apply();
  }

  /** The events of a category: the evidence of its findings, and the warnings and errors within NEAR_MS of it. */
  private categoryMask(category: string): Uint8Array {
    const t = this.t;
    const mask = new Uint8Array(t.count);
    const times: number[] = [];
    for (const f of this.findings) {
      if (f.category !== category) continue;
      for (const e of f.evidence) {
        const i = this.find(e.path, e.line, e.record);
        if (i >= 0) mask[i] = 1;
        const at = e.time ? Date.parse(e.time) : i >= 0 ? t.times[i]! : NaN;
        if (Number.isFinite(at)) times.push(at);
      }
    }
    times.sort((a, b) => a - b);
    if (times.length === 0) return mask;
    // Events are sorted by time: walk both lists together.
    let k = 0;
    for (let i = 0; i < t.count; i++) {
      if (t.levels[i]! > 1) continue; // error and warning only
      const at = t.times[i]!;
      while (k < times.length - 1 && times[k]! < at - NEAR_MS) k++;
      if (Math.abs(times[k]! - at) <= NEAR_MS) mask[i] = 1;
    }
    return mask;
  }

  private matches(i: number): boolean {
    const t = this.t;
    const f = this.filter;
    if (!f.levels[t.levels[i]!]) return false;
    if (f.source >= 0 && t.sources[i] !== f.source) return false;
    if (f.category && !f.category[i]) return false;
    if (f.range && (t.times[i]! < f.range[0] || t.times[i]! > f.range[1])) return false;
    if (f.text) {
      this.lower ??= [];
      const lower = (this.lower[i] ??= message(t, i).toLowerCase());
      if (!lower.includes(f.text) && !(t.pathNames[t.paths[i]!] ?? '').toLowerCase().includes(f.text)) return false;
    }
    return true;
  }

  private apply(): void {
    const out = new Uint32Array(this.t.count);
    let n = 0;
    for (let i = 0; i < this.t.count; i++) if (this.matches(i)) out[n++] = i;
    this.shown = out.subarray(0, n);
    this.el.dataset.rows = String(n);
    this.countText.textContent = `${n.toLocaleString('en')} of ${plural(this.t.count, 'event')}`;
    this.spacer.style.height = `${n * ROW_HEIGHT}px`;
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const t = this.t;
    const height = this.viewport.clientHeight || 400;
    const start = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const end = Math.min(this.shown.length, Math.ceil((this.viewport.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
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
    this.rowsBox.style.transform = `translateY(${start * ROW_HEIGHT}px)`;
  }

  /** The event an evidence line points at: the same path and line (or record), else the entry that holds that line. */
  find(path: string, line: number | undefined, record: number | undefined): number {
    const t = this.t;
    const pathId = t.pathNames.indexOf(path);
    if (pathId < 0) return -1;
    let best = -1;
    for (let i = 0; i < t.count; i++) {
      if (t.paths[i] !== pathId) continue;
      if (line !== undefined && line > 0) {
        if (t.lines[i] === line) return i;
        if (t.lines[i]! < line && (best < 0 || t.lines[i]! > t.lines[best]!)) best = i;
      } else if (record !== undefined && t.records[i] === record) return i;
    }
    return best;
  }

  /** Scrolls the table to an evidence line's event; false when it is not among the events. */
  reveal(path: string, line: number | undefined, record: number | undefined): boolean {
    const i = this.find(path, line, record);
    if (i < 0) return false;
    if (!this.matches(i)) this.reset();
    let lo = 0;
    let hi = this.shown.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.shown[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    this.highlighted = i;
    this.el.dataset.revealed = String(i);
    this.viewport.scrollTop = Math.max(0, lo * ROW_HEIGHT - this.viewport.clientHeight / 2 + ROW_HEIGHT / 2);
    this.render();
    this.el.querySelector('.events')?.scrollIntoView({ block: 'nearest' });
    return true;
  }

  private reset(): void {
    this.filter = { levels: LEVELS.map(() => true), source: -1, category: null, text: '', range: null };
    for (const b of this.levelBoxes) b.checked = true;
    this.sourceSelect.value = '-1';
    this.categorySelect.value = '';
    this.textInput.value = '';
    this.setRange(null);
  }
}
