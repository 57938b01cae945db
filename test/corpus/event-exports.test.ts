// Runs the event-export parsers over the real snippets in ../shared/corpus/event-exports (read in place, never
// copied): each file must be recognised by its content as its format (names are not used for routing) and yield
// the events it holds, with nothing left unparsed. Skipped when the corpus is not beside the project.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openEntry, parseEntry } from '../../src/entry-reader.js';
import type { LogEvent, Problem } from '../../src/model.js';
import { eventExportParsers } from '../../src/parsers/event-exports/index.js';
import { parsers, router } from '../../src/parsers/index.js';
import type { AnyParser } from '../../src/parsers/types.js';
import { ASSUME_UTC } from '../../src/time/zone.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus', 'event-exports');
const present = existsSync(corpus);

/** File-name prefix -> parser id, event count, and what the first event must show. */
const EXPECTED: Record<string, { parser: string; events: number; first: Partial<LogEvent> }> = {
  '01': { parser: 'event-xml', events: 1, first: { record: 183, level: 'warning', format: 'saved-xml', timeSource: 'utc', time: Date.UTC(2025, 1, 19, 13, 25, 2, 656), fields: { provider: 'Microsoft-Windows-DNS-Server-Service', eventId: '4013', levelName: 'Avertissement', culture: 'fr-FR' } } },
  '02': { parser: 'event-xml', events: 1, first: { record: 64199, level: 'info', format: 'rendered-xml', message: 'The AppX Deployment Service (AppXSVC) service entered the running state.', fields: { provider: 'Service Control Manager', eventId: '7036', qualifiers: '16384', 'data.param1': 'AppX Deployment Service (AppXSVC)', 'data.param2': 'running' } } },
  '03': { parser: 'event-text', events: 1, first: { line: 1, level: 'info', timeSource: 'assumed-utc', time: Date.UTC(2016, 11, 22, 5, 29, 2, 512), message: 'Microsoft (R) Windows (R) 10.00. 14393  Multiprocessor Free.', fields: { provider: 'EventLog', eventId: '6009', channel: 'System' } } },
  '04': { parser: 'event-text', events: 1, first: { level: 'info', message: 'WLMS 100', fields: { provider: 'WLMS', eventId: '100', channel: 'Application', taskName: 'None' } } },
  '05': { parser: 'event-text', events: 1, first: { level: 'info', timeSource: 'utc', time: Date.UTC(2024, 0, 31, 4, 26, 39, 17), fields: { eventId: '4096', levelName: 'Сведения', keywordNames: 'Классический' } } },
  '06': { parser: 'event-csv', events: 2, first: { line: 2, endLine: 13, level: 'info', time: Date.UTC(2026, 6, 19, 9, 58, 57), timeSource: 'assumed-utc', format: 'eventviewer-csv', fields: { eventId: '4624', keywordNames: 'Audit Success', taskName: 'Logon' } } },
  '07': { parser: 'event-csv', events: 2, first: { line: 2, level: 'info', time: Date.UTC(2016, 9, 7, 18, 38, 24), fields: { eventId: '4658', levelName: 'Information', taskName: 'File System' } } },
  '08': { parser: 'event-json', events: 1, first: { line: 2, record: 2555, level: 'info', timeSource: 'utc', time: 1595374458918, format: 'powershell-5.1-json', message: "Miniport NIC 'Microsoft Hyper-V Network Adapter #3' disconnected", fields: { provider: 'Microsoft-Windows-Hyper-V-Netvsc', eventId: '13', keywords: '0x8000000000000000' } } },
  // The docs example is cut with `...`: its last column has no usable name, so ProviderName is not read.
  '09': { parser: 'event-csv', events: 1, first: { line: 2, record: 46891, level: 'info', time: null, format: 'powershell-csv', message: 'Error Message = System error', fields: { eventId: '403', levelValue: '4' } } },
};

describe.skipIf(!present)('event exports in ../shared/corpus/event-exports', () => {
  const files = present ? readdirSync(corpus).sort() : [];

  it('has an expectation for every snippet', () => {
    expect(files.map((f) => f.slice(0, 2))).toEqual(Object.keys(EXPECTED));
  });

  for (const name of files) {
    const lists: [string, AnyParser[]][] = [
      ['export parsers alone', eventExportParsers],
      ['after the default parsers', [...parsers, ...eventExportParsers]],
    ];
    for (const [label, list] of lists) {
      it(`${name} (${label})`, async () => {
        const want = EXPECTED[name.slice(0, 2)]!;
        const bytes = new Uint8Array(readFileSync(join(corpus, name)));
        const problems: Problem[] = [];
        // a neutral path: the format must be recognised by content
        const path = 'bundle/exported-events';
        const entry = { path, size: bytes.length, bytes: (async function* () { yield bytes; })() };
        const opened = await openEntry(entry, router(list), problems);
        expect(opened?.parser.id).toBe(want.parser);
        const events: LogEvent[] = [];
        const messages: string[] = [];
        const stats = await parseEntry(opened!, { path, tz: ASSUME_UTC, emit: (e) => events.push(e), fact: () => {}, problem: (m) => messages.push(m) });
        expect(messages).toEqual([]);
        expect(problems).toEqual([]);
        expect(stats?.unparsed).toBe(0);
        expect(events).toHaveLength(want.events);
        expect(events[0]).toMatchObject({ source: want.parser, path, ...want.first });
        for (const e of events) {
          expect(e.raw!.length).toBeGreaterThan(0);
          expect(e.message.length).toBeGreaterThan(0);
          expect(e.line).toBeGreaterThan(0);
        }
      });
    }
  }
});
