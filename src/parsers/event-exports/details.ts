// Windows events pasted as text, found among any other lines (the generic text reader feeds every line here first):
// - Event Viewer "Copy details as text" blocks (labels.ts), one after another with or without blank lines, each
//   with its description and, when copied whole, its `Event Xml:` part;
// - the event XML on its own (Event Viewer's XML view, `<Event xmlns="…">` pretty-printed, several pasted; a
//   browser's view adds `- ` before the elements that fold).
// A block is recognised by its labels in any language of labels.ts, or, for labels no list knows, by its shape: six
// or more `Label: value` lines whose third value is a date and fourth a number, then a label with no value.
// Lines taken as a possible block that turn out not to be one are handed back in order (`replay`).
import { MAX_MESSAGE, MAX_RAW, isBlank } from './common.js';
import { scanStamp } from './dates.js';
import type { LabelLine } from './labels.js';
import { BLOCK_ORDER, isXmlLabel, labelLine } from './labels.js';
import { readEventXml, type XmlEventParts } from './xml-event.js';

/** A recognised event, before its time is placed (the caller owns the file's date order). */
export interface PastedEvent {
  line: number;
  endLine: number;
  /** The values of a details block by block key (`channel`, `provider`, `eventId`, …). */
  values: Partial<Record<string, string>>;
  description: string;
  /** The event's XML, when pasted with the block or alone. */
  xml: XmlEventParts | undefined;
  raw: string;
  format: 'eventviewer-details' | 'eventviewer-xml';
}

export interface PastedEventSink {
  /** True when a line starts with a log timestamp: such a line ends a description. */
  timestamped(line: string): boolean;
  /** A block or XML event starts: whatever the caller has pending comes before it. */
  begin(): void;
  event(event: PastedEvent): void;
  /** A line that turned out not to belong to a block, for the caller to read as usual. */
  replay(line: string, lineNo: number): void;
}

const MAX_CANDIDATE = 16;
const MAX_XML_CHARS = 1024 * 1024;
const RE_XML_START = /^(?:[-+]\s)?\s*<Event[\s>]/;
const RE_XML_END = /<\/Event>\s*$/;

interface Pending {
  line: number;
  endLine: number;
  values: Partial<Record<string, string>>;
  /** The block's first label as written: when it comes again, the next block starts. */
  firstLabel: string;
  desc: string[];
  descChars: number;
  raw: string[];
  rawChars: number;
  xml: string[] | null;
  xmlChars: number;
  /** An `Event Xml:` label seen last in the description (dropped when XML follows). */
  xmlLabel: boolean;
}

export class PastedEventReader {
  private state: 'idle' | 'candidate' | 'description' | 'xml' = 'idle';
  private candidate: { text: string; no: number; label: LabelLine | undefined }[] = [];
  private cur: Pending | undefined;
  /** Event XML pasted on its own. */
  private loose: { line: number; endLine: number; lines: string[]; chars: number } | undefined;
  /** Blocks whose labels were mapped by place rather than by name. */
  byPlace = 0;

  constructor(private readonly sink: PastedEventSink) {}

  /** Takes a line; false when it is not part of a pasted event (the caller reads it). */
  line(text: string, no: number): boolean {
    switch (this.state) {
      case 'idle':
        return this.idle(text, no);
      case 'candidate':
        return this.more(text, no);
      case 'description':
        return this.describe(text, no);
      case 'xml':
        this.xmlLine(text, no);
        return true;
    }
  }

  end(): void {
    if (this.state === 'candidate') this.decide(undefined);
    else if (this.state === 'description' || this.state === 'xml') this.finish();
  }

  private idle(text: string, no: number): boolean {
    // Most lines of a log start with a digit, a bracket or a blank: neither a label nor (but for a blank) XML.
    const c = text.charCodeAt(0);
    const xmlish = c === 60 || c === 45 || c === 43 || c === 32 || c === 9;
    if (!xmlish && ((c >= 48 && c <= 57) || c === 91 || c !== c)) return false;
    if (xmlish && RE_XML_START.test(text)) {
      this.sink.begin();
      this.loose = { line: no, endLine: no, lines: [], chars: 0 };
      this.state = 'xml';
      this.xmlLine(text, no);
      return true;
    }
    if (c === 32 || c === 9 || c === 60) return false;
    const label = labelLine(text);
    if (label === undefined) return false;
    this.candidate = [{ text, no, label }];
    this.state = 'candidate';
    return true;
  }

