// Shared pieces of the Windows event-export parsers (../shared/docs/evtx.md §4): level names in the languages
// Event Viewer and wevtutil print, the summary message for events that carry no rendered one, size caps, and the
// clean-up of the first lines handed to `sniff` (the router decodes them as UTF-8 even when the file is UTF-16).
import type { Level, LogEvent, TimeSource } from '../../model.js';
import type { ParseContext } from '../types.js';
import { NOTHING } from './labels.js';

export const EVENT_XML_SOURCE = 'event-xml';
export const EVENT_TEXT_SOURCE = 'event-text';
export const EVENT_CSV_SOURCE = 'event-csv';
export const EVENT_JSON_SOURCE = 'event-json';

/** `raw` keeps at most this much of an event's original text. */
export const MAX_RAW = 8 * 1024;
/** Longest message kept. */
export const MAX_MESSAGE = 16 * 1024;
/** Longest single field value kept (event data can hold large blobs). */
export const MAX_FIELD = 4 * 1024;
/** Longest summary message built from the event data (as the EVTX parser). */
const MAX_SUMMARY = 2000;
/** An event bigger than this (text gathered over lines) is given up as damaged. */
export const MAX_EVENT_CHARS = 4 * 1024 * 1024;
/** Problems reported per file for damaged events, beyond which they are only counted. */
export const MAX_PROBLEMS = 5;

export function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

export function isBlank(text: string): boolean {
  return text.trim().length === 0;
}

/** EVTX numeric levels: 1 critical, 2 error, 3 warning, 4 information (and 0, LogAlways), 5 verbose. */
export function levelFromNumber(n: number): Level {
  if (n === 1 || n === 2) return 'error';
  if (n === 3) return 'warning';
  if (n === 5) return 'verbose';
  return 'info';
}

// Display names of the five levels as Event Viewer, wevtutil and PowerShell print them, in English and in the
// Windows display languages most often met (the value is localised, the key in wevtutil text is not).
// Security-log "Audit Success" / "Audit Failure" stand where the level is for audit events, whose level is 0
// (LogAlways): they read as information, as the same record does in an .evtx file.
const LEVEL_WORDS: [Level, string[]][] = [
  [
    'error',
    [
      'critical', 'error', // en
      'critique', 'erreur', // fr
      'kritisch', 'fehler', // de
      'crítico', 'critico', 'errore', 'erro', // es, it, pt
      'kritiek', 'fout', // nl
      'критический', 'критическая', 'критично', 'ошибка', // ru
      'krytyczny', 'krytyczne', 'błąd', // pl
      'kritik', 'hata', // tr
      'kritisk', 'fel', 'fejl', 'feil', // sv, da, nb
      'kriittinen', 'virhe', // fi
      'kritikus', 'hiba', // hu
      'kritická', 'kritické', 'chyba', // cs
      '重大', 'エラー', // ja
      '关键', '错误', '嚴重', '錯誤', '重要', // zh
      '위험', '오류', // ko
    ],
  ],
  [
    'warning',
    [
      'warning', 'avertissement', 'warnung', 'advertencia', 'avviso', 'aviso', 'waarschuwing', 'предупреждение',
      'ostrzeżenie', 'uyarı', 'varning', 'advarsel', 'varoitus', 'figyelmeztetés', 'upozornění', '警告', '경고',
    ],
  ],
  [
    'info',
    [
      'information', 'informations', 'informationen', 'información', 'informazioni', 'informações', 'informação',
      'informatie', 'сведения', 'информация', 'информационное', 'informacje', 'bilgi', 'oplysninger', 'informasjon',
      'tiedot', 'információ', 'informace', '情報', '信息', '資訊', '정보', 'logalways',
      'audit success', 'audit failure', 'succès de l’audit', "succès de l'audit", 'échec de l’audit', "échec de l'audit",
      'überwachung erfolgreich', 'überwachung gescheitert', 'überwachungserfolg', 'überwachungsfehler',
      'аудит успеха', 'аудит отказа', 'auditoría correcta', 'error de auditoría', 'controllo riuscito',
      'controllo non riuscito', 'êxito de auditoria', 'falha de auditoria', 'geslaagde controle', 'mislukte controle',
      '成功の監査', '失敗の監査', '审核成功', '审核失败', '감사 성공', '감사 실패',
    ],
  ],
  [
    'verbose',
    [
      'verbose', 'commentaires', 'détaillé', 'ausführlich', 'detallado', 'dettagliato', 'detalhado', 'uitgebreid',
      'подробности', 'подробно', 'pełne', 'szczegółowe', 'ayrıntılı', 'utförlig', 'detaljeret', 'detaljert',
      'monisanainen', 'részletes', 'podrobné', '詳細', '详细', '詳細資料', '자세한 정보',
    ],
  ],
];

const LEVEL_BY_NAME = new Map<string, Level>(LEVEL_WORDS.flatMap(([level, words]) => words.map((w) => [w, level] as const)));

