// Windows events as XML (../shared/docs/evtx.md §4 a, b):
//   Event Viewer "Save All Events As… XML": `<?xml … standalone="yes"?>`, then `<Events>` and every
//     `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>…</Event>` back to back ON ONE LINE, each
//     with a `<RenderingInfo Culture='xx-XX'>` holding the localised message, level, task, opcode and keywords;
//   `wevtutil qe /f:xml`: the same `<Event>` elements with no root and no declaration, no RenderingInfo;
//   `wevtutil qe /f:RenderedXml`: the same with RenderingInfo (and `/e:Events` adds an `<Events>` root).
// Encoding: UTF-8 (Event Viewer), UTF-16LE with or without a BOM (`wevtutil /uni:true`), or the console code page
// (cp1252) when the bytes are not UTF-8.
//
// The file is read as a byte stream (a binary-kind parser recognised by its first bytes), not as lines: an Event
// Viewer export holds all events on one line, which can be hundreds of MB, and the line splitter cuts lines at 1 MiB.
// Events are cut out of the decoded stream between `<Event` and `</Event>` (wherever the line breaks fall) and each
// is parsed on its own (a quick reader for the plain XML Windows writes, fast-xml-parser for anything else); only the
// event being read is held. `eventXmlLineParser` is the same reader fed line by line (tests, small inputs).
//
// Each event: source `event-xml`, `line` where `<Event` starts (`endLine` where it ends), `record` = EventRecordID,
// time, level, message and fields as xml-event.ts reads them; `raw` = the event's XML (8 KiB at most).
//
// Modules: xml-split.ts (cutting events out of the text), xml-encoding.ts (the encoding), xml-tree.ts (XML text ->
// tree), xml-event.ts (tree -> event parts), xml-sniff.ts (recognising the format), xml-doctype.ts (passing over a
// DOCTYPE, whose entities are never expanded); this file joins them.
import type { BinaryParser, LineParser, ParseContext, Parser } from '../types.js';
import { Damage, EVENT_XML_SOURCE, cleanSniffLines, makeEvent } from './common.js';
import { xmlEncoding } from './xml-encoding.js';
import { readEventXml } from './xml-event.js';
import { sniffEventXmlBytes, sniffEventXmlText } from './xml-sniff.js';
import { EventXmlSplitter, type XmlPieceSink } from './xml-split.js';

export { xmlEncoding } from './xml-encoding.js';
export { readEventXml, systemTime, type XmlEventParts } from './xml-event.js';
export { sniffEventXmlText } from './xml-sniff.js';
export { EventXmlSplitter, type XmlPieceSink } from './xml-split.js';
export { quickXml, slowXml } from './xml-tree.js';

// ---------------------------------------------------------------------------------------------------------------
// The reader: pieces of decoded text in, events out
// ---------------------------------------------------------------------------------------------------------------

class EventXmlReader implements XmlPieceSink {
  readonly splitter = new EventXmlSplitter(this);
  private readonly damage: Damage;
  private strays = 0;
  private readonly formats = new Set<string>();

  constructor(private readonly ctx: ParseContext) {
    this.damage = new Damage(ctx);
  }

  event(text: string, line: number, endLine: number): void {
    const parts = readEventXml(text);
    if (!parts) {
      this.damage.add(`line ${line}: an <Event> element that cannot be read as XML`);
      return;
    }
    const format = this.splitter.rooted ? (parts.rendered ? 'saved-xml' : 'wevtutil-xml') : parts.rendered ? 'rendered-xml' : 'wevtutil-xml';
    this.formats.add(format);
    this.ctx.emit(makeEvent(this.ctx, EVENT_XML_SOURCE, { line, endLine, time: parts.time, level: parts.level, message: parts.message, fields: parts.fields, format, raw: text }));
  }

  stray(_text: string, _line: number): void {
    this.strays++;
  }

  broken(line: number, why: string): void {
    this.damage.add(`line ${line}: ${why}`);
  }

  doctype(line: number, closed: boolean): void {
    // Windows writes no DOCTYPE: this one was added by hand or crafted. Its entities are never expanded nor fetched.
    this.ctx.problem(
      closed
        ? `line ${line}: a DOCTYPE declaration, which Windows never writes, was ignored (its entities are not expanded)`
        : `line ${line}: a DOCTYPE declaration, which Windows never writes, runs to the end of the file; nothing after it was read`,
    );
  }

