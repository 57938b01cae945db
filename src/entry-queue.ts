// Entries' events and results applied strictly in entry order, whichever thread parsed them and whenever they finish:
// the report does not depend on how the parses were scheduled. Memory follows the work in flight: the events of an
// entry not yet applied (behind an unfinished entry, or arriving faster than the detectors take them) are bounded by
// MAX_UNAPPLIED_WEIGHT, past which its parse waits. Core: no Node imports.
import type { LogEvent } from './model.js';
import type { EntryResult } from './entry-parse.js';

/**
 * Events of one entry held and not yet handed to the detectors, by `eventWeight`: past this, the entry's parse waits
 * before it reads on. An entry behind an unfinished one holds this much at most; a worker's entry at the head has this
 * much in flight, enough for the worker never to wait on the main thread's acknowledgements while that thread keeps up.
 */
export const MAX_UNAPPLIED_WEIGHT = 4 * 1024 * 1024;

/**
 * About the memory an event takes, in bytes: its strings and a fixed part for the object, its numbers and shared
 * strings (path, source). Cheap: counted for every event held or sent by a worker.
 */
export function eventWeight(e: LogEvent): number {
  let w = 160 + e.message.length + e.timeText.length;
  if (!rawRenderedWhenRead(e) && e.raw !== undefined) w += e.raw.length;
  if (e.fields !== undefined) for (const k in e.fields) w += 40 + k.length + e.fields[k]!.length;
  return w;
}

/**
 * Whether the event's `raw` is an accessor that renders it when first read (an EVTX record's XML, held meanwhile as
 * the parsed record): weighing or posting the event would render text that may never be read.
 */
export function rawRenderedWhenRead(e: LogEvent): boolean {
  return e.record !== undefined && Object.getOwnPropertyDescriptor(e, 'raw')?.get !== undefined;
}

/** Where applied events and results go (the analysis). */
export interface EntrySink {
  apply(event: LogEvent): void;
  finish(result: EntryResult): void;
}

/** One entry's place in the order: its parse, here or elsewhere, reports into it. */
export class EntrySlot {
  private events: LogEvent[][] = [];
  private weight = 0;
  private result: EntryResult | undefined;
  /** Given the weight of held events once applied while the parse runs elsewhere (a worker's credit). */
  onApplied: ((weight: number) => void) | undefined;

  constructor(
    readonly id: number,
    private readonly queue: ApplyQueue,
  ) {}

  /** One event of a parse on this thread: at its turn with nothing held, applied at once; else held and weighed. */
  push(event: LogEvent): void {
    if (this.queue.head === this.id && this.events.length === 0) return this.queue.sink.apply(event);
    this.weight += eventWeight(event);
    const last = this.events[this.events.length - 1];
    if (last) last.push(event);
    else this.events.push([event]);
  }

  /** A batch of events from a parse elsewhere, of `weight` in all. */
  batch(events: LogEvent[], weight: number): void {
    this.events.push(events);
    this.weight += weight;
    if (this.queue.head === this.id) this.queue.advance();
  }

  done(result: EntryResult): void {
    this.result = result;
    if (this.queue.head === this.id) this.queue.advance();
  }

  /** Before its turn and holding more than the bound: a parse on this thread waits (`ApplyQueue.turn`) to read on. */
  get held(): boolean {
    return this.queue.head !== this.id && this.weight > this.queue.maxUnapplied;
  }

  /** Applies what it holds; true once the entry is done and its result applied too. */
  flush(sink: EntrySink): boolean {
    for (const batch of this.events) for (const e of batch) sink.apply(e);
    this.events = [];
    // A parse still running elsewhere may read on (one done with it has forgotten the entry).
    if (this.onApplied && this.weight > 0 && !this.result) this.onApplied(this.weight);
    this.weight = 0;
    if (!this.result) return false;
    sink.finish(this.result);
    return true;
  }
}

export class ApplyQueue {
  /** The entry whose events are applied now. */
  head = 0;
  private next = 0;
  private readonly slots = new Map<number, EntrySlot>();
  /** Set when a parse elsewhere failed (a worker crashed): the run ends with it. */
  failure: Error | undefined;
  private waiters: (() => void)[] = [];

  constructor(
    readonly sink: EntrySink,
    readonly maxUnapplied = MAX_UNAPPLIED_WEIGHT,
  ) {}

  /** The next entry's slot. */
  open(): EntrySlot {
    const slot = new EntrySlot(this.next++, this);
    this.slots.set(slot.id, slot);
    return slot;
  }

  /** Applies finished work in entry order, as far as it goes. */
  advance(): void {
    for (;;) {
      const slot = this.slots.get(this.head);
      if (!slot || !slot.flush(this.sink)) return;
      this.slots.delete(this.head);
      this.head++;
      this.wake();
    }
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  /** Resolves when the head moves on; throws the failure once there is one. */
  async turn(): Promise<void> {
    if (!this.failure) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure;
  }

  /** Resolves once every entry opened is applied. */
  async drained(): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.head < this.next) await this.turn();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
