// ESLint's RuleTester for detectors: a table of logs that must fire (with the finding id and severity)
// and logs that must not.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import type { BundleInput } from '../../src/analyze.js';
import type { Detector } from '../../src/detectors/types.js';
import type { Finding, Report, Severity } from '../../src/model.js';

/** A bundle held in memory: path -> text. */
export function memoryBundle(files: Record<string, string>, name = 'test-bundle'): BundleInput {
  const encoder = new TextEncoder();
  return {
    name,
    kind: 'dir',
    sizeBytes: () => Object.values(files).reduce((n, t) => n + t.length, 0),
    problems: [],
    entries: (async function* () {
      for (const [path, text] of Object.entries(files)) {
        const bytes = encoder.encode(text);
        yield {
          path,
          size: bytes.length,
          bytes: (async function* () {
            yield bytes;
          })(),
        };
      }
    })(),
  };
}

export async function analyzeFiles(files: Record<string, string>, detectors?: Detector[]): Promise<Report> {
  return analyze(memoryBundle(files), detectors ? { detectors } : {});
}

export interface DetectorCases {
  /** Where `log` is placed in the bundle (default var/log/waagent.log). */
  path?: string;
  /** Each case gives `log` (one file at `path`) or `files` (a whole bundle: path -> text). */
  valid: ({ name: string } & CaseInput)[];
  invalid: ({ name: string; id: string; severity?: Severity; count?: number } & CaseInput)[];
}

type CaseInput = { log: string; files?: undefined } | { files: Record<string, string>; log?: undefined };

/** Registers one test per case. */
export function testDetector(detector: Detector, cases: DetectorCases): void {
  const path = cases.path ?? 'var/log/waagent.log';
  const run = async (c: CaseInput): Promise<Finding[]> => (await analyzeFiles(c.files ?? { [path]: c.log! }, [detector])).findings;
  describe(`detector ${detector.meta.id}`, () => {
    for (const c of cases.valid) {
      it(`does not fire: ${c.name}`, async () => {
        expect((await run(c)).map((f) => `${f.id} ${f.severity}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`fires ${c.id}: ${c.name}`, async () => {
        const findings = await run(c);
        const hit = findings.find((f) => f.id === c.id);
        expect(hit, `expected ${c.id}, got ${findings.map((f) => f.id).join(', ') || 'nothing'}`).toBeDefined();
        if (c.severity) expect(hit!.severity).toBe(c.severity);
        if (c.count !== undefined) expect(hit!.count).toBe(c.count);
        expect(hit!.category).toBe(detector.meta.category);
        expect(hit!.evidence.length).toBeGreaterThan(0);
        const paths = c.files ? Object.keys(c.files) : [path];
        for (const e of hit!.evidence) {
          expect(paths).toContain(e.path);
          expect(e.line).toBeGreaterThan(0);
        }
        expect(hit!.remediation.length).toBeGreaterThan(0);
      });
    }
  });
}

/** Joins log lines with newlines (test tables read better as arrays). */
export const log = (...lines: string[]): string => lines.join('\n') + '\n';
