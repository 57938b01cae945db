// Which events reach which detector: warnings, errors and kernel events reach all; info lines those whose `watch`
// keywords they hold; Windows records those that declare them (`windowsEvents`, `windowsText`). The parse keeps
// what some detector wants (`interestFilter`), skims what none does (`quietCheck`), and the analysis hands each
// kept event to its readers (`eventDispatcher`). Core: no Node imports.
import type { LogEvent } from './model.js';
import type { Detector } from './detectors/types.js';
import type { DetectorRun } from './detectors/engine.js';
import { KeywordSet } from './text/keyword-set.js';
import { isStateEvent } from './detectors/event-text.js';
import { recordTextMatches, winProviderName } from './detectors/windows-events.js';

/**
 * Which events any detector wants: warnings, errors and classified events (`fields.kind`) always; info lines only
 * when they contain a keyword of some detector's `watch` list (a detector without one wants everything); Windows
 * info records only when some detector declares them (a detector without `windowsEvents` wants them all).
 */
export function interestFilter(detectors: readonly Detector[]): (event: LogEvent) => boolean {
  if (detectors.some((d) => !d.meta.watch)) return () => true;
  const union = watchUnion(detectors);
  const records = detectors.some((d) => !d.meta.windowsEvents) ? undefined : new RecordRouting(detectors.map((d) => d.meta.windowsEvents ?? []));
  const texts = anyOf(detectors.flatMap((d) => (d.meta.windowsText ? [d.meta.windowsText] : [])));
  return (event) => {
    if (isStateEvent(event)) return false;
    const fields = event.fields;
    if (event.level === 'error' || event.level === 'warning' || fields?.kind !== undefined) return true;
    if (fields?.eventId !== undefined) {
      if (records === undefined || records.readers(fields.eventId, fields.provider) !== undefined) return true;
      for (const text of texts) if (recordTextMatches(event, text)) return true;
    }
    return event.routine !== true && (union?.test(event.message) ?? false);
  };
}

/**
 * Patterns matching where any of `patterns` does, the plain ones (no flag but `i`, no back-reference) joined into
 * one, case-insensitive when any is: one pass over a record's text, not one per detector. Joining matches more, never
 * less: this only decides what the parse keeps, and each detector is handed what its own pattern matches
 * (`eventDispatcher`).
 */
export function anyOf(patterns: readonly RegExp[]): RegExp[] {
  // A back-reference would point at another group once joined.
  const plain = patterns.filter((p) => /^i?$/.test(p.flags) && !/\\(?:[1-9]|k<)/.test(p.source));
  if (plain.length <= 1) return [...patterns];
  const joined = new RegExp(plain.map((p) => `(?:${p.source})`).join('|'), plain.some((p) => p.flags === 'i') ? 'i' : '');
  return [joined, ...patterns.filter((p) => !plain.includes(p))];
}

/** Every detector's watch keywords in one set; undefined when there are none. */
function watchUnion(detectors: readonly Detector[]): KeywordSet | undefined {
  const words = detectors.flatMap((d) => d.meta.watch ?? []);
  return words.length > 0 ? keywordSet(words) : undefined;
}

/**
 * Built sets by their keywords, shared by every analysis of this thread: building one fills tables of 32K entries,
 * and an analysis wants about forty (one per detector, the unions), which cost a small bundle more than reading it
 * (`logscan fleet` analyses hundreds a second). A set is read-only once built. Bounded for callers with ever new lists.
 */
const keywordSets = new Map<string, KeywordSet>();
const MAX_KEYWORD_SETS = 512;

function keywordSet(words: readonly string[]): KeywordSet {
  const key = words.join('\u0000');
  let set = keywordSets.get(key);
  if (!set) {
    if (keywordSets.size >= MAX_KEYWORD_SETS) keywordSets.clear();
    keywordSets.set(key, (set = new KeywordSet(words)));
  }
  return set;
}

/**
 * `ParseContext.quiet` for these detectors: true when bytes hold none of their watch keywords. Undefined when
 * some detector wants every event (nothing is routine then).
 */
export function quietCheck(detectors: readonly Detector[]): ((b: Uint8Array, start: number, end: number) => boolean) | undefined {
  if (detectors.some((d) => !d.meta.watch)) return undefined;
  const union = watchUnion(detectors);
  return union ? (b, start, end) => !union.testBytes(b, start, end) : () => true;
}

