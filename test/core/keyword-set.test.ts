import { describe, expect, it } from 'vitest';
import { KeywordSet } from '../../src/text/keyword-set.js';

describe('KeywordSet', () => {
  const words = ['did not terminate cleanly', 'Rerun dhcp handler', '[Errno 28]', 'Dhcp'];
  const set = new KeywordSet(words);
  const cases = [
    'WALinuxAgent-2.2.10 did not terminate cleanly',
    'WireServer endpoint is not found. Rerun dhcp handler',
    'Failed to write events to file: [Errno 28] No space left on device',
    'Dhcp',
    '[DhcpError] x',
    'ProcessExtensionsGoalState completed [incarnation_12 1187 ms]',
    '',
    'did not terminate clean',
    'Rerun dhcp handle',
  ];
  for (const text of cases) {
    it(`agrees with includes(): ${JSON.stringify(text)}`, () => {
      expect(set.test(text)).toBe(words.some((w) => text.includes(w)));
    });
  }

  it('finds a keyword at the very start and the very end', () => {
    const s = new KeywordSet(['abcdef', 'xyz123']);
    expect(s.test('abcdef tail')).toBe(true);
    expect(s.test('head xyz123')).toBe(true);
    expect(s.test('abcde xyz12')).toBe(false);
  });

  it('agrees with includes() on random text', () => {
    const alphabet = 'ab cd';
    const keys = ['abab', 'cd c', 'dd a', 'b  b'];
    const s = new KeywordSet(keys);
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      let t = '';
      const len = (i % 40) + 1;
      for (let j = 0; j < len; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        t += alphabet[seed % alphabet.length];
      }
      expect(s.test(t), t).toBe(keys.some((k) => t.includes(k)));
    }
  });
});
