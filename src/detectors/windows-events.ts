// Reading Windows events (EVTX and every export share the field shape documented on LogEvent.fields).
import { EVTX_MESSAGE_MAX_CHARS, type LogEvent } from '../model.js';

export interface WinEvent {
  /** Provider name, lower case, without the `Microsoft-Windows-` prefix: `vss`, `service control manager`. */
  provider: string;
  id: number;
  /** Provider and id as Event Viewer shows them, for summaries: `.NET Runtime 1026`, `Kernel-Power 41`, `VSS 8229`. */
  label: string;
  /** A data value by name (`param1`) or position (`0`). */
  data(key: string | number): string | undefined;
  /** All data values joined, for matching service and program names. */
  dataText: string;
}

/**
 * The reading of the event last asked about, made once: the engine hands an event to every detector in turn, so one
 * entry catches every repeat. Not a WeakMap keyed by the event: its entries keep each young event and reading alive
 * through the collections of the young generation, which then copy and promote them (on a Windows bundle, where every
 * record reaches the detectors, that was most of the analysis's garbage-collection time).
 */
let lastEvent: LogEvent | undefined;
let lastReading: WinEvent | undefined;

/** The Windows event behind a LogEvent, or undefined for other sources. */
export function winEvent(event: LogEvent): WinEvent | undefined {
  if (event.fields?.provider === undefined) return undefined;
  if (lastEvent !== event) {
    lastEvent = event;
    lastReading = readWinEvent(event);
  }
  return lastReading;
}

function readWinEvent(event: LogEvent): WinEvent | undefined {
  const f = event.fields;
  if (!f?.provider || f.eventId === undefined) return undefined;
  const id = Number(f.eventId);
  if (!Number.isFinite(id)) return undefined;
  // Event Viewer's Source column drops the `Microsoft-Windows-` prefix and keeps the provider's own spelling.
  const source = sourceName(f.provider);
  return new Reading(source.toLowerCase(), id, `${source} ${id}`, f);
}

function sourceName(provider: string): string {
  return provider.replace(/^microsoft-windows-/i, '');
}

/** A record's provider as `WinEvent.provider` gives it: lower case, without `Microsoft-Windows-`. */
export function winProviderName(provider: string): string {
  return sourceName(provider).toLowerCase();
}

/**
 * A class rather than an object literal with its own getter and closures: such a literal gets a hidden class of its
 * own (kept in the old generation), which holds the young closures and the fields they read until a full collection.
 */
class Reading implements WinEvent {
  #dataText: string | undefined;

  constructor(
    readonly provider: string,
    readonly id: number,
    readonly label: string,
    private readonly fields: Record<string, string>,
  ) {}

  data(key: string | number): string | undefined {
    return this.fields[`data.${key}`];
  }

  get dataText(): string {
    const f = this.fields;
    return (this.#dataText ??= Object.keys(f)
      .filter((k) => k.startsWith('data.'))
      .map((k) => f[k])
      .join(' '));
  }
}

/**
 * Whether a Windows record's text holds `pattern`: its message, or its event data, which an EVTX record's message
 * holds whole unless it was cut, and an export's rendered message may not hold at all. What `windowsText` routes by,
 * and what a detector that declares it reads.
 */
export function recordTextMatches(event: LogEvent, pattern: RegExp): boolean {
  if (pattern.test(event.message)) return true;
  if (event.source === 'evtx' && event.message.length <= EVTX_MESSAGE_MAX_CHARS) return false;
  const w = winEvent(event);
  return w !== undefined && pattern.test(w.dataText);
}

/** Whether a Windows event is `provider` (normalised) with one of `ids`. */
export function isWin(e: WinEvent | undefined, provider: string | RegExp, ids: readonly number[]): boolean {
  if (!e || !ids.includes(e.id)) return false;
  return typeof provider === 'string' ? e.provider === provider : provider.test(e.provider);
}

/** Application Error's reports of a program that failed (.NET Runtime's is 1026): a crash of the agent or an extension. */
export const APPLICATION_ERROR_IDS: readonly number[] = [1000, 1005];

/** The guest agent's Windows services and programs. */
export const AGENT_SERVICE = /WindowsAzureGuestAgent|Windows Azure Guest Agent|RdAgent|WindowsAzureTelemetryService|Windows Azure Telemetry|WaAppAgent/i;