/** Hands each event to the detectors that want it (see `interestFilter`). */
export function eventDispatcher(runs: DetectorRun[], failed: (run: DetectorRun, error: unknown) => void): (event: LogEvent) => void {
  const listening = runs
    .filter((r) => r.visitor.event)
    .map((r) => {
      const words = r.detector.meta.watch;
      const visit = r.visitor.event!.bind(r.visitor);
      const event = (e: LogEvent): void => {
        try {
          visit(e);
        } catch (error) {
          failed(r, error);
        }
      };
      return {
        event,
        all: words === undefined,
        watch: words && words.length > 0 ? keywordSet(words) : undefined,
        windowsEvents: r.detector.meta.windowsEvents,
        windowsText: r.detector.meta.windowsEvents ? r.detector.meta.windowsText : undefined,
      };
    });
  const always = listening.filter((l) => l.all);
  const watching = listening.filter((l) => !l.all);
  const words = watching.flatMap((l) => l.watch?.keywords ?? []);
  const union = words.length > 0 ? keywordSet(words) : undefined;
  // The detector (index in `watching`) each keyword of the union is from: one scan of a message finds every
  // detector it is for, where testing each detector's own set scanned it once per detector (~40 of them).
  const ownerOf = watching.flatMap((l, i) => (l.watch?.keywords ?? []).map(() => i));
  // The detectors each Windows record is for: those that read every record, and those that named its id or provider.
  const everyRecord = watching.flatMap((l, i) => (l.windowsEvents === undefined ? [i] : []));
  const records = new RecordRouting(watching.map((l) => l.windowsEvents ?? []));
  const textReaders = watching.flatMap((l, i) => (l.windowsText ? [{ index: i, text: l.windowsText }] : []));
  /** `watching[i]` wants the current event when `wanted[i] === stamp` (no clearing between events). */
  const wanted = new Float64Array(watching.length);
  let stamp = 0;
  let any = false;
  const note = (index: number): void => {
    wanted[ownerOf[index]!] = stamp;
    any = true;
  };
  const want = (indexes: readonly number[] | undefined): void => {
    if (indexes === undefined || indexes.length === 0) return;
    for (const i of indexes) wanted[i] = stamp;
    any = true;
  };
  return (event) => {
    if (isStateEvent(event)) return;
    for (const l of always) l.event(event);
    // Warnings, errors and kernel events a parser classified (`fields.kind`) reach every detector.
    if (event.level === 'error' || event.level === 'warning' || event.fields?.kind !== undefined) {
      for (const l of watching) l.event(event);
      return;
    }
    // Info lines and Windows info records reach the detectors whose keywords they hold; a record also those that
    // read its event id. In detector order, once each.
    stamp++;
    any = false;
    const fields = event.fields;
    if (fields?.eventId !== undefined) {
      want(everyRecord);
      want(records.readers(fields.eventId, fields.provider));
      for (const r of textReaders) {
        if (wanted[r.index] !== stamp && recordTextMatches(event, r.text)) {
          wanted[r.index] = stamp;
          any = true;
        }
      }
    }
    if (event.routine !== true && union) union.forEachIn(event.message, note);
    if (any) for (let i = 0; i < watching.length; i++) if (wanted[i] === stamp) watching[i]!.event(event);
  };
}

/**
 * Which of a list of `DetectorMeta.windowsEvents` declarations name a Windows record, by its event id or provider:
 * the indexes into the list, in order, or undefined for none.
 */
class RecordRouting {
  private readonly byId = new Map<number, number[]>();
  private readonly byProvider = new Map<string, number[]>();
  /** Raw provider names as records spell them, to the indexes that read them (a bundle has a few hundred). */
  private readonly providerSeen = new Map<string, number[] | undefined>();

  constructor(declarations: readonly (readonly (number | string)[])[]) {
    declarations.forEach((names, i) => {
      for (const name of names) {
        const map: Map<number | string, number[]> = typeof name === 'number' ? this.byId : this.byProvider;
        const list = map.get(name) ?? [];
        if (list.at(-1) !== i) list.push(i);
        map.set(name, list);
      }
    });
  }

  readers(eventId: string, provider: string | undefined): readonly number[] | undefined {
    const byId = this.byId.get(Number(eventId));
    const byProvider = provider === undefined || this.byProvider.size === 0 ? undefined : this.ofProvider(provider);
    if (byId === undefined || byProvider === undefined) return byId ?? byProvider;
    return [...new Set([...byId, ...byProvider])].sort((a, b) => a - b);
  }

  private ofProvider(provider: string): number[] | undefined {
    if (this.providerSeen.has(provider)) return this.providerSeen.get(provider);
    const readers = this.byProvider.get(winProviderName(provider));
    if (this.providerSeen.size < MAX_PROVIDERS_SEEN) this.providerSeen.set(provider, readers);
    return readers;
  }
}

const MAX_PROVIDERS_SEEN = 4096;
