// Crafted EVTX files whose templates describe far more output than their bytes (issue 11, item 1), written with the
// project's EVTX writer. Each holds the crafted record between two ordinary ones, so a test sees the file go on.
import type { XmlChild, XmlElement } from '../../helpers/evtx-writer.js';
import { eventBody, spec, writeEvtx, type SpecOverrides } from './read.js';

/** The index the next substitution after the System section gets (the writer numbers values in document order). */
const FIRST_DATA_VALUE = countSubs(eventBody(spec(), 1));

function countSubs(el: XmlElement): number {
  let n = 0;
  for (const attr of Object.values(el.attrs ?? {})) if (typeof attr === 'object' && 'sub' in attr) n++;
  for (const child of el.children ?? []) {
    if (typeof child === 'object' && 'sub' in child) n++;
    else if (typeof child === 'object' && 'el' in child) n += countSubs(child);
  }
  return n;
}

/** `<Data>` holding a string-array substitution and the next level, `levels` deep: items^levels elements. */
export function nestedArrays(levels: number, items: number): SpecOverrides {
  const list = Array.from({ length: items }, (_, i) => `item${i}`);
  let data: XmlElement = { el: 'Data', children: [{ sub: { t: 'string[]', v: list } }] };
  for (let i = 1; i < levels; i++) data = { el: 'Data', children: [{ sub: { t: 'string[]', v: list } }, data] };
  return { content: { el: 'EventData', children: [data] } };
}

/**
 * A nested Binary XML value whose template uses its one value `uses` times, that value being an instance of the
 * same template again, `levels` deep: uses^levels copies. `distinct` gives each level its own template instead
 * (nothing refers back, only the amount of work stops it).
 */
export function nestedSelf(uses: number, levels: number, distinct = false): SpecOverrides {
  let value: XmlChild = { sub: { t: 'binxml', v: null } };
  for (let level = 0; level < levels; level++) {
    const body: XmlElement = {
      el: distinct ? `L${level}` : 'L',
      children: [value, ...Array.from({ length: uses - 1 }, (): XmlChild => ({ again: 0, t: 'binxml' }))],
    };
    value = { sub: { t: 'binxml', template: true, v: body } };
  }
  return { content: { el: 'UserData', children: [value] } };
}

/** `siblings` `<Data>` elements all bound to one array of `items` UInt8 values: siblings × items elements. */
export function siblingsOnOneArray(siblings: number, items: number): SpecOverrides {
  const first: XmlElement = { el: 'Data', children: [{ sub: { t: 'uint8[]', v: Array.from({ length: items }, (_, i) => i & 0xff) } }] };
  const again: XmlElement = { el: 'Data', children: [{ again: FIRST_DATA_VALUE, t: 'uint8[]' }] };
  return { content: { el: 'EventData', children: [first, ...Array.from({ length: siblings - 1 }, () => again)] } };
}

/** A string array of `items` texts of `chars` characters, bound to `<Data>` nested `levels` deep: few units, many characters. */
export function longTextNested(levels: number, items: number, chars: number): SpecOverrides {
  const list = Array.from({ length: items }, (_, i) => String(i % 10).repeat(chars));
  let data: XmlElement = { el: 'Data', children: [{ again: FIRST_DATA_VALUE, t: 'string[]' }] };
  for (let i = 2; i < levels; i++) data = { el: 'Data', children: [{ again: FIRST_DATA_VALUE, t: 'string[]' }, data] };
  return { content: { el: 'EventData', children: [{ el: 'Data', children: [{ sub: { t: 'string[]', v: list } }, data] }] } };
}

/** The three cases at their sizes. */
export const CRAFTED = {
  'nested arrays (10 items, 30 levels)': nestedArrays(30, 10),
  'nested value of the same template (50 uses, 11 levels)': nestedSelf(50, 11),
  'nested values of 11 templates (50 uses each)': nestedSelf(50, 11, true),
  '2,000 siblings on one 25,000-item array': siblingsOnOneArray(2000, 25_000),
} as const;

/** Record 1 ordinary, record 2 crafted, record 3 ordinary. */
export function craftedFile(crafted: SpecOverrides): Uint8Array {
  return writeEvtx([spec({ data: { n: 1 } }), spec(crafted), spec({ data: { n: 3 } })]);
}
