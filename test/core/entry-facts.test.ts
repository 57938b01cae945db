// An entry keeps at most MAX_FACTS_PER_KIND facts of each kind, whatever its file states: the first ones, and the
// newest in the last place, so the latest value the combiners read is the file's own latest.
import { describe, expect, it } from 'vitest';
import { EntryParsing } from '../../src/entry-parse.js';
import type { OpenedEntry } from '../../src/entry-reader.js';
import { detectors } from '../../src/detectors/index.js';
import { EntryFacts, MAX_FACTS_PER_KIND } from '../../src/facts/entry-facts.js';
import type { Fact } from '../../src/facts/kinds.js';
import { makeFacts } from '../../src/facts/store.js';
import type { ParseContext, Parser } from '../../src/parsers/types.js';

const fact = (kind: Fact['kind'], value: string, time: number): Fact => ({ kind, value, time, path: 'f.log', line: time }) as Fact;

describe('EntryFacts', () => {
  it('keeps every fact of a file that states few, in order', () => {
    const facts = new EntryFacts();
    const stated = [fact('os', 'Ubuntu', 1), fact('freeze-timeout', '60', 2), fact('os', 'Ubuntu 22.04', 3)];
    for (const f of stated) facts.add(f);
    expect(facts.list).toEqual(stated);
    expect(facts.replaced).toBe(0);
  });

  it('bounds each kind on its own and keeps the newest of a kind that overflows', () => {
    const facts = new EntryFacts();
    for (let i = 1; i <= MAX_FACTS_PER_KIND * 3; i++) facts.add(fact('freeze-timeout', String(i), i));
    facts.add(fact('os', 'Ubuntu', 0));
    const timeouts = facts.list.filter((f) => f.kind === 'freeze-timeout');
    expect(timeouts).toHaveLength(MAX_FACTS_PER_KIND);
    expect(timeouts.slice(0, 3).map((f) => f.value)).toEqual(['1', '2', '3']);
    expect(timeouts.at(-1)!.value).toBe(String(MAX_FACTS_PER_KIND * 3));
    expect(facts.list.filter((f) => f.kind === 'os')).toHaveLength(1);
    expect(facts.replaced).toBe(MAX_FACTS_PER_KIND * 2);
    expect(makeFacts(facts.list, []).latest('freeze-timeout')?.value).toBe(String(MAX_FACTS_PER_KIND * 3));
  });
});

it('an entry whose parser states a fact on every line keeps a bounded number', async () => {
  const perLine: Parser = {
    id: 'fact-per-line',
    name: 'test parser',
    create: (ctx: ParseContext) => ({
      line: (text: string, line: number) => ctx.fact({ kind: 'freeze-timeout', value: text, time: line, path: ctx.path, line }),
      end: () => undefined,
      stats: () => ({ unparsed: 0, formats: [] }),
    }),
  } as unknown as Parser;
  const lines = Array.from({ length: 5000 }, (_, i) => `t${i + 1}`);
  const opened: OpenedEntry = { parser: perLine, first: new TextEncoder().encode(lines.join('\n') + '\n'), rest: (async function* () {})(), skip: async () => {} };
  const result = await new EntryParsing({}, detectors, 'offered').parse(opened, { path: 'facts.log' }, () => undefined);
  expect(result.facts).toHaveLength(MAX_FACTS_PER_KIND);
  expect(result.facts.at(-1)).toMatchObject({ value: 't5000', line: 5000 });
});
