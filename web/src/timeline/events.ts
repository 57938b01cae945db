// The analysed events as the viewer keeps them: columns in typed arrays and one string of messages, so the
// worker hands 200,000 events to the page in one message, the arrays transferred rather than copied.
import type { Level, LogEvent } from '../../../src/model.js';
import { cutRedacted, Redactor } from '../../../src/report/redact.js';

export const LEVELS: Level[] = ['error', 'warning', 'info', 'verbose'];
/**
 * Events kept at most; the rest are counted by level and the page says so. Errors and warnings go first: once
 * the table is full, each one that comes takes the place of a kept verbose or info line.
 */
export const MAX_EVENTS = 200_000;
/** Characters of a message kept. */
export const MESSAGE_CHARS = 300;

export interface EventTable {
  /** Events kept, sorted by time. */
  count: number;
  /** ms since the epoch, UTC. */
  times: Float64Array;
  /** Index into LEVELS. */
  levels: Uint8Array;
  sourceNames: string[];
  sources: Uint16Array;
  pathNames: string[];
  paths: Uint32Array;
  /** 1-based line, 0 for records. */
  lines: Uint32Array;
  /** EVTX record number, -1 without one. */
  records: Float64Array;
  /** All messages joined; message i is text.slice(offsets[i], offsets[i + 1]). */
  text: string;
  offsets: Uint32Array;
  /** Events not kept past MAX_EVENTS, by level (LEVELS order), and events without a time (not listed). */
  dropped: number[];
  untimed: number;
}

interface Kept {
  time: number;
  level: number;
  source: number;
  path: number;
  line: number;
  record: number;
  message: string;
}

/**
 * A copy of `text` that shares no storage with the string it was cut from. V8 keeps a slice (a line, a message cut
 * from it) as a view of its parent, so a kept message would keep the whole decoded chunk of the log alive: an error
 * now and then over a large bundle kept most of the bundle's text. Joined to one character, the copy is made flat,
 * and the slice taken off it holds only that copy.
 */
function detached(text: string): string {
  return (' ' + text).slice(1);
}

export class EventCollector {
  /** Kept events by level (LEVELS order), each in arrival order. */
  private readonly kept: Kept[][] = LEVELS.map(() => []);
  private count = 0;
  private readonly sourceIds = new Map<string, number>();
  private readonly pathIds = new Map<string, number>();
  private readonly dropped = [0, 0, 0, 0];
  private untimed = 0;

  /** Redacts while the bundle is read (the messages are kept redacted); `table(into)` renumbers its tokens. */
  private readonly redactor = new Redactor();

  constructor(private readonly max = MAX_EVENTS) {}

  private id(map: Map<string, number>, name: string): number {
    let id = map.get(name);
    if (id === undefined) map.set(detached(name), (id = map.size));
    return id;
  }

  add(e: LogEvent): void {
    if (e.time === null || !Number.isFinite(e.time)) {
      this.untimed++;
      return;
    }
    const level = Math.max(0, LEVELS.indexOf(e.level));
    if (this.count >= this.max) {
      // Full: the newest kept line of the least severe level below this one gives way, or this one is left out.
      let lower = LEVELS.length - 1;
      while (lower > level && this.kept[lower]!.length === 0) lower--;
      if (lower <= level) {
        this.dropped[level]!++;
        return;
      }
      this.kept[lower]!.pop();
      this.dropped[lower]!++;
      this.count--;
    }
    // Secrets are redacted here as in every output of the CLI, before the message is cut (a cut secret could pass).
    const message = detached(cutRedacted(this.redactor.text(e.message, e.path), MESSAGE_CHARS - 1));
    this.count++;
    this.kept[level]!.push({
      time: e.time,
      level,
      source: this.id(this.sourceIds, this.redactor.text(e.source, e.path)),
      path: this.id(this.pathIds, this.redactor.text(e.path)),
      line: e.line > 0 ? e.line : 0,
      record: e.record ?? -1,
      message,
    });
  }

  /**
   * True once no info event can be kept: the table is full and holds no verbose line for one to take the place of.
   * It stays so (a verbose line is never kept once full), so the analysis may count routine info lines from then on.
   */
  dropsInfo(): boolean {
    return this.count >= this.max && this.kept[LEVELS.indexOf('verbose')]!.length === 0;
  }

  /** A routine info event counted, not made (once `dropsInfo`): what `add` does with such an event. */
  addCounted(time: number | null): void {
    if (time === null || !Number.isFinite(time)) this.untimed++;
    else this.dropped[LEVELS.indexOf('info')]!++;
  }

  /**
   * The kept events, sorted by time. With `into` (the report's redactor), each secret's token is the one the report
   * gives it, so that an evidence line and its event read the same.
   */
  table(into?: Redactor): EventTable {
    // By time; the sort is stable, so events of one file keep their order (no index pairs: 200,000 of them were a
    // good part of the renderer's peak at the end of a large bundle).
    const kept = this.kept.flat().sort((a, b) => a.time - b.time);
    const n = kept.length;
    const renumber = (text: string): string => (into ? into.translate(text, this.redactor) : text);
    const t: EventTable = {
      count: n,
      times: new Float64Array(n),
      levels: new Uint8Array(n),
      sourceNames: [...this.sourceIds.keys()].map(renumber),
      sources: new Uint16Array(n),
      pathNames: [...this.pathIds.keys()].map(renumber),
      paths: new Uint32Array(n),
      lines: new Uint32Array(n),
      records: new Float64Array(n),
      text: '',
      offsets: new Uint32Array(n + 1),
      dropped: this.dropped,
      untimed: this.untimed,
    };
    const parts: string[] = [];
    let offset = 0;
    kept.forEach((k, i) => {
      t.times[i] = k.time;
      t.levels[i] = k.level;
      t.sources[i] = k.source;
      t.paths[i] = k.path;
      t.lines[i] = k.line;
      t.records[i] = k.record;
      t.offsets[i] = offset;
      const message = renumber(k.message);
      parts.push(message);
      offset += message.length;
    });
    t.offsets[n] = offset;
    t.text = parts.join('');
    return t;
  }
}

/** The buffers to transfer with a table. */
export function transferables(t: EventTable): ArrayBuffer[] {
  return [t.times, t.levels, t.sources, t.paths, t.lines, t.records, t.offsets].map((a) => a.buffer as ArrayBuffer);
}

export function message(t: EventTable, i: number): string {
  return t.text.slice(t.offsets[i], t.offsets[i + 1]);
}

/** `path:line`, `path record N`, or the path. */
export function place(t: EventTable, i: number): string {
  const path = t.pathNames[t.paths[i]!] ?? '';
  if (t.lines[i]! > 0) return `${path}:${t.lines[i]}`;
  if (t.records[i]! >= 0) return `${path} record ${t.records[i]}`;
  return path;
}
