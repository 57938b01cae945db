// Recognising an event-XML export (xml.ts): by its first bytes (the first one that is not a BOM, NUL or whitespace is
// `<`, and the head, decoded in its detected encoding, opens as one), or by its decoded first lines.
import { DOCTYPE_OPEN, DoctypeSkipper, doctypeRoot } from './xml-doctype.js';
import { decodeXmlHead } from './xml-encoding.js';

const EVENT_NS = 'schemas.microsoft.com/win/2004/08/events/event';

const COMMENTS = /^(?:<!--[\s\S]*?-->\s*)+/;

/**
 * True when decoded text starts as an event XML export: `<Events>` of `<Event>`s, or a bare `<Event>`. A DOCTYPE
 * (Windows writes none; a crafted file may) is passed over unread; when the head ends inside it, the root element it
 * names decides (`<!DOCTYPE Events [` … ).
 */
export function sniffEventXmlText(head: string): boolean {
  let t = head.replace(/^[\s\uFEFF]+/, '');
  t = t.replace(/^<\?xml[^>]*\?>\s*/, '');
  t = t.replace(COMMENTS, '');
  let declared = false;
  if (t.startsWith(DOCTYPE_OPEN)) {
    const root = doctypeRoot(t);
    if (root !== 'Events' && root !== 'Event') return false;
    const { done, index } = new DoctypeSkipper().scan(t, DOCTYPE_OPEN.length);
    if (!done) return true;
    t = t.slice(index).replace(/^\s+/, '').replace(COMMENTS, '');
    if (t === '') return true;
    declared = true;
  }
  if (/^<Events(?:\s[^>]*)?>\s*(?:<\/Events>|<Event[\s>])/.test(t)) return true;
  if (/^<Events(?:\s[^>]*)?>\s*$/.test(t)) return declared || /standalone=["']yes["']/.test(head); // root alone in the head
  if (!/^<Event[\s>]/.test(t)) return false;
  const open = /^<Event[^>]*>/.exec(t)?.[0] ?? t.slice(0, 200);
  return open.includes(EVENT_NS) || /^<Event[^>]*>\s*<System[\s>]/.test(t);
}

/** True when the first byte that is not a BOM, NUL or whitespace is `<`: every XML export starts so. */
function startsWithTag(head: Uint8Array): boolean {
  const n = Math.min(head.length, 1024);
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0x3c) return true;
    if (b === 0 || b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf || b === 0xff || b === 0xfe) continue;
    return false;
  }
  return false;
}

/** True when a file's first bytes start an event XML export, in any of the encodings xmlEncoding detects. */
export function sniffEventXmlBytes(head: Uint8Array): boolean {
  return startsWithTag(head) && sniffEventXmlText(decodeXmlHead(head));
}
