// The timeline's notable events for `--format html`: the warnings and errors around each finding.
// Core module: no Node imports. Memory stays bounded: the collector keeps at most `limit` warning/error
// events (counting the rest), and the selection keeps at most `perFinding` per finding and `total` in all.
import type { Finding, Level, LogEvent } from '../model.js';
import { cutRedacted, noteRedactions, Redactor, redactorFor } from './redact.js';

/** Minutes either side of a finding's evidence times. */
export const NOTABLE_WINDOW_MINUTES = 10;
export const NOTABLE_PER_FINDING = 50;
export const NOTABLE_TOTAL = 2000;
/** Warning/error events kept while the analysis runs (findings are known only at its end). */
export const NOTABLE_BUFFER = 20_000;
/** Characters of one message kept. */
export const NOTABLE_MESSAGE_CAP = 500;

export interface NotableEvent {
  /** ISO time (UTC); absent for evidence without a time. */
  time?: string;
  /** Absent for an evidence line that was not read as a warning/error event. */
  level?: Level;
  source?: string;
  path: string;
  line?: number;
  record?: number;
  message: string;
  /** One of the finding's evidence lines. */
  evidence?: true;
}

export interface NotableGroup {
  finding: string;
  events: NotableEvent[];
  /** Events in the window left out by the caps. */
  omitted: number;
}

export interface Notable {
  windowMinutes: number;
  perFinding: number;
  total: number;
  /** Warning/error events that did not fit the collection buffer (so could not be considered). */
  notCollected: number;
  findings: NotableGroup[];
}

export interface NotableOptions {
  windowMinutes?: number;
  perFinding?: number;
  total?: number;
  notCollected?: number;
}

/** Keeps up to `limit` warning/error events with a time, counting the rest. */
export class NotableCollector {
  readonly events: LogEvent[] = [];
  dropped = 0;
  constructor(private readonly limit = NOTABLE_BUFFER) {}
  add = (event: LogEvent): void => {
    if (event.level !== 'error' && event.level !== 'warning') return;
    if (event.time === null) return;
    if (this.events.length < this.limit) this.events.push(event);
    else this.dropped++;
  };
}

function cut(text: string): string {
  return cutRedacted(text, NOTABLE_MESSAGE_CAP);
}

function key(path: string, line: number | undefined, record: number | undefined): string {
  return `${path}\u0000${line ?? ''}\u0000${record ?? ''}`;
}

function isoOf(ms: number | null): string | undefined {
  return ms === null || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString();
}

/** For each finding: its evidence plus the warning/error events within ±window of its evidence times. */
export function selectNotable(findings: Finding[], events: Iterable<LogEvent>, opts: NotableOptions = {}): Notable {
  const windowMinutes = opts.windowMinutes ?? NOTABLE_WINDOW_MINUTES;
  const perFinding = opts.perFinding ?? NOTABLE_PER_FINDING;
  const total = opts.total ?? NOTABLE_TOTAL;
  const span = windowMinutes * 60_000;
  // The report's redactor: a secret reads the same here as in its evidence, and the report counts it.
  const redactor = redactorFor(findings) ?? new Redactor();
  let lastPath = '';
  let lastRedacted = '';
  const redactPath = (path: string): string => (path === lastPath ? lastRedacted : ((lastPath = path), (lastRedacted = redactor.text(path))));
  const redact = (text: string, path: string): string => redactor.text(text, redactPath(path));
  // Windows per finding, merged, as [from, to] ms.
  const windows = findings.map((f) => {
    const times = f.evidence.map((e) => (e.time ? Date.parse(e.time) : NaN)).filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
    const merged: [number, number][] = [];
    for (const t of times) {
      const last = merged[merged.length - 1];
      if (last && t - span <= last[1]) last[1] = Math.max(last[1], t + span);
      else merged.push([t - span, t + span]);
    }
    return merged;
  });
  const inWindow = (ws: [number, number][], t: number): boolean => ws.some(([a, b]) => t >= a && t <= b);
  const candidates: Map<string, { t: number; e: LogEvent }>[] = findings.map(() => new Map());
  const byKey = new Map<string, LogEvent>();
  const evidenceKeys = new Set(findings.flatMap((f) => f.evidence.map((e) => key(e.path, e.line, e.record))));
  for (const e of events) {
    const k = key(e.path, e.line > 0 ? e.line : undefined, e.record);
    if (evidenceKeys.has(k) && !byKey.has(k)) byKey.set(k, e);
    if (e.time === null || (e.level !== 'error' && e.level !== 'warning')) continue;
    windows.forEach((ws, i) => {
      if (ws.length > 0 && inWindow(ws, e.time!) && !candidates[i]!.has(k)) candidates[i]!.set(k, { t: e.time!, e });
    });
  }
  let left = total;
  const groups: NotableGroup[] = findings.map((f, i) => {
    const rows = new Map<string, { t: number; n: NotableEvent }>();
    for (const ev of f.evidence) {
      const k = key(ev.path, ev.line, ev.record);
      if (rows.has(k)) continue;
      const e = byKey.get(k);
      const t = e?.time ?? (ev.time ? Date.parse(ev.time) : NaN);
      const time = e ? isoOf(e.time) : ev.time;
      rows.set(k, {
        t: Number.isFinite(t) ? t : Infinity,
        n: {
          ...(time ? { time } : {}),
          ...(e ? { level: e.level, source: redact(e.source, e.path) } : {}),
          path: ev.path,
          ...(ev.line !== undefined && ev.line > 0 ? { line: ev.line } : {}),
          ...(ev.record !== undefined ? { record: ev.record } : {}),
          message: cut(redact(e ? e.message : ev.text, ev.path)),
          evidence: true,
        },
      });
    }
    for (const [k, { t, e }] of candidates[i]!) {
      if (rows.has(k)) continue;
      rows.set(k, {
        t,
        n: {
          time: isoOf(e.time)!,
          level: e.level,
          source: redact(e.source, e.path),
          path: redactPath(e.path),
          ...(e.line > 0 ? { line: e.line } : {}),
          ...(e.record !== undefined ? { record: e.record } : {}),
          message: cut(redact(e.message, e.path)),
        },
      });
    }
    // Evidence first when cutting, then the others nearest in time; shown in time order.
    const all = [...rows.values()];
    const cap = Math.min(perFinding, left);
    let kept = all;
    if (all.length > cap) {
      const evidence = all.filter((r) => r.n.evidence);
      const others = all.filter((r) => !r.n.evidence);
      const centre = evidence.find((r) => Number.isFinite(r.t))?.t ?? 0;
      others.sort((a, b) => Math.abs(a.t - centre) - Math.abs(b.t - centre));
      kept = [...evidence, ...others].slice(0, cap);
    }
    kept.sort((a, b) => a.t - b.t || (a.n.path < b.n.path ? -1 : a.n.path > b.n.path ? 1 : (a.n.line ?? a.n.record ?? 0) - (b.n.line ?? b.n.record ?? 0)));
    left -= kept.length;
    return { finding: f.id, events: kept.map((r) => r.n), omitted: all.length - kept.length };
  });
  noteRedactions(findings);
  return { windowMinutes, perFinding, total, notCollected: opts.notCollected ?? 0, findings: groups };
}
