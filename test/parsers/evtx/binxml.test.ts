// Binary XML tokens, templates and substitutions (../shared/docs/evtx.md §1.5-1.6), through the test writer.
import { describe, expect, it } from 'vitest';
import { fixChunkChecksums, writeEvtxFile, type XmlChild, type XmlElement } from '../../helpers/evtx-writer.js';
import { one, parseEvtx, spec, writeEvtx } from './read.js';
import { interned, internedNameChars, MAX_INTERNED_NAME_CHARS } from '../../../src/parsers/evtx/binxml.js';

const eventData = (...children: XmlChild[]): XmlElement => ({ el: 'EventData', children });

describe('evtx Binary XML tokens', () => {
  it('reads entity references, character references, CDATA and processing instructions', async () => {
    const event = await one({
      content: eventData(
        { pi: 'xml-stylesheet', data: 'href="s.xsl"' },
        { el: 'Data', attrs: { Name: 'entity' }, children: ['a', { entity: 'amp' }, 'b', { entity: 'lt' }] },
        { el: 'Data', attrs: { Name: 'char' }, children: ['x', { charRef: 65 }] },
        { el: 'Data', attrs: { Name: 'cdata' }, children: [{ cdata: '<raw & text>' }] },
        { el: 'Data', attrs: { Name: { entity: 'quot' } }, children: ['quoted name'] },
      ),
    });
    expect(event.fields).toMatchObject({ 'data.entity': 'a&b<', 'data.char': 'xA', 'data.cdata': '<raw & text>', 'data."': 'quoted name' });
    expect(event.raw).toContain(
      '<EventData><?xml-stylesheet href="s.xsl"?><Data Name="entity">a&amp;b&lt;</Data><Data Name="char">x&#65;</Data>' +
        '<Data Name="cdata"><![CDATA[<raw & text>]]></Data><Data Name="&quot;">quoted name</Data></EventData>',
    );
  });

  it('drops an element or attribute whose optional substitution is NULL, and keeps normal NULLs empty', async () => {
    const event = await one({
      system: { version: undefined, qualifiers: undefined, guid: undefined },
      data: {
        normalNull: null,
        optionalNull: { t: 'string', v: null, optional: true },
        optionalEmpty: { t: 'string', v: '', optional: true },
        optionalSet: { t: 'string', v: 'kept', optional: true },
      },
    });
    const xml = event.raw!;
    expect(xml).toContain('<Provider Name="Test-Provider"/><EventID>100</EventID><Level>4</Level>');
    expect(xml).not.toContain('<Version');
    expect(xml).toContain('<Correlation/>');
    expect(xml).toContain('<Security/>');
    expect(xml).toContain('<EventData><Data Name="normalNull"/><Data Name="optionalSet">kept</Data></EventData>');
    expect(event.fields).not.toHaveProperty('version');
    expect(event.fields).not.toHaveProperty('qualifiers');
    expect(event.fields).not.toHaveProperty('data.optionalNull');
  });

  it('keeps an element that has other content when its optional substitution is NULL', async () => {
    const event = await one({
      content: { el: 'UserData', children: [{ el: 'A', children: ['x'] }, { sub: { t: 'binxml', v: null, optional: true } }] },
    });
    expect(event.raw).toContain('<UserData><A>x</A></UserData>');
    expect(event.fields?.['data.A']).toBe('x');
  });

  it('splices nested Binary XML values (0x21): with a template instance, plain, and nested twice', async () => {
    const inner: XmlElement = { el: 'Inner', children: [{ el: 'Leaf', children: [{ sub: 'deep' }] }] };
    const { events, problems } = await parseEvtx(
      writeEvtx([
        spec({ userData: { name: 'ChainStart', xmlns: 'http://x', values: { Url: 'http://a', Flags: { t: 'hexint32', v: 3 } }, nested: 'template' } }),
        spec({ userData: { name: 'ChainStart', xmlns: 'http://x', values: { Url: 'http://b', Flags: { t: 'hexint32', v: 4 } }, nested: 'template' } }),
        spec({ userData: { name: 'Plain', values: { Text: 'no template' }, nested: 'plain' } }),
        spec({ content: { el: 'UserData', children: [{ sub: { t: 'binxml', template: true, v: { el: 'Outer', children: [{ sub: { t: 'binxml', template: true, v: inner } }] } } }] } }),
      ]),
    );
    expect(problems).toEqual([]);
    expect(events.map((e) => e.fields?.['data.Url'] ?? e.fields?.['data.Text'] ?? e.fields?.['data.Leaf'])).toEqual(['http://a', 'http://b', 'no template', 'deep']);
    expect(events[1]!.raw).toContain('<UserData><ChainStart xmlns="http://x"><Url>http://b</Url><Flags>0x4</Flags></ChainStart></UserData>');
    expect(events[3]!.raw).toContain('<UserData><Outer><Inner><Leaf>deep</Leaf></Inner></Outer></UserData>');
  });

  it('reuses a template definition by offset: later records carry only their values', async () => {
    const { bytes, records } = writeEvtxFile([1, 2, 3].map((n) => spec({ data: { n } })));
    expect(records[1]!.size).toBeLessThan(records[0]!.size / 2);
    const { events } = await parseEvtx(bytes);
    expect(events.map((e) => e.fields?.['data.n'])).toEqual(['1', '2', '3']);
  });

  it('reports a record with an unknown token and still reads the records that use its template', async () => {
    const { bytes, records } = writeEvtxFile([1, 2, 3].map((n) => spec({ data: { n } })));
    const first = records[0]!;
    // Byte 4 of the Binary XML is the template instance token (after the fragment header).
    bytes[first.fileOffset + 24 + 4] = 0x7f;
    fixChunkChecksums(bytes, first.slot);
    const { events, problems, stats } = await parseEvtx(bytes);
    expect(events.map((e) => e.record)).toEqual([2, 3]);
    expect(stats.unparsed).toBe(1);
    expect(problems).toEqual([expect.stringMatching(/^chunk 0 at offset 0x1000: record at chunk offset 0x200 \(EventRecordID 1\): unknown Binary XML token 0x7f/)]);
  });

  it('reports Binary XML that ends inside a token', async () => {
    const { bytes, records } = writeEvtxFile([spec({ data: { a: 'x' } }), spec({ data: { a: 'y' } })]);
    const second = records[1]!;
    // Claim fewer values than the template needs... by cutting the record's values short: shrink its size.
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const size = second.size;
    view.setUint32(second.fileOffset + 4, size - 8, true);
    view.setUint32(second.fileOffset + size - 12, size - 8, true);
    fixChunkChecksums(bytes, second.slot);
    const { events, problems } = await parseEvtx(bytes);
    expect(events).toHaveLength(1);
    expect(problems.join('\n')).toMatch(/EventRecordID 2\): .*(runs past|ends inside)/);
  });
});

describe('evtx names in bounded memory', () => {
  it('100,000 distinct long names are read but not kept for the life of the process', () => {
    const before = internedNameChars();
    for (let i = 0; i < 100_000; i++) {
      const name = `N${i}`.padEnd(1000, 'x');
      expect(interned(name)).toBe(name);
    }
    // Only names up to the bound are kept, and at most 10,000 of them (the table's own bound).
    expect(internedNameChars()).toBe(before);
    expect(internedNameChars()).toBeLessThanOrEqual(10_000 * MAX_INTERNED_NAME_CHARS);
  });

  it('a record whose data element has a 20,000-character name still gives that field', async () => {
    const name = 'D'.repeat(20_000);
    const event = await one({ content: { el: 'UserData', children: [{ el: name, children: ['x'] }] } });
    expect(event.fields?.[`data.${name}`]).toBe('x');
  });
});
