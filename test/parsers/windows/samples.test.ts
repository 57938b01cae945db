// Every Windows parser's samples (lnav-style) yield what they say, and route to their parser by path.
import { describe, expect, it } from 'vitest';
import { router } from '../../../src/parsers/index.js';
import type { DocumentParser, Parser } from '../../../src/parsers/types.js';
import { windowsParsers } from '../../../src/parsers/windows/index.js';
import { runDoc, runLines } from './helpers.js';

const route = router(windowsParsers);

/** Where each line parser's samples live in a bundle. */
const SAMPLE_PATH: Record<string, string> = {
  'waappagent-log': 'WindowsAzure/Logs/WaAppAgent.log',
  'windows-agent-log': 'WindowsAzure/Logs/AppAgentRuntime.log',
  'vmsnapshot-windows-log': 'WindowsAzure/Logs/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.74.0/IaaSBcdrExtension1.log',
};

describe('windows parser samples', () => {
  it('exports the parsers WaAppAgent first, generic last, with unique ids', () => {
    const ids = windowsParsers.map((p) => p.id);
    expect(ids[0]).toBe('waappagent-log');
    expect(ids[ids.length - 1]).toBe('windows-agent-log');
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of windowsParsers) if (p.kind !== 'binary') expect(p.samples.length, p.id).toBeGreaterThan(0);
  });

  for (const parser of windowsParsers) {
    if (parser.kind === 'document') {
      const doc = parser as DocumentParser;
      doc.samples.forEach((sample, i) => {
        it(`${doc.id} sample ${i + 1} (${sample.path})`, () => {
          expect(route.byPath(sample.path)?.id).toBe(doc.id);
          const r = runDoc(doc, sample.path, sample.text);
          expect(r.problems).toEqual([]);
          if (sample.expectFacts) for (const want of sample.expectFacts) expect(r.facts).toContainEqual(expect.objectContaining(objectMatch(want)));
          if (sample.expectEvents) {
            if (sample.expectEvents.length === 0) expect(r.events).toEqual([]);
            for (const want of sample.expectEvents) expect(r.events).toContainEqual(expect.objectContaining(objectMatch(want)));
          }
        });
      });
    } else if (parser.kind !== 'binary') {
      const lines = parser as Parser;
      const path = SAMPLE_PATH[lines.id]!;
      it(`${lines.id} sample path routes to it`, () => expect(route.byPath(path)?.id).toBe(lines.id));
      lines.samples.forEach((sample, i) => {
        it(`${lines.id} sample ${i + 1}`, () => {
          const r = runLines(lines, path, sample.line + '\n');
          expect(r.events).toHaveLength(1);
          expect(r.stats.unparsed).toBe(0);
          expect(r.events[0]).toMatchObject({ ...sample.expect, source: lines.id, line: 1, raw: sample.line });
        });
      });
    }
  }
});

/** Nested objects of an expectation matched partially (attrs, fields, extension). */
function objectMatch(want: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(want)) out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? expect.objectContaining(v) : v;
  return out;
}
