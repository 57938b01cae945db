// Windows event log files (.evtx), read from the format specification (../shared/docs/evtx.md §1): every record
// becomes a LogEvent with its System values and event data as fields; its XML is rendered when `raw` is read.
import type { LogEvent } from '../../model.js';
import type { BinaryParser, ParseContext } from '../types.js';
import { isEvtxFile } from './header.js';
import { readEvtx, readEvtxBytes, type EvtxHandlers } from './reader.js';
import { recordEvent } from './record.js';
import { renderXml, type RenderOptions } from './render-xml.js';
import { evtxSamples } from './samples.js';

export { readEvtx, readEvtxBytes, EvtxDecoder, BlockAssembler, type EvtxRecord, type EvtxHandlers, type EvtxStats } from './reader.js';
export { recordEvent, levelOf } from './record.js';
export { renderXml, type RenderOptions } from './render-xml.js';
export { isEvtxFile } from './header.js';

/** Problems listed per file before the rest are only counted (a wrecked file would flood the report). */
const MAX_PROBLEMS = 25;

function handlersFor(ctx: ParseContext): EvtxHandlers & { finish(): void } {
  let problems = 0;
  return {
    record: (record) => ctx.emit(recordEvent(record.nodes, record, ctx.path)),
    problem: (message) => {
      if (++problems <= MAX_PROBLEMS) ctx.problem(message);
    },
    finish: () => {
      if (problems > MAX_PROBLEMS) ctx.problem(`${problems - MAX_PROBLEMS} more problems in this file are not listed`);
    },
  };
}

export const evtxParser: BinaryParser = {
  kind: 'binary',
  id: 'evtx',
  description: 'Windows event log (EVTX)',
  globs: ['**/*.evtx'],
  sniffBytes: isEvtxFile,
  samples: evtxSamples,
  async parse(first: Uint8Array, rest: AsyncIterable<Uint8Array>, ctx: ParseContext) {
    const handlers = handlersFor(ctx);
    const stats = await readEvtx(first, rest, handlers);
    handlers.finish();
    return { unparsed: stats.unparsed, formats: ['evtx'] };
  },
};

/** Every event of an EVTX file held in memory, with the problems found (tests and small tools). */
export function parseEvtxBytes(bytes: Uint8Array, path = 'test.evtx'): { events: LogEvent[]; problems: string[]; unparsed: number } {
  const events: LogEvent[] = [];
  const problems: string[] = [];
  const stats = readEvtxBytes(bytes, {
    record: (record) => events.push(recordEvent(record.nodes, record, path)),
    problem: (message) => problems.push(message),
  });
  return { events, problems, unparsed: stats.unparsed };
}

/**
 * The XML of the record whose EventRecordID is `recordId` (a LogEvent's `record`) in a file held in memory, for the
 * viewer; undefined when no readable record has it. Looks at record headers first, then at the ids in the XML
 * (forwarded events keep their source's id there).
 */
export function renderRecordXml(bytes: Uint8Array, recordId: number, options: RenderOptions = {}): string | undefined {
  for (const byHeader of [true, false]) {
    let xml: string | undefined;
    readEvtxBytes(bytes, {
      record: (record) => {
        if (xml !== undefined) return;
        if (byHeader ? record.id === recordId : recordEvent(record.nodes, record, '').record === recordId) xml = renderXml(record.nodes, options);
      },
      problem: () => {},
    });
    if (xml !== undefined) return xml;
  }
  return undefined;
}
