// The detector engine folds every report of a variant into one finding: the count, the first and last time, the
// first eight and the last three pieces of evidence, the fixes any evidence picked. A flood of reports (a million
// error rows) must not build evidence nobody sees: only the reports kept, or those an evidence fix still reads.
import { describe, expect, it } from 'vitest';
import { DetectorRun } from '../../src/detectors/engine.js';
import { defineDetector } from '../../src/detectors/types.js';
import type { LogEvent } from '../../src/model.js';

const T0 = Date.UTC(2024, 5, 1);

/** Error events of one file; `raw` counts how often it is read (evidence quotes it). */
function flood(n: number, text: (i: number) => string = (i) => `ERROR something failed ${i}`): { events: LogEvent[]; reads: () => number } {
  let reads = 0;
  const events = Array.from({ length: n }, (_, i) => {
    const event: LogEvent = { time: T0 + i * 1000, timeText: '', timeSource: 'utc', level: 'error', source: 'generic-log', path: 'var/log/azure/x.log', line: i + 1, message: text(i) };
    Object.defineProperty(event, 'raw', {
      get: () => {
        reads++;
        return text(i);
      },
      enumerable: true,
    });
    return event;
  });
  return { events, reads: () => reads };
}

const fix = { when: /disk quota 777/, steps: ['Free the quota.'] };
const detector = defineDetector({
  meta: {
    id: 'flood',
    category: 'extension-failure',
    severity: 'error',
    title: 'A flood',
    docs: 'https://example.invalid/',
    remediation: ['The general step.'],
    fixes: [fix],
    variants: { x: { title: 'Every error' } },
  },
  create: (context) => ({ event: (event) => context.report('x', event) }),
});

/** The same detector without evidence fixes: nothing needs a report's text but the evidence kept. */
const plain = defineDetector({ meta: { ...detector.meta, fixes: [] }, create: detector.create });

describe('DetectorRun', () => {
  it('keeps the first eight and the last three of 10,000 reports, in order, with the count and the times', () => {
    const { events, reads } = flood(10_000);
    const run = new DetectorRun(plain);
    for (const e of events) run.visitor.event!(e);
    const [finding] = run.findings();
    expect(finding!.count).toBe(10_000);
    expect(finding!.evidence.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9998, 9999, 10000]);
    expect(finding!.evidence.at(-1)).toEqual({ path: 'var/log/azure/x.log', line: 10000, time: new Date(T0 + 9999 * 1000).toISOString(), text: 'ERROR something failed 9999' });
    expect(finding!.firstSeen).toBe(new Date(T0).toISOString());
    expect(finding!.lastSeen).toBe(new Date(T0 + 9999 * 1000).toISOString());
    // The evidence of the reports not kept was never made: eleven texts read, not 10,000.
    expect(reads()).toBe(11);
    expect(finding!.remediation).toEqual(['The general step.']);
  });

  it('reads no evidence text past the last fix matched, and still picks a fix that only a late report shows', () => {
    const { events, reads } = flood(10_000, (i) => (i === 5000 ? 'ERROR disk quota 777 reached' : `ERROR something failed ${i}`));
    const run = new DetectorRun(detector);
    for (const e of events) run.visitor.event!(e);
    const [finding] = run.findings();
    expect(finding!.remediation).toEqual(['Free the quota.', 'The general step.']);
    // Reports 1-5001 were read for the fix; after it matched, only the last three are, when the findings are made.
    expect(reads()).toBe(5001 + 3);
    // Asking twice gives the same evidence and makes nothing again.
    expect(run.findings()[0]!.evidence).toEqual(finding!.evidence);
    expect(reads()).toBe(5001 + 3);
  });
});
