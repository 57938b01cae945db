// Event-XML exports with a DOCTYPE (issue 11): Windows writes none, a crafted one declares entities. The export is
// still recognised and read, the DOCTYPE passed over, its entities never expanded nor fetched, in bounded time.
import { describe, expect, it } from 'vitest';
import { eventXmlParser, readEventXml, slowXml, sniffEventXmlText } from '../../../src/parsers/event-exports/index.js';
import { DoctypeSkipper } from '../../../src/parsers/event-exports/xml-doctype.js';
import { billionLaughs, externalEntity, quadraticBlowup, xmlEvent } from '../../hostile/generators/parsers.js';
import { parseChunks, readBytes, utf16le, utf8 } from './helpers.js';

const data = (e: { fields?: Record<string, string> }): string | undefined => e.fields?.['data.0'];

describe('an event-XML export with a DOCTYPE', () => {
  it('reads the events of a billion-laughs export without expanding an entity', async () => {
    const started = Date.now();
    const r = await readBytes(utf8(billionLaughs(10, 10)));
    expect(r.parser).toBe('event-xml');
    expect(r.events.map((e) => [e.record, data(e)])).toEqual([
      [1, 'before'],
      [2, '&l9;'],
      [3, 'after'],
    ]);
    expect(r.events.every((e) => !(e.raw ?? '').includes('lollol') && !(e.message ?? '').includes('lollol'))).toBe(true);
    expect(r.problems).toEqual([expect.stringMatching(/^line 2: a DOCTYPE declaration, which Windows never writes, was ignored/)]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reads past a DOCTYPE larger than the head (one 100 KB entity used 10,000 times)', async () => {
    const bytes = utf8(quadraticBlowup(100_000, 10_000));
    for (const chunk of [65536, 4096, 997]) {
      const r = await readBytes(bytes, { chunk });
      expect(r.parser, `chunk ${chunk}`).toBe('event-xml');
      expect(r.events.map((e) => e.record)).toEqual([1, 2]);
      expect(data(r.events[0]!)).toBe('&big;'.repeat(10_000).slice(0, data(r.events[0]!)!.length));
      expect(r.events.some((e) => (e.raw ?? '').includes('xxxxxxxxxx'))).toBe(false);
      expect(r.stats!.unparsed).toBe(0);
    }
  });

  it('never reads an external entity', async () => {
    const r = await readBytes(utf8(externalEntity()));
    expect(r.parser).toBe('event-xml');
    expect(r.events.map((e) => [e.record, data(e)])).toEqual([
      [1, '&xxe;'],
      [2, 'after'],
    ]);
    expect(JSON.stringify(r)).not.toMatch(/root:x:0:0|\/bin\/(?:ba)?sh/);
  });

  it('reads a UTF-16 export with a DOCTYPE, and one cut in pieces of a few characters', async () => {
    const text = billionLaughs(3, 3);
    const r16 = await readBytes(utf16le(text));
    expect(r16.events.map((e) => e.record)).toEqual([1, 2, 3]);
    const tiny = await parseChunks(eventXmlParser, utf8(text), 3);
    expect(tiny.events.map((e) => e.record)).toEqual([1, 2, 3]);
    expect(tiny.problems).toHaveLength(1);
  });

  it('skips the declaration as a whole: `<Event`, `]>` and quotes inside its literals, comments and PIs do not end it', async () => {
    const subset = [
      `<!ENTITY fake "${xmlEvent(99, 'Fake', 'inside an entity value ]>')}">`,
      `<!-- it's a comment with ]> and "quotes" -->`,
      `<?pi it's ]> a processing instruction?>`,
      `<!ENTITY other '"'>`,
    ].join('\n');
    const text = `<?xml version="1.0"?>\n<!DOCTYPE Events SYSTEM "x>y" [\n${subset}\n]>\n<Events>${xmlEvent(1, 'VSS', 'real')}</Events>\n`;
    for (const chunk of [65536, 5, 1]) {
      const r = await parseChunks(eventXmlParser, utf8(text), chunk);
      expect(r.events.map((e) => [e.record, e.line, data(e)]), `chunk ${chunk}`).toEqual([[1, 8, 'real']]);
      expect(r.stats!.unparsed).toBe(0);
    }
  });

  it('reports a DOCTYPE that never ends, without reading what it swallowed as events', async () => {
    const r = await readBytes(utf8(`<!DOCTYPE Events [<!ENTITY a "never closed>${xmlEvent(1, 'VSS', 'x')}`));
    expect(r.parser).toBe('event-xml');
    expect(r.events).toEqual([]);
    expect(r.problems).toEqual([expect.stringMatching(/^line 1: a DOCTYPE declaration, .* runs to the end of the file/)]);
  });
});

describe('recognising an export behind a DOCTYPE', () => {
  it('passes over the DOCTYPE, or trusts the root it names when the head ends inside it', () => {
    expect(sniffEventXmlText(billionLaughs())).toBe(true);
    expect(sniffEventXmlText(quadraticBlowup(100, 2))).toBe(true);
    expect(sniffEventXmlText(quadraticBlowup(100_000, 2).slice(0, 4096))).toBe(true);
    expect(sniffEventXmlText('<!DOCTYPE Events [<!ENTITY a "b">]>\n<!-- c -->\n<Events>')).toBe(true);
    expect(sniffEventXmlText(`<!DOCTYPE Event>${xmlEvent(1, 'VSS', 'x')}`)).toBe(true);
    // another document, or a DOCTYPE naming an event root over something else
    expect(sniffEventXmlText('<!DOCTYPE html [<!ENTITY a "b">]><html><body/></html>')).toBe(false);
    expect(sniffEventXmlText(`<!DOCTYPE html [<!ENTITY a "${'x'.repeat(5000)}`)).toBe(false);
    expect(sniffEventXmlText('<!DOCTYPE Events []><Config><Event/></Config>')).toBe(false);
  });
});

describe('the XML readers and DOCTYPE entities', () => {
  it('fast-xml-parser (the fallback) decodes the XML entities but never a DOCTYPE one', () => {
    const doc = `<!DOCTYPE a [<!ENTITY e "expanded"><!ENTITY l1 "&e;&e;&e;">]><a k="&amp;&e;">&lt;&#65;&e;&l1;</a>`;
    expect(slowXml(doc)).toEqual({ a: { '@k': '&&e;', '#text': '<A&e;&l1;' } });
    // an external entity makes the event unreadable (fast-xml-parser refuses it), never read
    expect(() => slowXml('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>')).toThrow();
  });

  it('an event holding a DOCTYPE is read without its entities, or refused', () => {
    const ns = "xmlns='http://schemas.microsoft.com/win/2004/08/events/event'";
    const parts = readEventXml(
      `<Event ${ns}><!DOCTYPE x [<!ENTITY e "EXPANDED">]><System><Provider Name='VSS'/><EventID>8193</EventID><TimeCreated SystemTime='2024-06-11T03:02:01Z'/></System><EventData><Data>&e;</Data></EventData></Event>`,
    );
    expect(JSON.stringify(parts ?? null)).not.toContain('EXPANDED');
  });

  it('the skipper finds the end in one pass or piece by piece', () => {
    const decl = ` Events [<!ENTITY a "]>"><!-- ]> --><?p ]>?>] >`;
    expect(new DoctypeSkipper().scan(decl + 'tail')).toEqual({ done: true, index: decl.length });
    const s = new DoctypeSkipper();
    let carry = '';
    let end = -1;
    for (const ch of decl + 'tail') {
      const text = carry + ch;
      const r = s.scan(text);
      if (r.done) {
        end = r.index;
        break;
      }
      carry = text.slice(r.index);
    }
    expect(end).toBeGreaterThan(0);
  });
});
