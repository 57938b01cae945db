// The encoding of an event-XML export, read off its first bytes (xml.ts): UTF-8 (Event Viewer), UTF-16LE with or
// without a BOM (`wevtutil /uni:true`), or the console code page (cp1252) when the bytes are not UTF-8.
import { completeUtf8Length } from '../../text/lines.js';

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** BOM, else NUL-interleaving (UTF-16 without a BOM), else UTF-8 when `head` is valid UTF-8, else cp1252. */
export function xmlEncoding(head: Uint8Array): { encoding: Encoding; bom: number } {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  const n = Math.min(head.length, 512) & ~1;
  if (n >= 4) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul++;
      if (head[i + 1] === 0) oddNul++;
    }
    if (oddNul > n / 4 && evenNul === 0) return { encoding: 'utf-16le', bom: 0 };
    if (evenNul > n / 4 && oddNul === 0) return { encoding: 'utf-16be', bom: 0 };
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, completeUtf8Length(head)));
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'windows-1252', bom: 0 };
  }
}

/** The first 4 KiB of `head` decoded in its detected encoding (for sniffing). */
export function decodeXmlHead(head: Uint8Array): string {
  const slice = head.subarray(0, Math.min(head.length, 4096));
  const { encoding, bom } = xmlEncoding(slice);
  return new TextDecoder(encoding, { fatal: false }).decode(slice.subarray(bom));
}
