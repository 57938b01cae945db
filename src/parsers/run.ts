// Runs a parser over a whole text: for tests and small inputs (the pipeline streams entries line by line).
import type { Fact, LogEvent } from '../model.js';
import { ASSUME_UTC } from '../time/zone.js';
import type { ParseContext, Parser, TimeZoneContext } from './types.js';

export interface ParseTextResult {
  events: LogEvent[];
  facts: Fact[];
  problems: string[];
  stats: { unparsed: number; formats: string[] };
}

/**
 * Splits `text` at `\n` / `\r\n` (a final newline ends the last line) and feeds every line to `parser`. With
 * `bytes`, each line also comes with its UTF-8 bytes, as the line splitter hands them over from Node Buffers.
 */
export function parseText(
  parser: Parser,
  text: string,
  options: { path?: string; tz?: TimeZoneContext; mtime?: Date; bytes?: boolean; quiet?: ParseContext['quiet'] } = {},
): ParseTextResult {
  const events: LogEvent[] = [];
  const facts: Fact[] = [];
  const problems: string[] = [];
  const lineParser = parser.create({
    path: options.path ?? 'test.log',
    tz: options.tz ?? ASSUME_UTC,
    ...(options.mtime ? { mtime: options.mtime } : {}),
    emit: (event) => events.push(event),
    fact: (fact) => facts.push(fact),
    problem: (message) => problems.push(message),
    ...(options.quiet ? { quiet: options.quiet } : {}),
  });
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const utf8 = options.bytes ? new TextEncoder().encode(text) : undefined;
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const cr = line.endsWith('\r');
    if (utf8) {
      const nl = utf8.indexOf(10, at);
      const end = nl < 0 ? utf8.length : nl;
      lineParser.line(cr ? line.slice(0, -1) : line, i + 1, utf8, at, cr ? end - 1 : end);
      at = end + 1;
    } else {
      lineParser.line(cr ? line.slice(0, -1) : line, i + 1);
    }
  }
  lineParser.end();
  return { events, facts, problems, stats: lineParser.stats() };
}