/** A level display name (any of the languages above) or a number; undefined when unknown. */
export function levelFromName(name: string | undefined): Level | undefined {
  if (name === undefined) return undefined;
  const key = name.trim().toLowerCase();
  if (key === '') return undefined;
  if (/^\d+$/.test(key)) return levelFromNumber(Number(key));
  return LEVEL_BY_NAME.get(key) ?? LEVEL_BY_NAME.get(key.replace(/\s+/g, ' '));
}

/** True for values that mean "nothing here" in wevtutil text and Event Viewer exports. */
export function isNothing(value: string | undefined): boolean {
  return value === undefined || value === '' || NOTHING.has(value);
}

/** Sets `fields[key]` to a trimmed, capped value when there is one. */
export function put(fields: Record<string, string>, key: string, value: string | undefined | null): void {
  if (value === undefined || value === null) return;
  const v = value.trim();
  if (v === '') return;
  fields[key] = cut(v, MAX_FIELD);
}

/**
 * `Provider EventID: name=value; value; …` for an event with no rendered message, as the EVTX parser writes it:
 * unnamed (positional) data values alone, line breaks and tabs as spaces, 2000 characters at most.
 */
export function summaryMessage(fields: Record<string, string>): string {
  const head = [fields.provider, fields.eventId].filter((x) => x !== undefined && x !== '').join(' ') || 'event';
  let summary = '';
  for (const [k, v] of Object.entries(fields)) {
    if (!k.startsWith('data.') || summary.length >= MAX_SUMMARY) continue;
    const name = k.slice(5);
    if (summary.length > 0) summary += '; ';
    summary += /^\d+$/.test(name) ? v : `${name}=${v}`;
  }
  let message = summary.length > 0 ? `${head}: ${summary}` : head;
  if (/[\r\n\t]/.test(message)) message = message.replace(/\s*[\r\n]+\s*|\t/g, ' ');
  return message.length > MAX_SUMMARY ? `${message.slice(0, MAX_SUMMARY)} …` : message;
}

/** The message: the rendered one when present (and not `N/A`), else the summary. */
export function messageOf(rendered: string | undefined | null, fields: Record<string, string>): string {
  // trim(), not /^\s+|\s+$/g: the pattern retried `\s+$` at every blank of a long run inside the text (quadratic).
  const r = rendered?.replace(/\r\n?/g, '\n').trim();
  return r !== undefined && !isNothing(r) ? cut(r, MAX_MESSAGE) : summaryMessage(fields);
}

export interface TimeValue {
  time: number | null;
  timeText: string;
  timeSource: TimeSource;
}

export const NO_TIME: TimeValue = { time: null, timeText: '', timeSource: 'none' };

/** Builds the LogEvent every parser emits. */
export function makeEvent(
  ctx: ParseContext,
  source: string,
  parts: {
    line: number;
    endLine?: number;
    time: TimeValue;
    level: Level;
    message: string;
    fields: Record<string, string>;
    format: string;
    raw: string;
  },
): LogEvent {
  const event: LogEvent = {
    time: parts.time.time,
    timeText: parts.time.timeText,
    timeSource: parts.time.timeSource,
    level: parts.level,
    source,
    path: ctx.path,
    line: parts.line,
    message: parts.message,
    fields: parts.fields,
    format: parts.format,
    raw: cut(parts.raw, MAX_RAW),
  };
  if (parts.endLine !== undefined && parts.endLine > parts.line) event.endLine = parts.endLine;
  const record = parts.fields.recordId;
  if (record !== undefined && /^\d{1,15}$/.test(record)) event.record = Number(record);
  return event;
}

/** Keywords written as a decimal (signed) 64-bit number -> the `0x…` form EVTX XML uses. */
export function keywordsHex(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^0x[0-9a-f]+$/i.test(v)) return v;
  if (!/^-?\d{1,20}$/.test(v)) return v === '' ? undefined : v;
  try {
    return `0x${BigInt.asUintN(64, BigInt(v)).toString(16)}`;
  } catch {
    return v;
  }
}

/**
 * The first lines as `sniff` gets them, made readable: the router decodes the head as UTF-8 even for UTF-16 files,
 * so a UTF-16LE export arrives as `\uFFFD\uFFFD<\0E\0…\r\0` — NULs, replacement characters, byte-order marks and
 * carriage returns are dropped, and lines that held only them disappear. (Non-ASCII text stays garbled: sniffers
 * rely on the ASCII parts.)
 */
export function cleanSniffLines(firstLines: string[]): string[] {
  const out: string[] = [];
  for (const line of firstLines) {
    const clean = /[\0\r\uFFFD\uFEFF]/.test(line) ? line.replace(/[\0\r\uFFFD\uFEFF]/g, '') : line;
    if (clean.trim().length > 0) out.push(clean);
  }
  return out;
}

/** Drops a byte-order mark left at the start of the first line. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Counts damaged events and reports the first few as problems. */
export class Damage {
  count = 0;
  constructor(private readonly ctx: ParseContext) {}
  add(message: string): void {
    this.count++;
    if (this.count <= MAX_PROBLEMS) this.ctx.problem(message);
    else if (this.count === MAX_PROBLEMS + 1) this.ctx.problem('more damaged events follow; only counted');
  }
}
