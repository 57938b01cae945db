// Runs a state parser over a text in memory and checks the contract every fact and event must keep.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Fact, LogEvent } from '../../../src/model.js';
import { parseText } from '../../../src/parsers/run.js';
import type { DocumentParser, Parser } from '../../../src/parsers/types.js';
import { ASSUME_UTC } from '../../../src/time/zone.js';
import { checkContract } from '../../helpers/parser-contract.js';

export { checkContract };

export interface DocResult {
  facts: Fact[];
  events: LogEvent[];
  problems: string[];
}

export function runDoc(parser: DocumentParser, path: string, text: string): DocResult {
  const out: DocResult = { facts: [], events: [], problems: [] };
  parser.parse(text, {
    path,
    tz: ASSUME_UTC,
    emit: (e) => out.events.push(e),
    fact: (f) => out.facts.push(f),
    problem: (m) => out.problems.push(m),
  });
  checkContract(out, path, parser.id);
  return out;
}

export function runLines(parser: Parser, path: string, text: string): DocResult {
  const r = parseText(parser, text, { path });
  const out = { facts: r.facts, events: r.events, problems: r.problems };
  checkContract(out, path, parser.id);
  return out;
}

/** True when `actual` has every property of `expected` (recursively for objects). */
export function matches(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return Object.is(actual, expected);
  if (actual === null || typeof actual !== 'object') return false;
  return Object.entries(expected as Record<string, unknown>).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v));
}

/** Asserts that some item matches each expectation (order free), with a readable failure. */
export function expectSome<T>(items: T[], expected: Partial<T>[], what = 'item'): void {
  for (const e of expected) {
    const hit = items.some((i) => matches(i, e));
    expect(hit, `no ${what} matches ${JSON.stringify(e)}\nhave:\n${items.map((i) => JSON.stringify(i)).join('\n')}`).toBe(true);
  }
}

export function find(facts: Fact[], kind: string, value?: string): Fact | undefined {
  return facts.find((f) => f.kind === kind && (value === undefined || f.value === value));
}

export function all(facts: Fact[], kind: string): Fact[] {
  return facts.filter((f) => f.kind === kind);
}

export const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/state/${name}`, import.meta.url), 'utf8');
