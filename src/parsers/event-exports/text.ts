// `wevtutil qe LOG /f:text` (../shared/docs/evtx.md §4 c):
//   Event[0]:
//     Log Name: System
//     Source: EventLog
//     Date: 2016-12-22T05:29:02.512          (local, no zone; newer builds: 2024-01-31T04:26:39.0170000Z, UTC)
//     Event ID: 6009
//     Task: N/A
//     Level: Information                    (values are localised: `Сведения`)
//     Opcode: N/A
//     Keyword: Classic
//     User: N/A
//     User Name: N/A
//     Computer: WIN-UFKT7P1ELHE
//     Description:
//   Microsoft (R) Windows (R) 10.00. 14393  Multiprocessor Free.
// A record starts at `Event[n]:`; its field block is the lines indented by two spaces as `Label: value`, always in
// the order above; `Description:` ends the block and the message follows unindented (blank lines included) up to
// the next `Event[n]:`. Labels are read by their English names; a label in another language is read by its place
// in the block (and a block with an unknown last label ends where the first unindented line starts).
//
// Each record: source `event-text`, `line` of `Event[n]:`, `endLine` of its last non-blank line, `time` from Date
// (a zone -> UTC; none -> local time through --tz, marked `tz` or `assumed-utc`), level from the (localised) level
// name, message = Description (or the `Provider EventID` summary when it is `N/A`), raw = the record's lines.
import type { Parser } from '../types.js';
import {
  EVENT_TEXT_SOURCE,
  MAX_MESSAGE,
  MAX_RAW,
  NO_TIME,
  cleanSniffLines,
  isBlank,
  isNothing,
  levelFromName,
  makeEvent,
  messageOf,
  put,
} from './common.js';
import { ExportLines } from './export-lines.js';
import type { TimeValue } from './common.js';

const RECORD = /^Event\[(\d+)\]:\s*$/;
const FIELD = /^ {1,4}([^:]{1,60}?)\s*:(?: (.*)|)$/;

/** The field block in wevtutil's order; `description` is last. */
const ORDER = ['channel', 'provider', 'date', 'eventId', 'taskName', 'levelName', 'opcodeName', 'keywordNames', 'userId', 'userName', 'computer', 'description'] as const;
type Key = (typeof ORDER)[number];

const LABELS: Record<string, Key> = {
  'log name': 'channel',
  source: 'provider',
  date: 'date',
  'event id': 'eventId',
  task: 'taskName',
  level: 'levelName',
  opcode: 'opcodeName',
  keyword: 'keywordNames',
  keywords: 'keywordNames',
  user: 'userId',
  'user name': 'userName',
  computer: 'computer',
  description: 'description',
};

/**
 * Label lines kept per record: wevtutil writes twelve before the description; past this (a record of endless
 * `Label: value` lines) they are not kept, and a label only a place would name (past the twelfth) is none.
 */
const MAX_FIELD_LINES = 64;

interface Pending {
  line: number;
  endLine: number;
  index: string;
  /** Label, value, and where the label sits in the block. */
  fields: [string, string][];
  /** Message lines once the Description label was passed; null while in the field block. */
  desc: string[] | null;
  descChars: number;
  raw: string[];
  rawChars: number;
}

interface Ready {
  line: number;
  endLine: number;
  fields: Record<string, string>;
  description: string;
  raw: string;
}

class WevtutilTextLines extends ExportLines<Ready> {
  private cur: Pending | undefined;

  protected read(text: string, lineNo: number): void {
    const start = RECORD.exec(text);
    if (start) {
      this.flush();
      this.cur = { line: lineNo, endLine: lineNo, index: start[1]!, fields: [], desc: null, descChars: 0, raw: [text], rawChars: text.length };
      return;
    }
    const cur = this.cur;
    if (!cur) {
      if (!isBlank(text)) this.unparsed++;
      return;
    }
    if (cur.rawChars < MAX_RAW) {
      cur.raw.push(text);
      cur.rawChars += text.length + 1;
    }
    if (!isBlank(text)) cur.endLine = lineNo;
    if (cur.desc === null) {
      const f = FIELD.exec(text);
      if (f) {
        const label = f[1]!;
        const value = f[2] ?? '';
        if (cur.fields.length < MAX_FIELD_LINES) cur.fields.push([label, value]);
        const key = LABELS[label.toLowerCase()] ?? (cur.fields.length === ORDER.length && value === '' ? 'description' : undefined);
        if (key === 'description') cur.desc = value === '' ? [] : [value];
        return;
      }
      if (isBlank(text)) return;
      // An unindented line: the message has begun; a last label with no value was the (localised) Description.
      const last = cur.fields[cur.fields.length - 1];
      if (last && last[1] === '') cur.fields.pop();
      cur.desc = [];
    }
    if (cur.descChars < MAX_MESSAGE) {
      cur.desc.push(text);
      cur.descChars += text.length + 1;
    }
  }

