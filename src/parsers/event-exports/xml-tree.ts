// One event's XML text -> a tree (xml-event.ts reads the event out of it).
//
// Events are parsed with a small reader for the plain XML Windows writes (elements, single- or double-quoted
// attributes, text, entities, CDATA, comments), several times faster than fast-xml-parser; anything it does not
// accept (a DOCTYPE, a stray `<`, mismatched tags) goes to fast-xml-parser, which also builds the tree shape used here:
// `{ '@Attr': 'v', '#text': 'text', Child: node | node[] }`, namespace prefixes removed.
//
// Entities: both readers decode the five XML ones and character references, nothing else. A DOCTYPE's entities are
// never expanded (fast-xml-parser's own decoder would expand internal ones, within limits): a reference to one stays
// as written, and an external one (`SYSTEM "file:///etc/passwd"`) is never read.
import { XMLParser } from 'fast-xml-parser';

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name]!;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  alwaysCreateTextNode: true,
  trimValues: false,
  processEntities: true,
  // The decoder fast-xml-parser calls for text and attribute values: the quick reader's, deaf to DOCTYPE entities.
  entityDecoder: {
    setExternalEntities: () => undefined,
    addInputEntities: () => undefined,
    reset: () => undefined,
    setXmlVersion: () => undefined,
    decode: decodeEntities,
  },
});

/** The same tree from fast-xml-parser (the fallback; exported for tests comparing the two). */
export function slowXml(text: string): unknown {
  return xml.parse(text);
}

const TOKEN = /<(\/)?([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:'[^']*'|"[^"]*"))*)\s*(\/)?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:'([^']*)'|"([^"]*)")/g;

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** The quick reader; undefined when the text is not plain well-formed XML (the caller then tries fast-xml-parser). */
export function quickXml(text: string): Record<string, unknown> | undefined {
  const root: Record<string, unknown> = {};
  const stack: { name: string; node: Record<string, unknown>; text: string; children: boolean }[] = [{ name: '', node: root, text: '', children: false }];
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const top = stack[stack.length - 1]!;
    if (m.index > last) {
      const between = text.slice(last, m.index);
      if (between.includes('<')) return undefined;
      top.text += decodeEntities(between);
    }
    last = TOKEN.lastIndex;
    if (m[5] !== undefined) {
      top.text += m[5];
      continue;
    }
    const tag = m[2];
    if (tag === undefined) continue; // comment, processing instruction
    const name = localName(tag);
    if (m[1] !== undefined) {
      if (stack.length === 1 || top.name !== name) return undefined;
      if (top.text !== '' || !top.children) top.node['#text'] = top.text;
      stack.pop();
      continue;
    }
    const node: Record<string, unknown> = {};
    const attrs = m[3];
    if (attrs) {
      ATTR.lastIndex = 0;
      for (let a = ATTR.exec(attrs); a !== null; a = ATTR.exec(attrs)) {
        const key = a[1]!;
        if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
        node[`@${localName(key)}`] = decodeEntities(a[2] ?? a[3] ?? '');
      }
    }
    const parent = top.node;
    top.children = true;
    const existing = parent[name];
    if (existing === undefined) parent[name] = node;
    else if (Array.isArray(existing)) existing.push(node);
    else parent[name] = [existing, node];
    if (m[4] !== undefined) node['#text'] = '';
    else stack.push({ name, node, text: '', children: false });
  }
  if (stack.length !== 1 || text.slice(last).includes('<')) return undefined;
  return root;
}
