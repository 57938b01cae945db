// Windows events as CSV (../shared/docs/evtx.md §4 d, e):
//   Event Viewer "Save All Events As… CSV": a header of 5 names and data rows of 6 fields, the 6th (the message,
//     unnamed) quoted and spanning lines (CRLF, blank lines, tabs; `""` escapes):
//       Level,Date and Time,Source,Event ID,Task Category           (Security log: `Keywords` first, Audit Success/
//       Information,10/7/2016 06:38:24 PM,Microsoft-Windows-…,4658,File System,"message…"      Audit Failure)
//     Header names and level values are localised; dates are the exporting machine's short date and long time with
//     no zone (dates.ts). Columns are taken by place, which no language changes.
//   PowerShell `Get-WinEvent | Export-Csv` / `ConvertTo-Csv`: an optional `#TYPE System.Diagnostics.Eventing.Reader.
//     EventLogRecord` line, a header of property names (`"Message","Id","Version",…`), every value quoted; columns
//     taken by name; TimeCreated in the current culture's format; collections written as their type names (the
//     event data is lost). `-UseCulture` uses `;` (the delimiter is read off the header).
// A small CSV state machine gathers each record over as many lines as its quoted fields span.
//
// Each row: source `event-csv`, `line` where the record starts, `endLine` where it ends, time local -> --tz
// (`tz` / `assumed-utc`; day/month order decided per file, reported as `dates:d/m/y` or `dates:m/d/y?` when guessed),
// level from the level name (Audit Success/Failure -> info), message = the 6th field / Message column, else the
// `Provider EventID` summary; raw = the record's lines.
import type { LineParser, ParseContext, Parser } from '../types.js';
import {
  EVENT_CSV_SOURCE,
  MAX_EVENT_CHARS,
  MAX_RAW,
  NO_TIME,
  cleanSniffLines,
  isBlank,
  levelFromName,
  makeEvent,
  messageOf,
  put,
  stripBom,
  type TimeValue,
} from './common.js';
import { DateOrderResolver, scanStamp } from './dates.js';
import { looksLikeEventRecord, psFields, psLevel } from './powershell.js';

// ---------------------------------------------------------------------------------------------------------------
// CSV records over lines
// ---------------------------------------------------------------------------------------------------------------

export interface CsvRecord {
  fields: string[];
  line: number;
  endLine: number;
  raw: string;
}

/** Gathers RFC 4180 records line by line: quoted fields may span lines, `""` is a quote. */
export class CsvRecords {
  delim = ',';
  private fields: string[] = [];
  private cur = '';
  private inQuotes = false;
  private atFieldStart = true;
  private open = false;
  private startLine = 0;
  private raw: string[] = [];
  private rawChars = 0;
  private chars = 0;

  /** True while a record is open (a quoted field continues on the next line). */
  get pending(): boolean {
    return this.open;
  }

  /** Feeds one line; returns the record it completes, 'overlong' when a record was given up, else undefined. */
  line(text: string, lineNo: number): CsvRecord | 'overlong' | undefined {
    if (!this.open) {
      this.open = true;
      this.startLine = lineNo;
      this.raw = [];
      this.rawChars = 0;
      this.chars = 0;
    }
    if (this.rawChars < MAX_RAW) {
      this.raw.push(text);
      this.rawChars += text.length + 1;
    }
    this.chars += text.length + 1;
    const delim = this.delim;
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.cur += text.slice(i);
          i = n;
          break;
        }
        this.cur += text.slice(i, q);
        if (text.charCodeAt(q + 1) === 34) {
          this.cur += '"';
          i = q + 2;
        } else {
          this.inQuotes = false;
          i = q + 1;
        }
        continue;
      }
      if (this.atFieldStart && text.charCodeAt(i) === 34) {
        this.inQuotes = true;
        this.atFieldStart = false;
        i++;
        continue;
      }
      const d = text.indexOf(delim, i);
      const end = d < 0 ? n : d;
      if (end > i) {
        this.cur += text.slice(i, end);
        this.atFieldStart = false;
      }
      if (d < 0) break;
      this.fields.push(this.cur);
      this.cur = '';
      this.atFieldStart = true;
      i = d + 1;
    }
    if (this.inQuotes) {
      if (this.chars > MAX_EVENT_CHARS) {
        this.reset();
        return 'overlong';
      }
      this.cur += '\n';
      return undefined;
    }
    this.fields.push(this.cur);
    const record: CsvRecord = { fields: this.fields, line: this.startLine, endLine: lineNo, raw: this.raw.join('\n') };
    this.reset();
    return record;
  }

  /** The fields read so far of the record still open (the field being read included). */
  partial(): string[] {
    return this.open ? [...this.fields, this.cur] : [];
  }

  /** The record left open at the end of the input, if any. */
  finish(): boolean {
    const open = this.open;
    this.reset();
    return open;
  }

  private reset(): void {
    this.fields = [];
    this.cur = '';
    this.inQuotes = false;
    this.atFieldStart = true;
    this.open = false;
  }
}

