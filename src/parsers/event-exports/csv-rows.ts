// One data record of an event CSV -> the parts of a LogEvent (csv-lines.ts dates and emits them). Event Viewer rows
// are read by place: level (or, in the Security log, keywords: Audit Success/Failure -> info), date and time, source,
// event ID, task category, and the unnamed 6th field, the message. PowerShell rows are read by column name
// (powershell.ts); the message is the Message column. Either way the date text is returned unread.
import { levelFromName, put } from './common.js';
import type { CsvRecord } from './csv-records.js';
import { psFields, psLevel } from './powershell.js';

export interface Row {
  record: CsvRecord;
  fields: Record<string, string>;
  message: string | undefined;
  format: 'eventviewer-csv' | 'powershell-csv';
  level: ReturnType<typeof psLevel>;
}

/** A row read, with the text of its date column (undefined when the column is missing or empty). */
export interface ReadRow {
  dateText: string | undefined;
  row: Row;
}

/** An Event Viewer row (columns by place); undefined when its 4th field is not an event id. */
export function eventViewerRow(rec: CsvRecord, keywordsFirst: boolean, delim: string): ReadRow | undefined {
  const f = rec.fields;
  const eventId = f[3]?.trim();
  if (f.length < 4 || eventId === undefined || !/^\d{1,10}$/.test(eventId)) return undefined;
  const fields: Record<string, string> = {};
  put(fields, 'provider', f[2]);
  put(fields, 'eventId', eventId);
  put(fields, 'taskName', f[4]);
  const first = f[0]!.trim();
  const audit = keywordsFirst || /audit|überwachung|аудит|controllo|auditoria|auditoría|controle|監査|审核|감사/i.test(first);
  put(fields, audit ? 'keywordNames' : 'levelName', first);
  const level = audit ? 'info' : (levelFromName(first) ?? 'info');
  const message = f.length > 5 ? f.slice(5).join(delim) : undefined;
  return { dateText: f[1], row: { record: rec, fields, message, format: 'eventviewer-csv', level } };
}

/** A PowerShell row (columns by name); undefined when it has no event id, provider or message. */
export function powershellRow(rec: CsvRecord, columns: Map<string, number>): ReadRow | undefined {
  const get = (key: string): string | undefined => {
    const i = columns.get(key);
    const v = i === undefined ? undefined : rec.fields[i];
    return v === undefined || v === '' ? undefined : v;
  };
  const fields = psFields(get);
  if (fields.eventId === undefined && fields.provider === undefined && get('message') === undefined) return undefined;
  return { dateText: get('timecreated'), row: { record: rec, fields, message: get('message'), format: 'powershell-csv', level: psLevel(fields) } };
}
