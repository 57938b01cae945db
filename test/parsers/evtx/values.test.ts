// Every substitution value type (../shared/docs/evtx.md §1.7), written by the test writer and read back.
import { describe, expect, it } from 'vitest';
import type { DataValue } from '../../helpers/evtx-writer.js';
import { one } from './read.js';

/** The text of `<Data Name="v">` for one value. */
async function dataText(value: DataValue): Promise<string | undefined> {
  const event = await one({ data: { v: value } });
  return event.fields?.['data.v'];
}

const SID = 'S-1-5-21-3484546417-2474207753-3142552619-1001';

describe('evtx value types', () => {
  it.each<[string, DataValue, string]>([
    ['String', 'Windows Azure Guest Agent', 'Windows Azure Guest Agent'],
    ['String with trailing NULs (stripped)', { t: 'string', v: 'abc\0\0' }, 'abc'],
    ['String, long (TextDecoder path)', { t: 'string', v: 'x'.repeat(40) + 'é€😀' }, 'x'.repeat(40) + 'é€😀'],
    ['AnsiString (windows-1252)', { t: 'ansi', v: 'caf\u00e9\0' }, 'café'],
    ['Int8', { t: 'int8', v: -5 }, '-5'],
    ['UInt8', { t: 'uint8', v: 250 }, '250'],
    ['Int16', { t: 'int16', v: -30000 }, '-30000'],
    ['UInt16', { t: 'uint16', v: 65535 }, '65535'],
    ['Int32', { t: 'int32', v: -2147483648 }, '-2147483648'],
    ['UInt32', { t: 'uint32', v: 4294967295 }, '4294967295'],
    ['Int64 (negative)', { t: 'int64', v: -1234567890123n }, '-1234567890123'],
    ['Int64 (beyond 2^53)', { t: 'int64', v: -9223372036854775808n }, '-9223372036854775808'],
    ['UInt64 (max)', { t: 'uint64', v: 18446744073709551615n }, '18446744073709551615'],
    ['Real32', { t: 'real32', v: 0.1 }, '0.1'],
    ['Real64', { t: 'real64', v: -2.5e-7 }, '-2.5e-7'],
    ['Bool true', { t: 'bool', v: true }, 'true'],
    ['Bool false', { t: 'bool', v: false }, 'false'],
    ['Bool irregular (2 means true)', { t: 'bool', v: 2 }, 'true'],
    ['Binary (uppercase hex)', { t: 'binary', v: new Uint8Array([0x00, 0x0a, 0xff, 0x65]) }, '000AFF65'],
    ['GUID', { t: 'guid', v: '{1cb1fe4b-d685-48fc-a3fa-42893e4c1717}' }, '{1CB1FE4B-D685-48FC-A3FA-42893E4C1717}'],
    ['SizeT, 8 bytes (hex, as Windows shows it)', { t: 'sizet', v: 0x7eecn }, '0x7eec'],
    ['SizeT, 4 bytes', { t: 'sizet', v: 0x1a4, size: 4 }, '0x1a4'],
    ['FILETIME (7 fractional digits)', { t: 'filetime', v: 129347853596264271n }, '2010-11-21T03:55:59.6264271Z'],
    ['SYSTEMTIME', { t: 'systemtime', v: new Date('2023-01-02T03:04:05.678Z') }, '2023-01-02T03:04:05.678Z'],
    ['SID', { t: 'sid', v: SID }, SID],
    ['HexInt32 (unpadded)', { t: 'hexint32', v: 0xc000006d }, '0xc000006d'],
    ['HexInt64 (unpadded)', { t: 'hexint64', v: 0x3e7n }, '0x3e7'],
    ['HexInt64 (high word)', { t: 'hexint64', v: 0x8080000000000001n }, '0x8080000000000001'],
    ['NULL in a normal substitution (empty element)', null, ''],
  ])('%s', async (_name, value, text) => {
    expect(await dataText(value)).toBe(text);
  });

  it('renders a NULL normal substitution as an empty element', async () => {
    const event = await one({ data: { empty: null, next: 'x' } });
    expect(event.raw).toContain('<Data Name="empty"/><Data Name="next">x</Data>');
  });

  it('repeats the element once per array item, for each array type', async () => {
    const event = await one({
      data: {
        strings: { t: 'string[]', v: ['alpha', 'beta', ''] },
        ansi: { t: 'ansi[]', v: ['a', 'b'] },
        u16: { t: 'uint16[]', v: [1, 2, 65535] },
        i32: { t: 'int32[]', v: [-1, 7] },
        u64: { t: 'uint64[]', v: [1n, 2n ** 60n] },
        hex: { t: 'hexint32[]', v: [0x10, 0xff] },
        guids: { t: 'guid[]', v: ['{00000000-0000-0000-0000-000000000001}', '{ffffffff-0000-0000-0000-000000000002}'] },
        sids: { t: 'sid[]', v: ['S-1-5-18', SID] },
        bools: { t: 'bool[]', v: [true, false] },
        times: { t: 'filetime[]', v: [new Date('2020-01-01T00:00:00Z')] },
      },
    });
    const xml = event.raw!;
    expect(xml).toContain('<Data Name="strings">alpha</Data><Data Name="strings">beta</Data><Data Name="strings"/>');
    expect(xml).toContain('<Data Name="ansi">a</Data><Data Name="ansi">b</Data>');
    expect(xml).toContain('<Data Name="u16">1</Data><Data Name="u16">2</Data><Data Name="u16">65535</Data>');
    expect(xml).toContain('<Data Name="i32">-1</Data><Data Name="i32">7</Data>');
    expect(xml).toContain('<Data Name="u64">1</Data><Data Name="u64">1152921504606846976</Data>');
    expect(xml).toContain('<Data Name="hex">0x10</Data><Data Name="hex">0xff</Data>');
    expect(xml).toContain('<Data Name="guids">{00000000-0000-0000-0000-000000000001}</Data><Data Name="guids">{FFFFFFFF-0000-0000-0000-000000000002}</Data>');
    expect(xml).toContain(`<Data Name="sids">S-1-5-18</Data><Data Name="sids">${SID}</Data>`);
    expect(xml).toContain('<Data Name="bools">true</Data><Data Name="bools">false</Data>');
    expect(xml).toContain('<Data Name="times">2020-01-01T00:00:00.0000000Z</Data>');
    // Repeated names are joined in the fields.
    expect(event.fields?.['data.strings']).toBe('alpha, beta, ');
    expect(event.fields?.['data.u16']).toBe('1, 2, 65535');
  });

  it('escapes values in the XML but keeps them plain in the fields', async () => {
    const event = await one({ data: { v: 'a < b & "c" > d' } });
    expect(event.fields?.['data.v']).toBe('a < b & "c" > d');
    expect(event.raw).toContain('<Data Name="v">a &lt; b &amp; "c" &gt; d</Data>');
  });
});
