// The analysed events as the viewer keeps them: columns in typed arrays and the messages as UTF-8 bytes, so the
// worker hands 200,000 events to the page in one message, every array transferred rather than copied.
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
  /**
   * All messages joined, as UTF-8; message i is bytes offsets[i] to offsets[i + 1]. Bytes, not one string: a string
   * is copied to the page (twice: serialised, then read), the bytes are moved, and the page decodes only the
   * messages it shows or searches.
   */
  bytes: Uint8Array;
  offsets: Uint32Array;
  /** Events not kept past MAX_EVENTS, by level (LEVELS order), and events without a time (not listed). */
  dropped: number[];
  untimed: number;
}

/**
 * A copy of `text` that shares no storage with the string it was cut from. V8 keeps a slice (a path, a name cut
 * from a line) as a view of its parent, so a kept name would keep the whole decoded chunk of the log alive. Joined
 * to one character, the copy is made flat, and the slice taken off it holds only that copy.
 */
function detached(text: string): string {
  return (' ' + text).slice(1);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Where a message with a character past ASCII is encoded before it is copied into its block: one array, reused. A
 * fresh view of the block handed to `encodeInto` for each kept event outlived the young generation's collections
 * (allocation sampling: none was freed before a full collection, as if Chromium held a wrapper for an array it is
 * given to write into): about 250 KB survived each young collection instead of 20 KB, V8 grows the young
 * generation by what survives, and on a 1 GB bundle it reached 2 x 32 MB, with the ArrayBuffers freed only as often
 * as it filled.
 */
let scratch = new Uint8Array(3 * MESSAGE_CHARS);

/** Writes `message` as UTF-8 into `block` from `at` (room for 3 bytes a UTF-16 unit); returns the bytes written. */
function writeUtf8(message: string, block: Uint8Array, at: number): number {
  const n = message.length;
  for (let i = 0; i < n; i++) {
    const c = message.charCodeAt(i);
    if (c >= 0x80) {
      if (3 * n > scratch.length) scratch = new Uint8Array(3 * n);
      const { written } = encoder.encodeInto(message, scratch);
      for (let j = 0; j < written; j++) block[at + j] = scratch[j]!;
      return written;
    }
    block[at + i] = c;
  }
  return n;
}

/** Bytes of one block of kept messages: a message never spans two. */
const BLOCK = 256 * 1024;

/**
 * The columns of every kept event, in slots shared by the levels: typed arrays, not objects (200,000 events kept as
 * objects and strings were most of the worker's live heap, about 50 MB). One pool, not columns per level: a level's
 * columns never shrink, so once errors and warnings had taken the places of info lines (the larger the bundle, the
 * more of them), their columns had grown beside the info ones, up to 6.6 MB a level (33 bytes an event). A slot
 * given up (`release`) is the next one taken.
 */
class Slots {
  private capacity = 0;
  private used = 0;
  private free: number[] = [];
  times = new Float64Array(0);
  sources = new Uint16Array(0);
  paths = new Uint32Array(0);
  lines = new Uint32Array(0);
  records = new Float64Array(0);
  /** The message of slot i is in its level's blocks[floor(starts[i] / BLOCK)], from starts[i] % BLOCK, `sizes[i]` bytes. */
  starts = new Uint32Array(0);
  sizes = new Uint16Array(0);
  /** 1 where the message is not all ASCII (only such a message can hold a redaction token). */
  wide = new Uint8Array(0);

  /** `max`: events kept at once (the table's size). */
  constructor(private readonly max: number) {}

  take(): number {
    const freed = this.free.pop();
    if (freed !== undefined) return freed;
    if (this.used === this.capacity) this.grow(Math.min(this.max, Math.max(1024, this.capacity * 2)));
    return this.used++;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  private grow(capacity: number): void {
    const copy = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.times = copy(this.times, new Float64Array(capacity));
    this.sources = copy(this.sources, new Uint16Array(capacity));
    this.paths = copy(this.paths, new Uint32Array(capacity));
    this.lines = copy(this.lines, new Uint32Array(capacity));
    this.records = copy(this.records, new Float64Array(capacity));
    this.starts = copy(this.starts, new Uint32Array(capacity));
    this.sizes = copy(this.sizes, new Uint16Array(capacity));
    this.wide = copy(this.wide, new Uint8Array(capacity));
    this.capacity = capacity;
  }
}

/**
 * The events of one level kept so far, in arrival order: their slots, and their messages as UTF-8 in blocks of bytes.
 * Only the newest event is ever taken away (`pop`), so a stack is all a level needs. Blocks, not one array grown by
 * doubling: a doubled array held up to twice the messages (two 32 MB arrays for 200,000 messages).
 */
class LevelStack {
  length = 0;
  /** The slot of each event, oldest first. */
  private order = new Uint32Array(0);
  private readonly blocks: Uint8Array[] = [];
  /** Bytes used in the last block. */
  private used = 0;

  /** `max`: events this level can ever hold (the table's size). */
  constructor(
    readonly slots: Slots,
    private readonly max: number,
  ) {}

  /** The slot of the level's event i. */
  slot(i: number): number {
    return this.order[i]!;
  }

  push(time: number, source: number, path: number, line: number, record: number, message: string): void {
    if (this.length === this.order.length) {
      const order = new Uint32Array(Math.min(this.max, Math.max(1024, this.order.length * 2)));
      order.set(this.order);
      this.order = order;
    }
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a message is at most MESSAGE_CHARS of them).
    if (this.blocks.length === 0 || this.used + 3 * message.length > BLOCK) {
      this.blocks.push(new Uint8Array(BLOCK));
      this.used = 0;
    }
    const written = writeUtf8(message, this.blocks[this.blocks.length - 1]!, this.used);
    const s = this.slots;
    const k = s.take();
    this.order[this.length++] = k;
    s.times[k] = time;
    s.sources[k] = source;
    s.paths[k] = path;
    s.lines[k] = line;
    s.records[k] = record;
    s.starts[k] = (this.blocks.length - 1) * BLOCK + this.used;
    s.sizes[k] = written;
    s.wide[k] = written === message.length ? 0 : 1;
    this.used += written;
  }

  /** Gives up the newest event, its slot, and the block its message began when it was the block's first. */
  pop(): void {
    const k = this.order[--this.length]!;
    const start = this.slots.starts[k]!;
    this.slots.release(k);
    const block = Math.floor(start / BLOCK);
    this.used = start - block * BLOCK;
    if (this.used === 0) {
      this.blocks.length = block;
      this.used = BLOCK; // full: the next message starts a block
    }
  }

  /** The UTF-8 bytes of the message in slot k (one of this level's). */
  message(k: number): Uint8Array {
    const start = this.slots.starts[k]!;
    const block = Math.floor(start / BLOCK);
    const at = start - block * BLOCK;
    return this.blocks[block]!.subarray(at, at + this.slots.sizes[k]!);
  }
}

export class EventCollector {
  /** Kept events by level (LEVELS order), each in arrival order. */
  private readonly kept: LevelStack[];
  private count = 0;
  private readonly sourceIds = new Map<string, number>();
  private readonly pathIds = new Map<string, number>();
  private readonly dropped = [0, 0, 0, 0];
  private untimed = 0;

  /** Redacts while the bundle is read (the messages are kept redacted); `table(into)` renumbers its tokens. */
  private readonly redactor = new Redactor();

  constructor(private readonly max = MAX_EVENTS) {
    const slots = new Slots(max);
    this.kept = LEVELS.map(() => new LevelStack(slots, max));
  }

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
    const message = cutRedacted(this.redactor.text(e.message, e.path), MESSAGE_CHARS - 1);
    this.count++;
    this.kept[level]!.push(
      e.time,
      this.id(this.sourceIds, this.redactor.text(e.source, e.path)),
      this.id(this.pathIds, this.redactor.text(e.path)),
      e.line > 0 ? e.line : 0,
      e.record ?? -1,
      message,
    );
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
    // By time, events of one file in their order: flat indices (level by level, each in arrival order) sorted by
    // time, then by index (no index pairs: 200,000 of them were a good part of the renderer's peak at the end).
    const n = this.kept.reduce((sum, level) => sum + level.length, 0);
    const flatTimes = new Float64Array(n);
    const flatLevels = new Uint8Array(n);
    const slotOf = new Uint32Array(n);
    const slots = this.kept[0]!.slots;
    let flat = 0;
    this.kept.forEach((level, l) => {
      flatLevels.fill(l, flat, flat + level.length);
      for (let i = 0; i < level.length; i++) {
        const k = level.slot(i);
        slotOf[flat + i] = k;
        flatTimes[flat + i] = slots.times[k]!;
      }
      flat += level.length;
    });
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => flatTimes[a]! - flatTimes[b]! || a - b);
    // A message with a token takes the report's number for it (`into`): decoded, renumbered, encoded again.
    const renumbered = new Map<number, Uint8Array>();
    let size = 0;
    for (const k of order) {
      const slot = slotOf[k]!;
      const bytes = this.kept[flatLevels[k]!]!.message(slot);
      if (into && slots.wide[slot]) {
        const text = decoder.decode(bytes);
        const translated = into.translate(text, this.redactor);
        if (translated !== text) {
          const again = encoder.encode(translated);
          renumbered.set(k, again);
          size += again.length;
          continue;
        }
      }
      size += bytes.length;
    }
    const t: EventTable = {
      count: n,
      times: new Float64Array(n),
      levels: new Uint8Array(n),
      sourceNames: [...this.sourceIds.keys()].map((name) => (into ? into.translate(name, this.redactor) : name)),
      sources: new Uint16Array(n),
      pathNames: [...this.pathIds.keys()].map((name) => (into ? into.translate(name, this.redactor) : name)),
      paths: new Uint32Array(n),
      lines: new Uint32Array(n),
      records: new Float64Array(n),
      bytes: new Uint8Array(size),
      offsets: new Uint32Array(n + 1),
      dropped: this.dropped,
      untimed: this.untimed,
    };
    let offset = 0;
    order.forEach((k, i) => {
      const level = flatLevels[k]!;
      const slot = slotOf[k]!;
      t.times[i] = flatTimes[k]!;
      t.levels[i] = level;
      t.sources[i] = slots.sources[slot]!;
      t.paths[i] = slots.paths[slot]!;
      t.lines[i] = slots.lines[slot]!;
      t.records[i] = slots.records[slot]!;
      t.offsets[i] = offset;
      const bytes = renumbered.get(k) ?? this.kept[level]!.message(slot);
      t.bytes.set(bytes, offset);
      offset += bytes.length;
    });
    t.offsets[n] = offset;
    return t;
  }
}

/** The buffers to transfer with a table. */
export function transferables(t: EventTable): ArrayBuffer[] {
  return [t.times, t.levels, t.sources, t.paths, t.lines, t.records, t.bytes, t.offsets].map((a) => a.buffer as ArrayBuffer);
}

export function message(t: EventTable, i: number): string {
  return decoder.decode(t.bytes.subarray(t.offsets[i], t.offsets[i + 1]));
}

/** `path:line`, `path record N`, or the path. */
export function place(t: EventTable, i: number): string {
  const path = t.pathNames[t.paths[i]!] ?? '';
  if (t.lines[i]! > 0) return `${path}:${t.lines[i]}`;
  if (t.records[i]! >= 0) return `${path} record ${t.records[i]}`;
  return path;
}
