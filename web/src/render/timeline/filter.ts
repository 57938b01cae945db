// The timeline's filter state and the test of one event against it.
import type { Finding } from '../../../../src/model.js';
import { LEVELS, message } from '../../timeline/events.js';
import type { EventTable } from '../../timeline/events.js';
import { findEvent } from './find.js';

/** Around a category's evidence, the warning and error events this close in time are kept too. */
const NEAR_MS = 10 * 60_000;

export interface Filter {
  levels: boolean[];
  source: number;
  /** Events kept by the category filter (evidence of its findings and warnings/errors near them), or null. */
  category: Uint8Array | null;
  text: string;
  range: [number, number] | null;
}

/** The filter that keeps every event. */
export function allFilter(): Filter {
  return { levels: LEVELS.map(() => true), source: -1, category: null, text: '', range: null };
}

/** The events of a category: the evidence of its findings, and the warnings and errors within NEAR_MS of it. */
export function categoryMask(t: EventTable, findings: Finding[], category: string): Uint8Array {
  const mask = new Uint8Array(t.count);
  const times: number[] = [];
  for (const f of findings) {
    if (f.category !== category) continue;
    for (const e of f.evidence) {
      const i = findEvent(t, e.path, e.line, e.record);
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

/** Tests events against a filter, caching their lower-cased messages for the text filter. */
export class Matcher {
  private lower: string[] | null = null;

  constructor(private readonly t: EventTable) {}

  matches(i: number, f: Filter): boolean {
    const t = this.t;
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

  /** The indices of the events the filter keeps, in order. */
  select(f: Filter): Uint32Array {
    const out = new Uint32Array(this.t.count);
    let n = 0;
    for (let i = 0; i < this.t.count; i++) if (this.matches(i, f)) out[n++] = i;
    return out.subarray(0, n);
  }
}
