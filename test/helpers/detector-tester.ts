// ESLint's RuleTester for detectors: a table of logs that must fire (with the finding id and severity)
// and logs that must not.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import type { BundleInput } from '../../src/analyze.js';
import type { Detector } from '../../src/detectors/types.js';
import type { Finding, LogEvent, Report, Severity } from '../../src/model.js';
import { DetectorRun, makeFacts } from '../../src/detectors/engine.js';
import { eventDispatcher } from '../../src/event-routing.js';

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
  invalid: ({ name: string; id: string; severity?: Severity; count?: number; others?: string[]; firstStep?: RegExp } & CaseInput)[];
}

type CaseInput = { log: string; files?: undefined } | { files: Record<string, string>; log?: undefined };

/** The findings are `id` and `others`, nothing more and nothing less (one finding per problem). */
function expectExactly(findings: Finding[], id: string, others: string[] = []): void {
  expect(findings.map((f) => f.id).sort(), `the findings of this case`).toEqual([...new Set([id, ...others])].sort());
}

/** The detector without its watch list: every event reaches it and no line is marked routine. */
function ungated(detector: Detector): Detector {
  return { ...detector, meta: { ...detector.meta, watch: undefined } };
}

/** Registers one test per case; a case that fires must raise exactly its finding and the `others` it names. */
export function testDetector(detector: Detector, cases: DetectorCases): void {
  const path = cases.path ?? 'var/log/waagent.log';
  const run = async (c: CaseInput): Promise<Finding[]> => {
    const files = c.files ?? { [path]: c.log! };
    const { findings } = await analyzeFiles(files, [detector]);
    // The watch keywords only keep routine lines off the detector: without them it must find the same.
    if (detector.meta.watch) expect((await analyzeFiles(files, [ungated(detector)])).findings, 'findings when every line reaches the detector (a line its patterns need lacks a watch keyword)').toEqual(findings);
    return findings;
  };
  describe(`detector ${detector.meta.id}`, () => {
    for (const c of cases.valid) {
      it(`does not fire: ${c.name}`, async () => {
        expect((await run(c)).map((f) => `${f.id} ${f.severity}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`fires ${c.id}: ${c.name}`, async () => {
        const findings = await run(c);
        expectExactly(findings, c.id, c.others);
        const hit = findings.find((f) => f.id === c.id);
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
        if (c.firstStep) expect(hit!.remediation[0], 'the fix the evidence names comes first').toMatch(c.firstStep);
      });
    }
  });
}

/** Joins log lines with newlines (test tables read better as arrays). */
export const log = (...lines: string[]): string => lines.join('\n') + '\n';

/**
 * Runs one detector over events (no parser), through the engine's dispatch: its `watch` keywords and
 * `windowsEvents` decide which reach it, as in an analysis. For formats whose fixtures are binary.
 */
export function findingsForEvents(detector: Detector, events: LogEvent[]): Finding[] {
  const run = new DetectorRun(detector);
  const dispatch = eventDispatcher([run], (_, error) => {
    throw error;
  });
  for (const e of events) dispatch(e);
  run.visitor.finish?.(makeFacts([], [], []));
  return run.findings();
}

/** The detector with no watch list and no windowsEvents: every event reaches it. */
function ungatedForEvents(detector: Detector): Detector {
  const { watch: _, windowsEvents: __, ...meta } = detector.meta;
  return { ...detector, meta };
}

/**
 * Its findings, checked to be the same when every event reaches it (what it declares drops nothing it needs), also
 * with each event at info level, where only the declarations route it (warnings and errors reach every detector).
 */
function checkedFindings(detector: Detector, events: LogEvent[]): Finding[] {
  const findings = findingsForEvents(detector, events);
  const why = 'findings when every event reaches the detector (an event it reads is not in its windowsEvents or watch)';
  expect(findingsForEvents(ungatedForEvents(detector), events), why).toEqual(findings);
  const asInfo = events.map((e) => ({ ...e, level: 'info' as const }));
  expect(findingsForEvents(ungatedForEvents(detector), asInfo), `${why}, at info level`).toEqual(findingsForEvents(detector, asInfo));
  return findings;
}

let recordSeq = 100;
/** A Windows event in the shape EVTX and the export parsers produce (LogEvent.fields convention). */
export function winEvent(opts: {
  provider: string;
  id: number;
  level?: 'error' | 'warning' | 'info';
  time?: string;
  channel?: string;
  data?: Record<string, string>;
  message?: string;
}): LogEvent {
  const record = recordSeq++;
  const fields: Record<string, string> = {
    provider: opts.provider,
    eventId: String(opts.id),
    channel: opts.channel ?? 'System',
    computer: 'winvm01',
    recordId: String(record),
  };
  for (const [k, v] of Object.entries(opts.data ?? {})) fields[`data.${k}`] = v;
  const time = Date.parse(opts.time ?? '2024-03-14T02:00:00Z');
  return {
    time,
    timeText: new Date(time).toISOString(),
    timeSource: 'utc',
    level: opts.level ?? 'error',
    source: 'evtx',
    path: `Windows/System32/winevt/Logs/${fields.channel}.evtx`,
    line: 0,
    record,
    message: opts.message ?? `${opts.provider} ${opts.id}: ${Object.entries(opts.data ?? {}).map(([k, v]) => `${k}=${v}`).join('; ')}`,
    fields,
  };
}

export interface EventCases {
  valid: { name: string; events: LogEvent[] }[];
  invalid: { name: string; events: LogEvent[]; id: string; severity?: Severity; count?: number; others?: string[]; firstStep?: RegExp }[];
}

/** testDetector for events built in code (Windows event logs). */
export function testDetectorOnEvents(detector: Detector, cases: EventCases): void {
  describe(`detector ${detector.meta.id} (events)`, () => {
    for (const c of cases.valid) {
      it(`does not fire: ${c.name}`, () => {
        expect(checkedFindings(detector, c.events).map((f) => `${f.id} ${f.severity}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`fires ${c.id}: ${c.name}`, () => {
        const findings = checkedFindings(detector, c.events);
        expectExactly(findings, c.id, c.others);
        const hit = findings.find((f) => f.id === c.id)!;
        if (c.severity) expect(hit!.severity).toBe(c.severity);
        if (c.count !== undefined) expect(hit!.count).toBe(c.count);
        for (const e of hit!.evidence) expect(e.record ?? e.line).toBeGreaterThan(0);
        if (c.firstStep) expect(hit!.remediation[0], 'the fix the evidence names comes first').toMatch(c.firstStep);
      });
    }
  });
}