  private more(text: string, no: number): boolean {
    const label = isBlank(text) ? undefined : labelLine(text);
    if (label !== undefined && this.describesNext()) return this.decide({ text, no });
    const blanks = this.candidate.length > 0 && this.candidate[this.candidate.length - 1]!.label === undefined;
    if ((label !== undefined || (isBlank(text) && !blanks)) && this.candidate.length < MAX_CANDIDATE) {
      this.candidate.push({ text, no, label });
      return true;
    }
    return this.decide({ text, no });
  }

  /** The candidate ends with the description label: what follows is the description, whatever it looks like. */
  private describesNext(): boolean {
    const last = this.candidate[this.candidate.length - 1]?.label;
    if (last === undefined || last.value !== '') return false;
    if (last.key !== undefined) return last.key === 'description';
    return this.candidate.length >= 6 && this.mapBlock(this.candidate.flatMap((l) => (l.label ? [l.label] : []))) !== undefined;
  }

  /** Ends a candidate at `next` (undefined: the input ended): a block, or lines handed back. */
  private decide(next: { text: string; no: number } | undefined): boolean {
    const all = this.candidate;
    this.candidate = [];
    this.state = 'idle';
    let end = all.length;
    while (end > 0 && all[end - 1]!.label === undefined) end--;
    let lines = all.slice(0, end);
    const tail = all.slice(end);
    let labels = lines.flatMap((l) => (l.label ? [l.label] : []));
    let mapped = this.mapBlock(labels);
    // A block named by its labels starts at its first known label: a line before it (`From Event Viewer:`) is text.
    const firstKnown = lines.findIndex((l) => l.label?.key !== undefined);
    if (mapped !== undefined && !mapped.byPlace && firstKnown > 0) {
      for (const l of lines.slice(0, firstKnown)) this.sink.replay(l.text, l.no);
      lines = lines.slice(firstKnown);
      labels = lines.flatMap((l) => (l.label ? [l.label] : []));
      mapped = this.mapBlock(labels);
    }
    const resume = (): boolean => {
      for (const t of tail) if (!this.line(t.text, t.no)) this.sink.replay(t.text, t.no);
      if (next === undefined) {
        this.end();
        return true;
      }
      return this.line(next.text, next.no);
    };
    if (mapped === undefined) {
      // Not a block: the first line is read as usual, the others may still start one.
      const [first, ...rest] = lines;
      if (first) this.sink.replay(first.text, first.no);
      for (const r of rest) if (!this.line(r.text, r.no)) this.sink.replay(r.text, r.no);
      return resume();
    }
    if (mapped.byPlace) this.byPlace++;
    this.sink.begin();
    const raw = lines.map((l) => l.text);
    this.cur = {
      line: lines[0]!.no,
      endLine: lines[lines.length - 1]!.no,
      values: mapped.values,
      firstLabel: labels[0]!.label,
      desc: mapped.inline !== undefined ? [mapped.inline] : [],
      descChars: 0,
      raw,
      rawChars: raw.reduce((n, r) => n + r.length + 1, 0),
      xml: null,
      xmlChars: 0,
      xmlLabel: false,
    };
    if (!mapped.describes) {
      this.finish();
      return resume();
    }
    // Blank lines between the labels and the description are part of neither.
    this.state = 'description';
    if (next === undefined) {
      this.finish();
      return true;
    }
    return this.describe(next.text, next.no);
  }

