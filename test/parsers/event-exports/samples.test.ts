import { describe, expect, it } from 'vitest';
import { eventCsvParser, eventExportParsers, eventViewerTextParser, eventXmlLineParser, eventXmlParser, powerShellJsonParser, wevtutilTextParser } from '../../../src/parsers/event-exports/index.js';
import { parseText } from '../../../src/parsers/run.js';
import type { BinaryParser, Parser } from '../../../src/parsers/types.js';
import { readBytes } from './helpers.js';

const lineParsers: Parser[] = [wevtutilTextParser, eventViewerTextParser, eventCsvParser, powerShellJsonParser, eventXmlLineParser];

describe('event-export parser samples (lnav-style)', () => {
  it('exports the five format families once each, with no globs', () => {
    expect(eventExportParsers.map((p) => p.id)).toEqual(['event-xml', 'event-text', 'event-text-viewer', 'event-csv', 'event-json']);
    expect(eventExportParsers).toEqual([eventXmlParser, wevtutilTextParser, eventViewerTextParser, eventCsvParser, powerShellJsonParser]);
    for (const p of eventExportParsers) expect(p.globs).toEqual([]);
  });

  for (const parser of lineParsers) {
    describe(`${parser.id}${parser === eventXmlLineParser ? ' (line reader)' : ''}`, () => {
      it('has samples', () => expect(parser.samples.length).toBeGreaterThan(1));
      it.each(parser.samples.map((s, i) => [i, s.line, s.expect] as const))('sample %i', (_i, line, want) => {
        const { events, stats, problems } = parseText(parser, `${line}\n`);
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ source: parser.id, ...want });
        expect(stats.unparsed).toBe(0);
        expect(problems).toEqual([]);
      });
      it('recognises its own samples', () => {
        for (const s of parser.samples) expect(parser.sniff?.(s.line.split(/\r?\n/).filter((l) => l.trim() !== ''))).toBe(true);
      });
    });
  }

  describe('event-xml (byte stream)', () => {
    const parser: BinaryParser = eventXmlParser;
    it('has samples', () => expect(parser.samples.length).toBeGreaterThan(1));
    it.each(parser.samples.map((s) => [s.name, s] as const))('%s', async (_name, sample) => {
      const bytes = sample.bytes();
      expect(parser.sniffBytes?.(bytes)).toBe(true);
      const read = await readBytes(bytes, { parsers: [parser] });
      expect(read.parser).toBe(parser.id);
      expect(read.events).toHaveLength(sample.expectEvents.length);
      sample.expectEvents.forEach((want, i) => expect(read.events[i]).toMatchObject(want));
      expect(read.stats?.unparsed).toBe(0);
      expect(read.problems).toEqual([]);
    });
  });
});
