// Which detectors an event reaches: every warning, error and classified event reaches each of them; an info line
// only those whose watch keywords it holds (one scan of the message for all of them), and a routine one none.
import { describe, expect, it } from 'vitest';
import { Analysis } from '../../src/analysis.js';
import type { Detector } from '../../src/detectors/types.js';
import type { LogEvent } from '../../src/model.js';

/** A detector that notes the messages it is given. */
function recorder(id: string, watch: string[] | undefined, seen: string[]): Detector {
  return {
    meta: { id, category: 'agent', severity: 'info', title: id, remediation: [], docs: '', variants: {}, ...(watch ? { watch } : {}) },
    create: () => ({ event: (e: LogEvent) => void seen.push(`${id}: ${e.message}`) }),
  } as unknown as Detector;
}

const event = (message: string, more: Partial<LogEvent> = {}): LogEvent => ({
  time: 0,
  timeText: '',
  timeSource: 'utc',
  level: 'info',
  source: 'test-log',
  path: 'test.log',
  line: 1,
  message,
  ...more,
});

describe('event dispatch', () => {
  it('gives an info line to the detectors whose keywords it holds, in detector order, once each', () => {
    const seen: string[] = [];
    const analysis = new Analysis([
      recorder('a', ['fsfreeze mount', 'T:S freeze'], seen),
      recorder('b', ['T:S freeze'], seen),
      recorder('c', ['Rerun dhcp handler'], seen),
      recorder('d', [], seen),
    ]);
    analysis.offer(event('T:S freeze, then fsfreeze mount :/ and T:S freeze again'));
    analysis.offer(event('WireServer not found. Rerun dhcp handler'));
    analysis.offer(event('nothing any detector watches for'));
    analysis.offer(event('T:S freeze routine', { routine: true }));
    analysis.offer(event('a warning without keyword', { level: 'warning' }));
    expect(seen).toEqual([
      'a: T:S freeze, then fsfreeze mount :/ and T:S freeze again',
      'b: T:S freeze, then fsfreeze mount :/ and T:S freeze again',
      'c: WireServer not found. Rerun dhcp handler',
      'a: a warning without keyword',
      'b: a warning without keyword',
      'c: a warning without keyword',
      'd: a warning without keyword',
    ]);
  });

  it('gives every event to a detector without a watch list', () => {
    const seen: string[] = [];
    const analysis = new Analysis([recorder('all', undefined, seen), recorder('w', ['Rerun dhcp handler'], seen)]);
    analysis.offer(event('plain line'));
    analysis.offer(event('Rerun dhcp handler'));
    expect(seen).toEqual(['all: plain line', 'all: Rerun dhcp handler', 'w: Rerun dhcp handler']);
  });
});
