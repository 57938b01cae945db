// Every state parser's samples (lnav-style) yield what they say, and each sample's path routes to its parser.
import { describe, expect, it } from 'vitest';
import { router } from '../../../src/parsers/index.js';
import { stateParsers } from '../../../src/parsers/state/index.js';
import { expectSome, runDoc, runLines } from './helpers.js';

const route = router(stateParsers);

describe('state parser samples', () => {
  it('ids are unique and every parser has samples', () => {
    const ids = stateParsers.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of stateParsers) if (p.kind !== 'binary') expect(p.samples.length, p.id).toBeGreaterThan(0);
  });

  for (const parser of stateParsers) {
    if (parser.kind === 'document') {
      parser.samples.forEach((sample, i) => {
        it(`${parser.id} sample ${i + 1} (${sample.path})`, () => {
          expect(route.byPath(sample.path)?.id).toBe(parser.id);
          const r = runDoc(parser, sample.path, sample.text);
          expect(r.problems).toEqual([]);
          if (sample.expectFacts) {
            if (sample.expectFacts.length === 0) expect(r.facts).toEqual([]);
            expectSome(r.facts, sample.expectFacts, 'fact');
          }
          if (sample.expectEvents) {
            if (sample.expectEvents.length === 0) expect(r.events).toEqual([]);
            expectSome(r.events, sample.expectEvents, 'event');
          }
        });
      });
    } else if (parser.kind !== 'binary') {
      parser.samples.forEach((sample, i) => {
        it(`${parser.id} sample line ${i + 1}`, () => {
          const r = runLines(parser, 'results.txt', sample.line + '\n');
          expect(r.events).toHaveLength(1);
          expectSome(r.events, [sample.expect], 'event');
        });
      });
    }
  }
});