/** The delimiter a header line uses: the most frequent of `,` `;` tab outside quotes (`,` on a tie). */
export function pickDelimiter(header: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [ch, n] of counts) if (n > counts.get(best)!) best = ch;
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// Headers
// ---------------------------------------------------------------------------------------------------------------

// Event Viewer's five column names by place, in English and the common display languages (the translations are a
// help for sniffing only: columns are read by place).
const EV_NAMES: string[][] = [
  [
    'level', 'niveau', 'ebene', 'nivel', 'livello', 'nível', 'уровень', 'poziom', 'düzey', 'nivå', 'taso', 'szint',
    'úroveň', 'レベル', '级别', '級別', '수준',
    'keywords', 'mots clés', 'mots-clés', 'schlüsselwörter', 'palabras clave', 'parole chiave', 'palavras-chave',
    'trefwoorden', 'ключевые слова', 'słowa kluczowe', 'anahtar sözcükler', 'nyckelord', 'キーワード', '关键字',
    '關鍵字', '키워드',
  ],
  [
    'date and time', 'date et heure', 'datum und uhrzeit', 'fecha y hora', 'data e ora', 'data e hora', 'datum en tijd',
    'дата и время', 'data i godzina', 'tarih ve saat', 'datum och tid', 'päivämäärä ja aika', 'dátum és idő',
    'datum a čas', '日付と時刻', '日期和时间', '日期和時間', '날짜 및 시간',
  ],
  ['source', 'quelle', 'origen', 'origine', 'fonte', 'bron', 'источник', 'źródło', 'kaynak', 'källa', 'lähde', 'forrás', 'zdroj', 'ソース', '来源', '來源', '원본'],
  [
    'event id', 'id de l’événement', "id de l'événement", 'id de l’évènement', 'ereignis-id', 'id. del evento', 'id evento',
    'identificação do evento', 'id do evento', 'gebeurtenis-id', 'код события', 'identyfikator zdarzenia', 'olay kimliği',
    'händelse-id', 'tapahtumatunnus', 'eseményazonosító', 'id události', 'イベント id', '事件 id', '이벤트 id',
  ],
  [
    'task category', 'catégorie de la tâche', 'catégorie de tâche', 'aufgabenkategorie', 'categoría de la tarea',
    'categoria attività', 'categoria da tarefa', 'taakcategorie', 'категория задачи', 'kategoria zadania',
    'görev kategorisi', 'aktivitetskategori', 'tehtäväluokka', 'feladatkategória', 'kategorie úlohy', 'タスクのカテゴリ',
    '任务类别', '工作類別', '작업 범주',
  ],
];
const EV_SETS = EV_NAMES.map((names) => new Set(names));
const KEYWORD_HEADERS = new Set(EV_NAMES[0]!.slice(EV_NAMES[0]!.indexOf('keywords')));

type Header = { kind: 'eventviewer'; keywordsFirst: boolean } | { kind: 'powershell'; columns: Map<string, number> };

const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** How many of a 5-name header's names are Event Viewer's (by place). */
function eventViewerNames(cells: string[]): number {
  let known = 0;
  cells.slice(0, 5).forEach((c, i) => {
    if (EV_SETS[i]!.has(norm(c))) known++;
  });
  return known;
}

function eventViewerShape(cells: string[]): boolean {
  return cells.length === 5 || (cells.length === 6 && cells[5]!.trim() === '');
}