  protected finish(): void {
    this.flush();
  }

  private flush(): void {
    const cur = this.cur;
    this.cur = undefined;
    if (!cur) return;
    if (cur.fields.length === 0) {
      this.unparsed++; // `Event[n]:` with no field block
      return;
    }
    const values: Partial<Record<Key, string>> = {};
    cur.fields.forEach(([label, value], i) => {
      const key = LABELS[label.toLowerCase()] ?? ORDER[i];
      if (key !== undefined && key !== 'description' && values[key] === undefined) values[key] = value;
    });
    const fields: Record<string, string> = {};
    for (const key of ['provider', 'eventId', 'channel', 'computer', 'userId', 'userName', 'levelName', 'taskName', 'opcodeName', 'keywordNames'] as const) {
      const v = values[key];
      if (!isNothing(v?.trim())) put(fields, key, v);
    }
    fields.index = cur.index;
    // Drop the blank lines that separate records.
    const desc = cur.desc ?? [];
    while (desc.length > 0 && isBlank(desc[desc.length - 1]!)) desc.pop();
    while (cur.raw.length > 1 && isBlank(cur.raw[cur.raw.length - 1]!)) cur.raw.pop();
    const ready: Ready = { line: cur.line, endLine: cur.endLine, fields, description: desc.join('\n'), raw: cur.raw.join('\n') };
    const dateText = values.date?.trim();
    this.pushDated(isNothing(dateText) ? undefined : dateText, ready);
  }

  protected emit(r: Ready, time: TimeValue | undefined): void {
    this.noteFormat('wevtutil-text');
    const level = levelFromName(r.fields.levelName) ?? 'info';
    this.ctx.emit(
      makeEvent(this.ctx, EVENT_TEXT_SOURCE, {
        line: r.line,
        endLine: r.endLine,
        time: time ?? NO_TIME,
        level,
        message: messageOf(r.description, r.fields),
        fields: r.fields,
        format: 'wevtutil-text',
        raw: r.raw,
      }),
    );
  }
}

/** `Event[n]:` first, then an indented `Label: value` line. */
export function sniffWevtutilText(firstLines: string[]): boolean {
  const lines = cleanSniffLines(firstLines);
  if (lines.length === 0 || !RECORD.test(lines[0]!.trim())) return false;
  return lines.length === 1 || FIELD.test(lines[1]!);
}

export const wevtutilTextParser: Parser = {
  id: EVENT_TEXT_SOURCE,
  description: 'Windows events as text (wevtutil qe /f:text)',
  globs: [],
  sniff: sniffWevtutilText,
  samples: [
    {
      line: [
        'Event[0]:',
        '  Log Name: System',
        '  Source: Service Control Manager',
        '  Date: 2024-03-05T02:11:00.500',
        '  Event ID: 7031',
        '  Task: N/A',
        '  Level: Error',
        '  Opcode: N/A',
        '  Keyword: Classic',
        '  User: N/A',
        '  User Name: N/A',
        '  Computer: vm-sample',
        '  Description:',
        'The Windows Azure Guest Agent service terminated unexpectedly.  It has done this 1 time(s).',
      ].join('\n'),
      expect: {
        source: EVENT_TEXT_SOURCE,
        line: 1,
        endLine: 14,
        level: 'error',
        time: Date.UTC(2024, 2, 5, 2, 11, 0, 500),
        timeSource: 'assumed-utc',
        message: 'The Windows Azure Guest Agent service terminated unexpectedly.  It has done this 1 time(s).',
        fields: { provider: 'Service Control Manager', eventId: '7031', channel: 'System', computer: 'vm-sample', levelName: 'Error', keywordNames: 'Classic', index: '0' },
      },
    },
    {
      line: [
        'Event[3]:',
        '  Log Name: Application',
        '  Source: VSS',
        '  Date: 2024-03-05T02:10:11.1230000Z',
        '  Event ID: 12297',
        '  Task: Нет',
        '  Level: Ошибка',
        '  Opcode: Сведения',
        '  Keyword: Классический',
        '  User: N/A',
        '  User Name: N/A',
        '  Computer: vm-sample',
        '  Description:',
        'N/A',
      ].join('\n'),
      expect: { line: 1, level: 'error', time: Date.UTC(2024, 2, 5, 2, 10, 11, 123), timeSource: 'utc', message: 'VSS 12297', fields: { levelName: 'Ошибка', eventId: '12297' } },
    },
  ],
  create: (ctx) => new WevtutilTextLines(ctx),
};

