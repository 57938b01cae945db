// Incarnation (<= 2.7, lib dir): the last goal-state incarnation the agent processed, as a bare number.
import type { DocumentParser } from '../types.js';
import { KiB, fact } from './util.js';

export const INCARNATION_ID = 'incarnation-file';

export const incarnationParser: DocumentParser = {
  kind: 'document',
  id: INCARNATION_ID,
  description: 'last processed goal-state incarnation (Incarnation)',
  globs: ['**/Incarnation'],
  maxBytes: 4 * KiB,
  samples: [{ path: 'var/lib/waagent/Incarnation', text: '17\n', expectFacts: [{ kind: 'incarnation', value: '17', role: 'file', line: 1, text: '17' }] }],
  parse(source, ctx) {
    const value = source.trim();
    if (value === '') {
      ctx.problem('empty Incarnation file: no incarnation number in it');
      return;
    }
    if (!/^\d{1,12}$/.test(value)) {
      ctx.problem('Incarnation file does not hold a plain incarnation number');
      return;
    }
    const line = source.slice(0, source.indexOf(value)).split('\n').length;
    fact(ctx, 'incarnation', value, { role: 'file', line, text: value });
  },
};
