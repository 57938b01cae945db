import { describe, expect, it } from 'vitest';
import type { Fact, LogEvent } from '../../../src/model.js';
import { extensionLogParsers } from '../../../src/parsers/extension-logs/index.js';
import { parseText } from '../../../src/parsers/run.js';
import type { DocumentParser, Parser } from '../../../src/parsers/types.js';
import { ASSUME_UTC } from '../../../src/time/zone.js';

const SAMPLE_PATH: Record<string, string> = {
  'vmsnapshot-log': 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log',
  'vmsnapshot-shell': 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/shell.log',
  'generic-log': 'var/log/azure/custom-script/handler.log',
};

describe('extension-log parser samples (lnav-style)', () => {
  it('exports the parsers specific -> generic', () => {
    expect(extensionLogParsers.map((p) => p.id)).toEqual(['vmsnapshot-log', 'vmsnapshot-shell', 'extension-events', 'generic-log']);
  });

  for (const parser of extensionLogParsers) {
    if (parser.kind === 'document') {
      const doc = parser as DocumentParser;
      describe(doc.id, () => {
        it.each(doc.samples.map((s) => [s.path, s] as const))('%s', (_path, sample) => {
          const events: LogEvent[] = [];
          const facts: Fact[] = [];
          const problems: string[] = [];
          doc.parse(sample.text, { path: sample.path, tz: ASSUME_UTC, emit: (e) => events.push(e), fact: (f) => facts.push(f), problem: (m) => problems.push(m) });
          expect(problems).toEqual([]);
          if (sample.expectEvents) {
            expect(events).toHaveLength(sample.expectEvents.length);
            sample.expectEvents.forEach((want, i) => expect(events[i]).toMatchObject({ ...want, source: doc.id, path: sample.path }));
          }
          if (sample.expectFacts) sample.expectFacts.forEach((want, i) => expect(facts[i]).toMatchObject(want));
        });
      });
      continue;
    }
    const lines = parser as Parser;
    describe(lines.id, () => {
      it('has samples', () => expect(lines.samples.length).toBeGreaterThan(2));
      it.each(lines.samples.map((s) => [s.line, s.expect] as const))('%s', (line, want) => {
        const r = parseText(lines, `${line}\n`, { path: SAMPLE_PATH[lines.id]! });
        expect(r.events).toHaveLength(1);
        expect(r.stats.unparsed).toBe(0);
        expect(r.events[0]).toMatchObject({ ...want, source: lines.id, line: 1, raw: line });
      });
    });
  }

  it('has a VMSnapshotLinux sample for every line format', () => {
    const p = extensionLogParsers[0] as Parser;
    const formats = new Set(p.samples.map((s) => parseText(p, `${s.line}\n`, { path: SAMPLE_PATH[p.id]! }).events[0]!.format));
    expect([...formats].sort()).toEqual(['backuplogger', 'py2', 'py3', 'safefreeze']);
  });
});
