// Test helpers for the system-log parsers: run a parser over a text with an mtime and a zone, read fixtures.
import { readFileSync } from 'node:fs';
import type { Fact, LogEvent } from '../../../src/model.js';
import type { Parser, TimeZoneContext } from '../../../src/parsers/types.js';
import { ASSUME_UTC } from '../../../src/time/zone.js';

export interface Parsed {
  events: LogEvent[];
  facts: Fact[];
  problems: string[];
  stats: { unparsed: number; formats: string[] };
}

/** Like `parseText`, with the entry's mtime (and a year shift, as on a second pass); events in emission order. */
export function parse(parser: Parser, text: string, options: { path?: string; tz?: TimeZoneContext; mtime?: Date; yearShift?: number } = {}): Parsed {
  const events: LogEvent[] = [];
  const facts: Fact[] = [];
  const problems: string[] = [];
  const lp = parser.create({
    path: options.path ?? 'var/log/test',
    tz: options.tz ?? ASSUME_UTC,
    ...(options.mtime ? { mtime: options.mtime } : {}),
    ...(options.yearShift ? { yearShift: options.yearShift } : {}),
    emit: (e) => events.push(e),
    fact: (f) => facts.push(f),
    problem: (m) => problems.push(m),
  });
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((l, i) => lp.line(l.endsWith('\r') ? l.slice(0, -1) : l, i + 1));
  lp.end();
  return { events, facts, problems, stats: lp.stats() };
}

/** Events sorted by line (parsers may emit an entry late: the waagent parser flushes on its next entry). */
export function byLine(events: LogEvent[]): LogEvent[] {
  return [...events].sort((a, b) => a.line - b.line);
}

export const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/system-logs/${name}`, import.meta.url), 'utf8');

/** A fixed-offset zone (`+hours`), marked explicit. */
export function fixedZone(hours: number): TimeZoneContext {
  return { explicit: true, toUtc: (y, mo, d, h, mi, s, ms) => Date.UTC(y, mo - 1, d, h, mi, s, ms) - hours * 3_600_000 };
}

export const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);

/** `kind` of each event with one. */
export const kinds = (events: LogEvent[]): string[] => events.flatMap((e) => (e.fields?.kind !== undefined ? [e.fields.kind] : []));