/** Recognises a header row; `lenient` takes any 5-column row as Event Viewer's (the file was sniffed as one). */
function readHeader(cells: string[], lenient: boolean): Header | undefined {
  const names = cells.map(norm);
  if (looksLikeEventRecord(names)) {
    const columns = new Map<string, number>();
    names.forEach((n, i) => {
      if (!columns.has(n)) columns.set(n, i);
    });
    return { kind: 'powershell', columns };
  }
  if (eventViewerShape(cells) && (lenient || eventViewerNames(cells) >= 2)) {
    return { kind: 'eventviewer', keywordsFirst: KEYWORD_HEADERS.has(names[0]!) };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows -> events
// ---------------------------------------------------------------------------------------------------------------

interface Row {
  record: CsvRecord;
  fields: Record<string, string>;
  message: string | undefined;
  format: 'eventviewer-csv' | 'powershell-csv';
  level: ReturnType<typeof psLevel>;
}

/** Records that do not open with a recognised header are skipped while looking for one, up to this many. */
const MAX_LEADING_RECORDS = 20;

class EventCsvLines implements LineParser {
  private readonly records = new CsvRecords();
  private header: Header | undefined;
  private leading = 0;
  private unparsed = 0;
  private readonly formats = new Set<string>();
  private readonly dates: DateOrderResolver<Row>;
  private first = true;

  constructor(private readonly ctx: ParseContext) {
    this.dates = new DateOrderResolver<Row>(ctx.tz, (row, time) => this.emit(row, time));
  }

  line(input: string, lineNo: number): void {
    const text = this.first ? stripBom(input) : input;
    this.first = false;
    if (!this.header && !this.records.pending) {
      if (isBlank(text)) return;
      if (/^#TYPE\b/i.test(text)) return;
      this.records.delim = pickDelimiter(text);
    }
    const rec = this.records.line(text, lineNo);
    if (rec === undefined) return;
    if (rec === 'overlong') {
      this.unparsed++;
      this.ctx.problem(`line ${lineNo}: a quoted CSV field runs on for more than ${MAX_EVENT_CHARS} characters; record skipped`);
      return;
    }
    if (rec.fields.length === 1 && isBlank(rec.fields[0]!)) return;
    if (!this.header) {
      this.header = readHeader(rec.fields, this.leading === 0);
      if (!this.header) {
        this.unparsed++;
        if (++this.leading >= MAX_LEADING_RECORDS) this.header = { kind: 'eventviewer', keywordsFirst: false };
      }
      return;
    }
    if (this.header.kind === 'eventviewer') this.eventViewerRow(rec, this.header.keywordsFirst);
    else this.powershellRow(rec, this.header.columns);
  }

  end(): void {
    if (this.records.finish()) {
      this.unparsed++; // a quoted field never closed
      this.ctx.problem('the last CSV record is cut off (a quoted field never closes)');
    }
    this.dates.end();
  }

  stats(): { unparsed: number; formats: string[] } {
    const dates = this.dates.label();
    return { unparsed: this.unparsed, formats: [...this.formats, ...(dates ? [dates] : [])] };
  }

  private eventViewerRow(rec: CsvRecord, keywordsFirst: boolean): void {
    const f = rec.fields;
    const eventId = f[3]?.trim();
    if (f.length < 4 || eventId === undefined || !/^\d{1,10}$/.test(eventId)) {
      this.unparsed++;
      return;
    }
    const fields: Record<string, string> = {};
    put(fields, 'provider', f[2]);
    put(fields, 'eventId', eventId);
    put(fields, 'taskName', f[4]);
    const first = f[0]!.trim();
    const audit = keywordsFirst || /audit|überwachung|аудит|controllo|auditoria|auditoría|controle|監査|审核|감사/i.test(first);
    put(fields, audit ? 'keywordNames' : 'levelName', first);
    const level = audit ? 'info' : (levelFromName(first) ?? 'info');
    const message = f.length > 5 ? f.slice(5).join(this.records.delim) : undefined;
    this.dated(f[1], { record: rec, fields, message, format: 'eventviewer-csv', level });
  }

  private powershellRow(rec: CsvRecord, columns: Map<string, number>): void {
    const get = (key: string): string | undefined => {
      const i = columns.get(key);
      const v = i === undefined ? undefined : rec.fields[i];
      return v === undefined || v === '' ? undefined : v;
    };
    const fields = psFields(get);
    if (fields.eventId === undefined && fields.provider === undefined && get('message') === undefined) {
      this.unparsed++;
      return;
    }
    this.dated(get('timecreated'), { record: rec, fields, message: get('message'), format: 'powershell-csv', level: psLevel(fields) });
  }

  private dated(dateText: string | undefined, row: Row): void {
    const text = dateText?.trim();
    const stamp = text ? scanStamp(text) : undefined;
    if (text && !stamp) this.formats.add('dates:unrecognised');
    this.dates.push(stamp, row);
  }

  private emit(row: Row, time: TimeValue | undefined): void {
    this.formats.add(row.format);
    this.ctx.emit(
      makeEvent(this.ctx, EVENT_CSV_SOURCE, {
        line: row.record.line,
        endLine: row.record.endLine,
        time: time ?? NO_TIME,
        level: row.level,
        message: messageOf(row.message, row.fields),
        fields: row.fields,
        format: row.format,
        raw: row.record.raw,
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Recognising the format
// ---------------------------------------------------------------------------------------------------------------

/** Splits lines into CSV records (for sniffing), the last one possibly incomplete. */
function recordsOf(lines: string[], delim: string, max: number): string[][] {
  const reader = new CsvRecords();
  reader.delim = delim;
  const out: string[][] = [];
  lines.forEach((l, i) => {
    if (out.length >= max) return;
    const r = reader.line(l, i + 1);
    if (r !== undefined && r !== 'overlong') out.push(r.fields);
  });
  // A record still open (a long message running past the lines given) counts with the fields read so far.
  if (out.length < max && reader.pending) out.push(reader.partial());
  return out;
}

/**
 * `#TYPE …EventLogRecord`, a header of Get-WinEvent property names, or Event Viewer's 5-name header (known names,
 * or unknown ones followed by a row with a date in the 2nd field and a number in the 4th).
 */
export function sniffEventCsv(firstLines: string[]): boolean {
  let lines = cleanSniffLines(firstLines);
  if (lines.length === 0) return false;
  if (/^#TYPE\s/i.test(lines[0]!)) {
    if (/Eventing\.Reader\.Event(?:Log)?Record/i.test(lines[0]!)) return true;
    lines = lines.slice(1);
  }
  const head = lines[0];
  if (head === undefined || head.startsWith('{') || head.startsWith('[') || head.startsWith('<')) return false;
  const delim = pickDelimiter(head);
  const [header, ...rows] = recordsOf(lines, delim, 2);
  if (!header) return false;
  if (looksLikeEventRecord(header.map(norm))) return true;
  if (!eventViewerShape(header)) return false;
  if (eventViewerNames(header) >= 3) return true;
  const row = rows[0];
  return row !== undefined && row.length >= 5 && scanStamp(row[1]!.trim()) !== undefined && /^\d{1,10}$/.test(row[3]!.trim());
}

export const eventCsvParser: Parser = {
  id: EVENT_CSV_SOURCE,
  description: 'Windows events as CSV (Event Viewer "Save All Events As CSV", PowerShell Export-Csv / ConvertTo-Csv)',
  globs: [],
  sniff: sniffEventCsv,
  samples: [
    {
      line: [
        'Level,Date and Time,Source,Event ID,Task Category',
        'Error,3/5/2024 2:10:11 AM,VSS,8193,None,"Volume Shadow Copy Service error: Unexpected error calling routine CoCreateInstance.  hr = 0x80040154, Class not registered',
        '',
        'Operation:',
        '   Instantiating VSS server"',
      ].join('\r\n'),
      expect: {
        source: EVENT_CSV_SOURCE,
        line: 2,
        endLine: 5,
        level: 'error',
        time: Date.UTC(2024, 2, 5, 2, 10, 11),
        timeText: '3/5/2024 2:10:11 AM',
        timeSource: 'assumed-utc',
        format: 'eventviewer-csv',
        message: 'Volume Shadow Copy Service error: Unexpected error calling routine CoCreateInstance.  hr = 0x80040154, Class not registered\n\nOperation:\n   Instantiating VSS server',
        fields: { provider: 'VSS', eventId: '8193', levelName: 'Error', taskName: 'None' },
      },
    },
    {
      line: [
        '#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord',
        '"Message","Id","Version","Qualifiers","Level","Task","Opcode","Keywords","RecordId","ProviderName","LogName","MachineName","TimeCreated","LevelDisplayName"',
        '"The Windows Azure Guest Agent service terminated unexpectedly.","7034",,"49152","2","0","0","36028797018963968","90210","Service Control Manager","System","vm-sample","3/5/2024 2:11:00 AM","Error"',
      ].join('\r\n'),
      expect: {
        source: EVENT_CSV_SOURCE,
        line: 3,
        record: 90210,
        level: 'error',
        time: Date.UTC(2024, 2, 5, 2, 11, 0),
        format: 'powershell-csv',
        message: 'The Windows Azure Guest Agent service terminated unexpectedly.',
        fields: { provider: 'Service Control Manager', eventId: '7034', qualifiers: '49152', keywords: '0x80000000000000', channel: 'System', computer: 'vm-sample' },
      },
    },
  ],
  create: (ctx) => new EventCsvLines(ctx),
};