  /**
   * The values of a block by key: by name when the labels are known (three or more, one of them the source or the
   * event id), else by place when the block has the shape of one (date third, number fourth). `describes`: the last
   * label has no value (the description follows) or is the description with its text inline.
   */
  private mapBlock(labels: LabelLine[]): { values: Partial<Record<string, string>>; describes: boolean; inline?: string; byPlace?: true } | undefined {
    if (labels.length < 3) return undefined;
    const known = labels.filter((l) => l.key !== undefined);
    const last = labels[labels.length - 1]!;
    const values: Partial<Record<string, string>> = {};
    if (known.length >= 3 && known.some((l) => l.key === 'provider' || l.key === 'eventId')) {
      for (const l of labels) if (l.key !== undefined && l.key !== 'description' && values[l.key] === undefined) values[l.key] = l.value;
      if (last.key === 'description') return { values, describes: true, ...(last.value !== '' ? { inline: last.value } : {}) };
      return { values, describes: last.value === '' && last.key === undefined };
    }
    if (labels.length < 6 || last.value !== '' || !/^\d{1,5}$/.test(labels[3]!.value.trim()) || scanStamp(clean(labels[2]!.value)) === undefined) return undefined;
    labels.slice(0, -1).forEach((l, i) => {
      const key = i < 6 ? BLOCK_ORDER[i]! : undefined;
      if (key !== undefined) values[key] = l.value;
    });
    return { values, describes: true, byPlace: true };
  }

  private describe(text: string, no: number): boolean {
    const cur = this.cur!;
    if (RE_XML_START.test(text)) {
      if (cur.xmlLabel) cur.desc.pop();
      cur.xml = [];
      this.state = 'xml';
      this.xmlLine(text, no);
      return true;
    }
    const label = text.length < 80 ? labelLine(text) : undefined;
    if (label !== undefined && (label.key === 'channel' || label.label === cur.firstLabel)) {
      this.finish();
      return this.line(text, no);
    }
    if (!isBlank(text) && this.sink.timestamped(text)) {
      this.finish();
      return false;
    }
    cur.xmlLabel = isXmlLabel(text);
    this.keepRaw(cur, text);
    if (cur.descChars < MAX_MESSAGE) {
      cur.desc.push(text);
      cur.descChars += text.length + 1;
    }
    if (!isBlank(text)) cur.endLine = no;
    return true;
  }

  private xmlLine(text: string, no: number): void {
    // A browser's XML view marks the elements that fold with `- ` (or `+ `).
    const body = text.replace(/^(\s*)[-+]\s(?=\s*<)/, '$1');
    const loose = this.loose;
    if (loose) {
      if (loose.chars < MAX_XML_CHARS) loose.lines.push(body);
      loose.chars += body.length + 1;
      loose.endLine = no;
    } else {
      const cur = this.cur!;
      this.keepRaw(cur, text);
      if (cur.xmlChars < MAX_XML_CHARS) cur.xml!.push(body);
      cur.xmlChars += body.length + 1;
      cur.endLine = no;
    }
    if (RE_XML_END.test(text)) this.finish();
  }

  private keepRaw(cur: Pending, text: string): void {
    if (cur.rawChars < MAX_RAW) {
      cur.raw.push(text);
      cur.rawChars += text.length + 1;
    }
  }

  private finish(): void {
    this.state = 'idle';
    const loose = this.loose;
    if (loose) {
      this.loose = undefined;
      const xmlText = loose.lines.join('\n');
      const parts = loose.chars <= MAX_XML_CHARS ? readEventXml(xmlText) : undefined;
      if (parts) this.sink.event({ line: loose.line, endLine: loose.endLine, values: {}, description: '', xml: parts, raw: xmlText, format: 'eventviewer-xml' });
      else for (const [i, l] of loose.lines.entries()) this.sink.replay(l, loose.line + i);
      return;
    }
    const cur = this.cur;
    this.cur = undefined;
    if (!cur) return;
    const desc = cur.desc;
    while (desc.length > 0 && isBlank(desc[desc.length - 1]!)) desc.pop();
    while (desc.length > 0 && isBlank(desc[0]!)) desc.shift();
    while (cur.raw.length > 1 && isBlank(cur.raw[cur.raw.length - 1]!)) cur.raw.pop();
    const xml = cur.xml !== null && cur.xmlChars <= MAX_XML_CHARS ? readEventXml(cur.xml.join('\n')) : undefined;
    this.sink.event({ line: cur.line, endLine: cur.endLine, values: cur.values, description: desc.join('\n'), xml, raw: cur.raw.join('\n'), format: 'eventviewer-details' });
  }
}

/** A date as pasted: Event Viewer may put left-to-right marks around its parts. */
export function clean(value: string): string {
  return value.replace(/[\u200e\u200f]/g, '').trim();
}
