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
    it(`agrees with includes(), on the string and on its bytes: ${JSON.stringify(text)}`, () => {
      const expected = words.some((w) => text.includes(w));
      expect(set.test(text)).toBe(expected);
      // Within a larger buffer: only the given range counts.
      const bytes = new TextEncoder().encode(`Errno 28] ${text} [Errno`);
      expect(set.testBytes(bytes, 10, bytes.length - 7)).toBe(expected);
    });
  }

  it('reads UTF-8 bytes: characters beyond ASCII never make or break a match', () => {
    const s = new KeywordSet(['Freezing: ', 'snapshot count']);
    for (const text of ['Freezing: /données', 'é snapshot count ü', 'Fréezing: /', '日本語 snapshot coun']) {
      const bytes = new TextEncoder().encode(text);
      expect(s.testBytes(bytes, 0, bytes.length), text).toBe(s.test(text));
    }
  });

  it('takes ASCII keywords only (the byte search relies on it)', () => {
    expect(() => new KeywordSet(['Überprüfung fehlgeschlagen'])).toThrow(/ASCII/);
  });

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
      const expected = keys.some((k) => t.includes(k));
      expect(s.test(t), t).toBe(expected);
      expect(s.testBytes(new TextEncoder().encode(t), 0, t.length), t).toBe(expected);
    }
  });

  it('forEachIn finds every keyword a text holds, each where it occurs, as includes() does', () => {
    const alphabet = 'ab cd';
    const keys = ['abab', 'cd c', 'dd a', 'b  b', 'abab', 'ba b'];
    const s = new KeywordSet(keys);
    let seed = 11;
    for (let i = 0; i < 2000; i++) {
      let t = '';
      const len = (i % 40) + 1;
      for (let j = 0; j < len; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        t += alphabet[seed % alphabet.length];
      }
      const found: number[] = [];
      s.forEachIn(t, (index) => found.push(index));
      const places = (k: string): number => t.split('').filter((_, at) => t.startsWith(k, at)).length;
      const expected = keys.flatMap((k, index) => Array.from({ length: places(k) }, () => index));
      expect([...found].sort(), t).toEqual(expected.sort());
    }
  });
});
