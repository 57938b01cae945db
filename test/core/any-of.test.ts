// The Windows text patterns the parse keeps records by, joined: they match where any detector's own pattern does.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anyOf } from '../../src/event-routing.js';

const matchesAny = (patterns: readonly RegExp[], text: string): boolean => patterns.some((p) => p.test(text));

describe('anyOf', () => {
  const detectorPatterns = [/disk is at or near capacity|low disk space/i, /IaaSBcdr|VMSnapshot/, /SqlServerWriter|SQLWRITER/i];

  it('joins plain patterns into one that matches wherever one of them does', () => {
    const joined = anyOf(detectorPatterns);
    expect(joined).toHaveLength(1);
    for (const text of ['Low Disk Space on C:', 'IaaSBcdrExtension started', 'writer sqlserverwriter failed', 'nothing here']) {
      expect(matchesAny(joined, text), text).toBe(matchesAny(detectorPatterns, text) || /iaasbcdr|vmsnapshot/i.test(text));
    }
  });

  it('keeps apart a pattern with other flags or a back-reference, which joining would change', () => {
    const multiline = /^Error$/m;
    const backReference = /(["'])secret\1/;
    const joined = anyOf([...detectorPatterns, multiline, backReference]);
    expect(joined).toContain(multiline);
    expect(joined).toContain(backReference);
    expect(matchesAny(joined, 'first\nError')).toBe(true);
    expect(matchesAny(joined, `'secret'`)).toBe(true);
  });

  it('never matches less than the patterns it joins', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', ' ', '\n', 'disk', 'VMSnapshot', 'sqlwriter') }), (text) => {
        if (matchesAny(detectorPatterns, text)) expect(matchesAny(anyOf(detectorPatterns), text)).toBe(true);
      }),
    );
  });
});
