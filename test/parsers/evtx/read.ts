// Runs the EVTX parser as the pipeline does (first piece, then the rest as an async stream) and collects what it yields.
import type { LogEvent } from '../../../src/model.js';
import { evtxParser } from '../../../src/parsers/evtx/index.js';
import { ASSUME_UTC } from '../../../src/time/zone.js';
import { eventBody, writeEvtx, type EvtxEventSpec } from '../../helpers/evtx-writer.js';

export interface ParsedEvtx {
  events: LogEvent[];
  problems: string[];
  stats: { unparsed: number; formats: string[] };
}

/** Parses `bytes` delivered in pieces of `pieceSize` bytes (the whole file at once by default). */
export async function parseEvtx(bytes: Uint8Array, pieceSize = bytes.length || 1): Promise<ParsedEvtx> {
  const pieces: Uint8Array[] = [];
  for (let p = 0; p < bytes.length; p += pieceSize) pieces.push(bytes.subarray(p, p + pieceSize));
  const events: LogEvent[] = [];
  const problems: string[] = [];
  const rest = (async function* () {
    for (const piece of pieces.slice(1)) yield piece;
  })();
  const stats = await evtxParser.parse(pieces[0] ?? new Uint8Array(0), rest, {
    path: 'Windows/System32/winevt/Logs/System.evtx',
    tz: ASSUME_UTC,
    emit: (event) => events.push(event),
    fact: () => {},
    problem: (message) => problems.push(message),
  });
  return { events, problems, stats };
}

export const T0 = new Date('2024-05-01T10:00:00.000Z');

export type SpecOverrides = Omit<Partial<EvtxEventSpec>, 'system'> & { system?: Partial<EvtxEventSpec['system']> };

/** A System event with defaults; `over` replaces any part. */
export function spec(over: SpecOverrides = {}): EvtxEventSpec {
  return {
    time: T0,
    ...over,
    system: { provider: 'Test-Provider', eventId: 100, level: 4, channel: 'System', computer: 'vm-1', ...over.system },
  };
}

/** The single event of a one-record file. */
export async function one(over: SpecOverrides = {}): Promise<LogEvent> {
  const { events, problems } = await parseEvtx(writeEvtx([spec(over)]));
  if (problems.length > 0 || events.length !== 1) throw new Error(`expected one clean event: ${problems.join('; ')}`);
  return events[0]!;
}

export { eventBody, writeEvtx };
