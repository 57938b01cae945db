import { describe, expect, it } from 'vitest';
import type { Finding, LogEvent } from '../../src/model.js';
import { NotableCollector, selectNotable } from '../../src/report/notable.js';

const T0 = Date.parse('2024-06-12T01:10:00.000Z');
const MIN = 60_000;

function ev(line: number, minutes: number, level: LogEvent['level'], message = `message ${line}`, path = 'var/log/waagent.log'): LogEvent {
  const time = T0 + minutes * MIN;
  return { time, timeText: new Date(time).toISOString(), timeSource: 'utc', level, source: 'waagent-log', path, line, message };
}

function finding(id: string, evidence: { line: number; minutes: number; text?: string }[]): Finding {
  return {
    id,
    detector: 'test',
    category: 'other',
    severity: 'error',
    title: id,
    summary: '',
    remediation: [],
    evidence: evidence.map((e) => ({ path: 'var/log/waagent.log', line: e.line, time: new Date(T0 + e.minutes * MIN).toISOString(), text: e.text ?? `evidence ${e.line}` })),
    count: evidence.length,
  };
}

describe('selectNotable', () => {
  it('keeps the evidence and the warnings/errors within ±10 minutes, in time order, without info', () => {
    const events = [ev(1, -30, 'error'), ev(2, -9, 'warning'), ev(3, -1, 'info'), ev(4, 0, 'error'), ev(5, 5, 'verbose'), ev(6, 10, 'error'), ev(7, 11, 'warning')];
    const n = selectNotable([finding('f', [{ line: 4, minutes: 0 }])], events);
    const g = n.findings[0]!;
    expect(g.finding).toBe('f');
    expect(g.events.map((e) => e.line)).toEqual([2, 4, 6]);
    expect(g.events.find((e) => e.line === 4)).toMatchObject({ evidence: true, level: 'error', source: 'waagent-log', message: 'message 4' });
    expect(g.events[0]!.time).toBe(new Date(T0 - 9 * MIN).toISOString());
    expect(g.omitted).toBe(0);
    expect(n.windowMinutes).toBe(10);
  });

  it('includes evidence that is not a warning/error event, and deduplicates events in two evidence windows', () => {
    const events = [ev(1, 0, 'info', 'the info evidence'), ev(2, 3, 'error'), ev(2, 3, 'error'), ev(3, 6, 'warning')];
    const n = selectNotable([finding('f', [{ line: 1, minutes: 0 }, { line: 3, minutes: 6 }])], events);
    const g = n.findings[0]!;
    expect(g.events.map((e) => e.line)).toEqual([1, 2, 3]);
    expect(g.events[0]).toMatchObject({ level: 'info', evidence: true, message: 'the info evidence' });
    expect(g.events[1]!.evidence).toBeUndefined();
  });

  it('evidence without a matching event comes from the evidence itself', () => {
    const n = selectNotable([finding('f', [{ line: 9, minutes: 0, text: 'only in the report' }])], []);
    expect(n.findings[0]!.events).toEqual([{ time: new Date(T0).toISOString(), path: 'var/log/waagent.log', line: 9, message: 'only in the report', evidence: true }]);
  });

  it('caps per finding (evidence first, then the nearest) and in total, counting what was left out', () => {
    const events = Array.from({ length: 100 }, (_, i) => ev(i + 1, (i - 50) / 10, 'warning'));
    const n = selectNotable([finding('a', [{ line: 51, minutes: 0 }]), finding('b', [{ line: 51, minutes: 0 }])], events, { perFinding: 30, total: 40 });
    const [a, b] = n.findings;
    expect(a!.events).toHaveLength(30);
    expect(a!.omitted).toBe(70);
    expect(a!.events.some((e) => e.line === 51 && e.evidence)).toBe(true);
    const lines = a!.events.map((e) => e.line!);
    expect(Math.max(...lines) - Math.min(...lines)).toBeLessThan(32);
    expect(lines).toEqual([...lines].sort((x, y) => x - y));
    expect(b!.events).toHaveLength(10);
    expect(b!.omitted).toBe(90);
    expect(n.perFinding).toBe(30);
    expect(n.total).toBe(40);
  });

  it('redacts messages and cuts long ones', () => {
    const secret = 'https://acct.blob.core.windows.net/c/b?sv=2020&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%2B%3D';
    const events = [ev(1, 0, 'error', `upload to ${secret} failed`), ev(2, 1, 'error', 'y'.repeat(5000))];
    const n = selectNotable([finding('f', [{ line: 1, minutes: 0 }])], events);
    const [first, second] = n.findings[0]!.events;
    expect(first!.message).not.toContain('AbCdEfGhIjKlMnOpQrStUvWxYz');
    expect(first!.message).toContain('upload to');
    expect(second!.message.length).toBeLessThanOrEqual(501);
  });

  it('a finding without evidence times gets only its evidence', () => {
    const f = finding('f', []);
    f.evidence.push({ path: 'x.log', text: 'no time here' });
    const n = selectNotable([f], [ev(1, 0, 'error')]);
    expect(n.findings[0]!.events).toEqual([{ path: 'x.log', message: 'no time here', evidence: true }]);
  });
});

describe('NotableCollector', () => {
  it('keeps only timed warnings/errors, up to its limit, counting the rest', () => {
    const c = new NotableCollector(2);
    for (const e of [ev(1, 0, 'info'), ev(2, 0, 'error'), { ...ev(3, 0, 'error'), time: null }, ev(4, 0, 'warning'), ev(5, 0, 'error'), ev(6, 0, 'verbose')]) c.add(e);
    expect(c.events.map((e) => e.line)).toEqual([2, 4]);
    expect(c.dropped).toBe(1);
  });
});
