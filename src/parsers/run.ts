// Runs a parser over a whole text: for tests and small inputs (the pipeline streams entries line by line).
import type { Fact, LogEvent } from '../model.js';
import { ASSUME_UTC } from '../time/zone.js';
import type { Parser, TimeZoneContext } from './types.js';

export interface ParseTextResult {
  events: LogEvent[];
  facts: Fact[];
  problems: string[];
  stats: { unparsed: number; formats: string[] };
}

/** Splits `text` at `\n` / `\r\n` (a final newline ends the last line) and feeds every line to `parser`. */
export function parseText(parser: Parser, text: string, options: { path?: string; tz?: TimeZoneContext } = {}): ParseTextResult {
  const events: LogEvent[] = [];
  const facts: Fact[] = [];
  const problems: string[] = [];
  const lineParser = parser.create({
    path: options.path ?? 'test.log',
    tz: options.tz ?? ASSUME_UTC,
    emit: (event) => events.push(event),
    fact: (fact) => facts.push(fact),
    problem: (message) => problems.push(message),
  });
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    lineParser.line(line.endsWith('\r') ? line.slice(0, -1) : line, i + 1);
  }
  lineParser.end();
  return { events, facts, problems, stats: lineParser.stats() };
}
