// history/*/Certificates.json (2.8+): thumbprints of the certificates the goal state delivered, no key material
// (`[{"thumbprint", "hasPrivateKey"}]`). A settings thumbprint missing here explains "certificate ... is missing".
import type { DocumentParser } from '../types.js';
import { KiB, Locator, arr, fact, historyOf, obj, parseJson, str } from './util.js';

export const CERTIFICATES_ID = 'certificates';

export const certificatesParser: DocumentParser = {
  kind: 'document',
  id: CERTIFICATES_ID,
  description: 'goal-state certificate list (history/*/Certificates.json)',
  globs: ['**/Certificates.json'],
  maxBytes: 256 * KiB,
  samples: [
    {
      path: 'var/lib/waagent/history/2024-05-01T10-00-00__3.zip/Certificates.json',
      text: '[\n  {"thumbprint": "0123456789ABCDEF0123456789ABCDEF01234567", "hasPrivateKey": true}\n]',
      expectFacts: [{ kind: 'certificate', value: '0123456789ABCDEF0123456789ABCDEF01234567', line: 2, attrs: { hasPrivateKey: 'true' }, time: Date.UTC(2024, 4, 1, 10) }],
    },
  ],
  parse(source, ctx) {
    const parsed = parseJson(source, ctx, 'Certificates.json');
    if (parsed === undefined) return;
    if (!Array.isArray(parsed)) {
      ctx.problem('Certificates.json is JSON but not a list: not the expected format');
      return;
    }
    const at = new Locator(source);
    const time = historyOf(ctx.path)?.time ?? null;
    for (const item of arr(parsed)) {
      const thumbprint = str(obj(item)?.['thumbprint']);
      if (!thumbprint || !/^[0-9A-Fa-f]{20,64}$/.test(thumbprint)) continue;
      const hasPrivateKey = str(obj(item)?.['hasPrivateKey']);
      fact(ctx, 'certificate', thumbprint, { time, line: at.json('thumbprint', thumbprint, true), ...(hasPrivateKey ? { attrs: { hasPrivateKey } } : {}) });
    }
  },
};
