// Reading Windows events (EVTX and every export share the field shape documented on LogEvent.fields).
import type { LogEvent } from '../model.js';

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
 * Each Windows event's reading, made once: the engine hands an event to every detector in turn. Keyed by the event
 * itself (weakly), so nothing outlives the events or ties one analysis to another.
 */
const readings = new WeakMap<LogEvent, WinEvent | null>();

/** The Windows event behind a LogEvent, or undefined for other sources. */
export function winEvent(event: LogEvent): WinEvent | undefined {
  if (event.fields?.provider === undefined) return undefined;
  let reading = readings.get(event);
  if (reading === undefined) {
    reading = readWinEvent(event) ?? null;
    readings.set(event, reading);
  }
  return reading ?? undefined;
}

function readWinEvent(event: LogEvent): WinEvent | undefined {
  const f = event.fields;
  if (!f?.provider || f.eventId === undefined) return undefined;
  const id = Number(f.eventId);
  if (!Number.isFinite(id)) return undefined;
  // Event Viewer's Source column drops the `Microsoft-Windows-` prefix and keeps the provider's own spelling.
  const source = f.provider.replace(/^microsoft-windows-/i, '');
  const provider = source.toLowerCase();
  let dataText: string | undefined;
  return {
    provider,
    id,
    label: `${source} ${id}`,
    data: (key) => f[`data.${key}`],
    get dataText() {
      dataText ??= Object.keys(f)
        .filter((k) => k.startsWith('data.'))
        .map((k) => f[k])
        .join(' ');
      return dataText;
    },
  };
}

/** Whether a Windows event is `provider` (normalised) with one of `ids`. */
export function isWin(e: WinEvent | undefined, provider: string | RegExp, ids: readonly number[]): boolean {
  if (!e || !ids.includes(e.id)) return false;
  return typeof provider === 'string' ? e.provider === provider : provider.test(e.provider);
}

/** The guest agent's Windows services and programs. */
export const AGENT_SERVICE = /WindowsAzureGuestAgent|Windows Azure Guest Agent|RdAgent|WindowsAzureTelemetryService|Windows Azure Telemetry|WaAppAgent/i;
