// Grapheme clusters in the terminal layout: text whose characters are each a cluster is split without
// Intl.Segmenter (building it loads ICU's break rules, ~30 ms of a run); any text must split as the segmenter splits it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusters } from '../../src/report/terminal-layout.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const reference = (text: string): string[] => [...segmenter.segment(text)].map((s) => s.segment);

// Characters of every kind a report holds, and those that join clusters: marks, joiners, selectors, jamo, regional
// indicators, emoji with modifiers, CR LF, halfwidth sound marks, astral ideographs.
const UNITS = [
  'a', 'Z', '0', ' ', '\t', '\n', '\r', '\x1b', '\x7f', '·', 'é', 'Ü', 'ß', 'ł', 'Ω', 'Ж', 'ё', '–', '—', '‘', '…', '‰',
  '→', '↳', '⌚', '│', '█', '★', '✓', '、', 'あ', 'カ', 'ー', '日', '한', 'Ａ', 'ｶ',
  '\u0301', '\u0483', '\u200d', '\u200c', '\ufe0f', '\u3099', '\uff9e', '\u1100', '\u1161', '\u11a8',
  '\u{1f1e9}', '\u{1f1ea}', '\u{1f44d}', '\u{1f3fd}', '\u{20000}', '\u0600', '\u0e33', '\u0915\u094d',
];

describe('clusters', () => {
  it.each([
    ['a report line', 'logscan 0.1.0 · healthy.tgz → 4 files'],
    ['CRLF is one cluster', 'a\r\nb'],
    ['a combining accent joins its letter', 'e\u0301!'],
    ['an emoji with a skin tone', 'ok \u{1f44d}\u{1f3fd}'],
    ['a flag of two regional indicators', '\u{1f1e9}\u{1f1ea}'],
    ['Hangul jamo join', '\u1100\u1161\u11a8'],
    ['halfwidth katakana with a sound mark', 'ｶﾞ'],
  ])('%s: as Intl.Segmenter splits it', (_, text) => {
    expect([...clusters(text)]).toEqual(reference(text));
  });

  it('any mix of characters splits as Intl.Segmenter splits it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...UNITS), { maxLength: 24 }), (units) => {
        const text = units.join('');
        expect([...clusters(text)]).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('splits text of one-cluster characters by code point', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...UNITS.slice(0, 37).filter((u) => u !== '\r')) }), (text) => {
        expect([...clusters(text)]).toEqual([...text]);
        expect([...clusters(text)]).toEqual(reference(text));
      }),
      { numRuns: 500 },
    );
  });
});
