// Shared bits of the Windows parser tests: fixtures, running a parser in memory, the contract every fact and event keeps.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Fact, LogEvent } from '../../../src/model.js';
import { parseText } from '../../../src/parsers/run.js';
import type { DocumentParser, Parser, TimeZoneContext } from '../../../src/parsers/types.js';
import { ASSUME_UTC } from '../../../src/time/zone.js';
import { checkContract } from '../../helpers/parser-contract.js';

export { checkContract };

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'windows');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export interface Result {
  events: LogEvent[];
  facts: Fact[];
  problems: string[];
  stats: { unparsed: number; formats: string[] };
}

export function runLines(parser: Parser, path: string, text: string, tz?: TimeZoneContext): Result {
  const r = parseText(parser, text, tz ? { path, tz } : { path });
  checkContract(r, path, parser.id);
  return r;
}

export function runDoc(parser: DocumentParser, path: string, text: string, mtime?: Date): Result {
  const out: Result = { events: [], facts: [], problems: [], stats: { unparsed: 0, formats: [] } };
  parser.parse(text, {
    path,
    ...(mtime ? { mtime } : {}),
    tz: ASSUME_UTC,
    emit: (e) => out.events.push(e),
    fact: (f) => out.facts.push(f),
    problem: (m) => out.problems.push(m),
  });
  checkContract(out, path, parser.id);
  return out;
}

export function byLine(events: LogEvent[], line: number): LogEvent {
  const ev = events.find((e) => e.line === line);
  if (!ev) throw new Error(`no event at line ${line}; lines: ${events.map((e) => e.line).join(', ')}`);
  return ev;
}

export const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);
