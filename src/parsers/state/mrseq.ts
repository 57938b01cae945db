// <Publisher.Type>-<version>/mrseq: the last sequence number the extension processed (one number).
import type { DocumentParser } from '../types.js';
import { KiB, attrs, extensionFromPath, fact } from './util.js';

export const MRSEQ_ID = 'extension-mrseq';

export const mrseqParser: DocumentParser = {
  kind: 'document',
  id: MRSEQ_ID,
  description: 'extension last processed sequence number (<Publisher.Type>-<version>/mrseq)',
  globs: ['**/mrseq'],
  maxBytes: 4 * KiB,
  samples: [
    {
      path: 'var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/mrseq',
      text: '42',
      expectFacts: [{ kind: 'extension-sequence', value: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', line: 1, attrs: { version: '1.0.9225.0', seq: '42' } }],
    },
  ],
  parse(source, ctx) {
    const seq = source.trim();
    if (!/^-?\d{1,12}$/.test(seq)) {
      ctx.problem(seq === '' ? 'empty mrseq file: no sequence number in it' : 'mrseq does not hold a plain sequence number');
      return;
    }
    const ext = extensionFromPath(ctx.path, 0);
    fact(ctx, 'extension-sequence', ext?.name, { line: 1, text: seq, attrs: attrs({ version: ext?.version, seq }) });
  },
};
