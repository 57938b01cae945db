// Test helpers for the event-export parsers: run bytes through the real routing (magic bytes, then sniffing on the
// first lines) and the real entry reader (UTF-16 decoding, line splitting), or run a line parser over a text.
import { readFileSync } from 'node:fs';
import { openEntry, parseEntry } from '../../../src/entry-reader.js';
import type { Fact, LogEvent, Problem } from '../../../src/model.js';
import { eventExportParsers } from '../../../src/parsers/event-exports/index.js';
import { router } from '../../../src/parsers/index.js';
import type { AnyParser, BinaryParser, TimeZoneContext } from '../../../src/parsers/types.js';
import { ASSUME_UTC } from '../../../src/time/zone.js';

export interface Read {
  parser: string | undefined;
  events: LogEvent[];
  facts: Fact[];
  problems: string[];
  stats: { unparsed: number; formats: string[] } | undefined;
}

/** Routes and parses one entry as the engine does; `chunk` splits the bytes into pieces of that size. */
export async function readBytes(
  bytes: Uint8Array,
  options: { path?: string; tz?: TimeZoneContext; parsers?: AnyParser[]; chunk?: number } = {},
): Promise<Read> {
  const path = options.path ?? 'exports/events.dat';
  const chunk = options.chunk ?? 65536;
  const problems: Problem[] = [];
  const entry = {
    path,
    size: bytes.length,
    bytes: (async function* () {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    })(),
  };
  const opened = await openEntry(entry, router(options.parsers ?? eventExportParsers), problems);
  const events: LogEvent[] = [];
  const facts: Fact[] = [];
  const messages: string[] = problems.map((p) => p.message);
  if (!opened) return { parser: undefined, events, facts, problems: messages, stats: undefined };
  const stats = await parseEntry(opened, {
    path,
    tz: options.tz ?? ASSUME_UTC,
    emit: (e) => events.push(e),
    fact: (f) => facts.push(f),
    problem: (m) => messages.push(m),
  });
  return { parser: opened.parser.id, events, facts, problems: messages, stats };
}

export const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../fixtures/event-exports/${name}`, import.meta.url)));

export const readFixture = (name: string, options: { tz?: TimeZoneContext; chunk?: number } = {}): Promise<Read> =>
  readBytes(fixtureBytes(name), { path: `exports/${name}`, ...options });

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** UTF-16LE with a byte-order mark, as wevtutil /uni:true and Event Viewer write it. */
export function utf16le(text: string, bom = true): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let o = 0;
  if (bom) {
    out[o++] = 0xff;
    out[o++] = 0xfe;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[o++] = c & 255;
    out[o++] = c >> 8;
  }
  return out;
}

/** Runs a byte-stream parser directly over `bytes` cut into `chunk`-sized pieces (no routing: the first chunk may be tiny). */
export async function parseChunks(parser: BinaryParser, bytes: Uint8Array, chunk: number, tz: TimeZoneContext = ASSUME_UTC): Promise<Read> {
  const events: LogEvent[] = [];
  const problems: string[] = [];
  const first = bytes.subarray(0, chunk);
  const rest = (async function* () {
    for (let i = chunk; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  })();
  const stats = await parser.parse(first, rest, { path: 'exports/events.dat', tz, emit: (e) => events.push(e), fact: () => {}, problem: (m) => problems.push(m) });
  return { parser: parser.id, events, facts: [], problems, stats };
}

/** A fixed-offset zone (`+hours`), marked explicit, as `--tz +02:00` gives. */
export function fixedZone(hours: number): TimeZoneContext {
  return { explicit: true, toUtc: (y, mo, d, h, mi, s, ms) => Date.UTC(y, mo - 1, d, h, mi, s, ms) - hours * 3_600_000 };
}

export const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);

/** What the router decides for a text's first lines (magic bytes first, then sniffing). */
export async function routeOf(bytes: Uint8Array, parsers: AnyParser[] = eventExportParsers): Promise<string | undefined> {
  return (await readBytes(bytes, { parsers })).parser;
}
