// The histogram of events over time stacked by level (uPlot), with the findings' first and last sightings
// marked and a dragged time range selection.
import uPlot from 'uplot';
import type { Finding } from '../../../../src/model.js';
import { LEVELS } from '../../timeline/events.js';
import type { EventTable } from '../../timeline/events.js';
import { h } from '../dom.js';
import { cssVar } from './util.js';

const CHART_HEIGHT = 170;
const BINS = 120;

/**
 * Tick labels as the table writes times, in UTC: the time of day (seconds or milliseconds when the ticks are that
 * close), the ISO date under the first tick and wherever the day changes; dates alone when ticks are days apart.
 */
export function utcTicks(splits: number[], incrSeconds: number): string[] {
  let day = '';
  return splits.map((s) => {
    const iso = new Date(s * 1000).toISOString();
    const date = iso.slice(0, 10);
    const time = incrSeconds >= 86_400 ? '' : iso.slice(11, incrSeconds >= 60 ? 16 : incrSeconds >= 1 ? 19 : 23);
    const label = date === day ? time : time ? `${time}\n${date}` : date;
    day = date;
    return label;
  });
}

export class Histogram {
  readonly el: HTMLElement;
  private chart: uPlot | null = null;

  /** `onSelect` gets the dragged range in ms; `range` gives the range to show as selected on (re)drawing. */
  constructor(
    private readonly t: EventTable,
    private readonly findings: Finding[],
    private readonly onSelect: (range: [number, number]) => void,
    private readonly range: () => [number, number] | null,
  ) {
    this.el = h('div', { class: 'chart', role: 'img', 'aria-label': 'Events over time by level; drag to select a time range' });
  }

  private width(): number {
    return Math.max(200, this.el.clientWidth || 800);
  }

  /** Fits the chart to its box's width. */
  resize(): void {
    if (this.chart) this.chart.setSize({ width: this.width(), height: CHART_HEIGHT });
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }

  draw(): void {
    this.chart?.destroy();
    this.chart = null;
    const t = this.t;
    if (t.count === 0) {
      this.el.replaceChildren(h('p', { class: 'empty' }, 'No event with a time.'));
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
        {
          stroke: fg,
          grid: { stroke: line, width: 1 },
          ticks: { stroke: line, width: 1 },
          // Room for a date under a time, so that two dates never run into each other.
          space: 80,
          label: 'UTC',
          labelSize: 18,
          labelFont: '12px system-ui, sans-serif',
          font: '12px system-ui, sans-serif',
          values: (_u, splits, _axis, _space, incr) => {
            const labels = utcTicks(splits, incr);
            // Drawn on the canvas: the labels are also kept here, for tests and anyone reading the DOM.
            this.el.dataset.xTicks = JSON.stringify(labels);
            return labels;
          },
        },
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
            this.onSelect([from, to]);
          },
        ],
      },
    };
    this.el.replaceChildren();
    this.chart = new uPlot(opts, [xs, ...stacks], this.el);
    const range = this.range();
    if (range) this.showSelection(range);
  }

  /** Shows [from, to] ms as the selection, without notifying. */
  showSelection(range: [number, number]): void {
    const u = this.chart;
    if (!u) return;
    const left = u.valToPos(range[0] / 1000, 'x');
    const right = u.valToPos(range[1] / 1000, 'x');
    u.setSelect({ left, width: right - left, top: 0, height: u.bbox.height / devicePixelRatio }, false);
  }

  clearSelection(): void {
    this.chart?.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
  }
}
