// Extension telemetry event files: /var/log/azure/<extension>/events/*.json, a JSON array of
// `{Version, Timestamp, TaskName, EventLevel, Message, EventPid, EventTid, OperationId}` (backup-extension.md §1.1,
// VMBackup Utils/Event.py; the guest agent's extension-events contract). One event per record.
import type { Level, LogEvent } from '../../model.js';
import type { DocumentParser, ParseContext } from '../types.js';
import { daysInMonth } from '../../time/calendar.js';
import { fractionMs, utcFromFields } from '../../time/fields.js';
import { cap, MAX_MESSAGE_CHARS } from '../multiline.js';
import { EVENTS_SAMPLES } from './samples.js';

export const EVENTS_SOURCE = 'extension-events';

const RE_TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?\s*(Z|[+-]\d\d:?\d\d)?$/;

/** `Timestamp` as epoch ms: ISO 8601; without a zone it is UTC (Python `utcnow().isoformat()`). Null when unreadable. */
export function eventTime(text: string): number | null {
  const m = RE_TIME.exec(text.trim());
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const month = Number(mo);
  if (month < 1 || month > 12 || Number(d) < 1 || Number(d) > daysInMonth(Number(y), month) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return null;
  let offset = 0;
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    offset = (digits.charCodeAt(0) === 45 ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
  }
  return utcFromFields(Number(y), month, Number(d), Number(h), Number(mi), Number(s), fractionMs(frac, 0, frac.length)) - offset;
}

/** `EventLevel`: Critical/Error -> error, Warning -> warning, Verbose/Debug -> verbose, else info. */
export function eventLevel(value: unknown): Level {
  const v = typeof value === 'string' ? value.toLowerCase() : '';
  if (v === 'critical' || v === 'error' || v === 'fatal') return 'error';
  if (v === 'warning' || v === 'warn') return 'warning';
  if (v === 'verbose' || v === 'debug' || v === 'trace') return 'verbose';
  return 'info';
}

/** The extension an events file belongs to: the folder that holds `events/`. */
export function extensionOfEventsPath(path: string): string | undefined {
  const parts = path.split('/');
  const at = parts.lastIndexOf('events');
  return at > 0 ? parts[at - 1] : undefined;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** `Version` as the extension version: a bare `1.2.3`, or the handler folder name `Name-1.2.3`. */
function versionOf(v: string | undefined): string | undefined {
  if (v === undefined || v === '') return undefined;
  const m = /-(\d[\w.]*)$/.exec(v);
  return m !== null ? m[1] : /^\d/.test(v) ? v : undefined;
}

/** 1-based line where each element of a top-level JSON array starts (strings and nesting respected). */
export function recordLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      if (depth === 1) lines.push(line);
      inString = true;
    } else if (c === 123 || c === 91) {
      if (depth === 1) lines.push(line);
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
    } else if (depth === 1 && c !== 32 && c !== 9 && c !== 13 && c !== 44) {
      // a bare scalar element: count its first character only
      lines.push(line);
      while (i + 1 < text.length && !/[\s,\]]/.test(text[i + 1]!)) i++;
    }
  }
  return lines;
}

export function parseExtensionEvents(text: string, ctx: ParseContext): void {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    if (text.trim() !== '') ctx.problem(`not a JSON events file: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const records = Array.isArray(data) ? data : [data];
  const starts = Array.isArray(data) ? recordLines(text) : [];
  const name = extensionOfEventsPath(ctx.path);
  records.forEach((record: unknown, index) => {
    if (record === null || typeof record !== 'object') return;
    const r = record as Record<string, unknown>;
    const timeText = str(r.Timestamp) ?? '';
    const time = timeText === '' ? null : eventTime(timeText);
    const message = str(r.Message) ?? '';
    const fields: Record<string, string> = { record: String(index + 1) };
    const pairs: [string, unknown][] = [
      ['taskName', r.TaskName],
      ['eventLevel', r.EventLevel],
      ['operationId', r.OperationId],
      ['pid', r.EventPid],
      ['tid', r.EventTid],
      ['version', r.Version],
    ];
    for (const [key, value] of pairs) {
      const v = str(value);
      if (v !== undefined && v !== '') fields[key] = v;
    }
    const ev: LogEvent = {
      time,
      timeText,
      timeSource: time === null ? 'none' : 'utc',
      level: eventLevel(r.EventLevel),
      source: EVENTS_SOURCE,
      path: ctx.path,
      line: starts[index] ?? 1,
      message: cap(message, MAX_MESSAGE_CHARS),
      format: 'json',
      fields,
    };
    if (name !== undefined) {
      const version = versionOf(fields.version);
      ev.extension = version !== undefined ? { name, version } : { name };
    }
    ctx.emit(ev);
  });
}

export const extensionEventsParser: DocumentParser = {
  kind: 'document',
  id: EVENTS_SOURCE,
  description: 'extension telemetry events file (JSON)',
  globs: ['**/azure/**/events/*.json'],
  maxBytes: 16 * 1024 * 1024,
  samples: EVENTS_SAMPLES,
  parse: parseExtensionEvents,
};