  stats(extraFormats: string[] = []): { unparsed: number; formats: string[] } {
    return { unparsed: this.damage.count + this.strays, formats: [...this.formats, ...extraFormats] };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The parsers
// ---------------------------------------------------------------------------------------------------------------

const encoder = new TextEncoder();
const utf16le = (text: string): Uint8Array => {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = c & 255;
    out[3 + i * 2] = c >> 8;
  }
  return out;
};

const SAMPLE_SAVED = [
  '<?xml version="1.0" encoding="utf-8" standalone="yes"?>',
  "<Events><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='VSS'/><EventID Qualifiers='0'>8193</EventID><Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='2024-03-05T02:10:11.1234567Z'/><EventRecordID>4711</EventRecordID><Correlation/><Execution ProcessID='0' ThreadID='0'/><Channel>Application</Channel><Computer>vm-sample</Computer><Security/></System><EventData><Data>RegOpenKeyExW(-2147483646,SYSTEM\\CurrentControlSet\\Services\\VSS\\Diag,...)</Data><Data>0x80070005, Access is denied.</Data></EventData><RenderingInfo Culture='en-US'><Message>Volume Shadow Copy Service error: Unexpected error calling routine RegOpenKeyExW. hr = 0x80070005, Access is denied.</Message><Level>Error</Level><Task></Task><Opcode></Opcode><Channel></Channel><Provider></Provider><Keywords><Keyword>Classic</Keyword></Keywords></RenderingInfo></Event></Events>",
].join('\r\n');

const SAMPLE_WEVTUTIL = [
  "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Service Control Manager' Guid='{555908d1-a6d7-4695-8e1e-26931d2012f4}' EventSourceName='Service Control Manager'/><EventID Qualifiers='49152'>7031</EventID><Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x8080000000000000</Keywords><TimeCreated SystemTime='2024-03-05T02:11:00.5000000Z'/><EventRecordID>90210</EventRecordID><Correlation/><Execution ProcessID='700' ThreadID='1200'/><Channel>System</Channel><Computer>vm-sample</Computer><Security/></System><EventData><Data Name='param1'>Windows Azure Guest Agent</Data><Data Name='param2'>1</Data><Data Name='param3'>60000</Data><Data Name='param4'>1</Data><Data Name='param5'>Restart the service</Data></EventData></Event>",
  "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Kernel-General' Guid='{a68ca8b7-004f-d7b6-a698-07e2de0f1f5d}'/><EventID>1</EventID><Version>1</Version><Level>4</Level><Task>5</Task><Opcode>0</Opcode><Keywords>0x8000000000000010</Keywords><TimeCreated SystemTime='2024-03-05T02:12:00.0000000Z'/><EventRecordID>90211</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='8'/><Channel>System</Channel><Computer>vm-sample</Computer><Security UserID='S-1-5-18'/></System><EventData><Data Name='NewTime'>2024-03-05T02:12:00.0000000Z</Data><Data Name='OldTime'>2024-03-05T02:11:59.9000000Z</Data></EventData></Event>",
].join('\r\n');

/** Event XML read as a byte stream: any size, any of UTF-8, UTF-16 (with or without a BOM), cp1252. */
export const eventXmlParser: BinaryParser = {
  kind: 'binary',
  id: EVENT_XML_SOURCE,
  description: 'Windows event XML export (Event Viewer "Save All Events As XML", wevtutil /f:xml, /f:RenderedXml)',
  globs: [],
  sniffBytes: sniffEventXmlBytes,
  samples: [
    {
      name: 'Event Viewer Save All Events As XML (UTF-8, events on one line)',
      bytes: () => encoder.encode(SAMPLE_SAVED),
      expectEvents: [
        {
          source: EVENT_XML_SOURCE,
          line: 2,
          record: 4711,
          time: Date.UTC(2024, 2, 5, 2, 10, 11, 123),
          timeSource: 'utc',
          level: 'error',
          format: 'saved-xml',
          message: 'Volume Shadow Copy Service error: Unexpected error calling routine RegOpenKeyExW. hr = 0x80070005, Access is denied.',
        },
      ],
    },
    {
      name: 'wevtutil qe /f:xml /uni:true (UTF-16LE, no root)',
      bytes: () => utf16le(SAMPLE_WEVTUTIL),
      expectEvents: [
        {
          source: EVENT_XML_SOURCE,
          line: 1,
          record: 90210,
          level: 'error',
          format: 'wevtutil-xml',
          message: 'Service Control Manager 7031: param1=Windows Azure Guest Agent; param2=1; param3=60000; param4=1; param5=Restart the service',
        },
        { line: 2, record: 90211, level: 'info', time: Date.UTC(2024, 2, 5, 2, 12, 0) },
      ],
    },
  ],
  async parse(first, rest, ctx) {
    const { encoding, bom } = xmlEncoding(first);
    const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
    const reader = new EventXmlReader(ctx);
    reader.splitter.push(decoder.decode(first.subarray(bom), { stream: true }));
    for await (const chunk of rest) {
      if (chunk.length > 0) reader.splitter.push(decoder.decode(chunk, { stream: true }));
    }
    reader.splitter.push(decoder.decode());
    reader.splitter.end();
    return reader.stats(encoding === 'utf-8' ? [] : [encoding]);
  },
};

/**
 * The same reader fed line by line (each line becomes text plus a newline). Not routed (the byte-stream parser
 * above is): for tests and callers that already hold lines. Lines over 1 MiB are cut by the line splitter.
 */
export const eventXmlLineParser: Parser = {
  id: EVENT_XML_SOURCE,
  description: 'Windows event XML export, read line by line',
  globs: [],
  sniff: (firstLines) => sniffEventXmlText(cleanSniffLines(firstLines).join('\n')),
  samples: [
    {
      line: SAMPLE_WEVTUTIL.split('\r\n')[0]!,
      expect: { source: EVENT_XML_SOURCE, line: 1, record: 90210, level: 'error', time: Date.UTC(2024, 2, 5, 2, 11, 0, 500), timeSource: 'utc' },
    },
    {
      line: SAMPLE_SAVED,
      expect: { line: 2, record: 4711, format: 'saved-xml', level: 'error' },
    },
  ],
  create(ctx): LineParser {
    const reader = new EventXmlReader(ctx);
    return {
      line: (text) => reader.splitter.push(`${text}\n`),
      end: () => reader.splitter.end(),
      stats: () => reader.stats(),
    };
  },
};
