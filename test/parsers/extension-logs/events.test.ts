import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../src/model.js';
import { eventLevel, eventTime, extensionEventsParser, recordLines } from '../../../src/parsers/extension-logs/index.js';
import { ASSUME_UTC } from '../../../src/time/zone.js';
import { EXT, fixture, utc, VMSNAPSHOT_DIR } from './helpers.js';

function run(text: string, path = `${VMSNAPSHOT_DIR}/events/1708390801000000000.json`): { events: LogEvent[]; problems: string[] } {
  const events: LogEvent[] = [];
  const problems: string[] = [];
  extensionEventsParser.parse(text, { path, tz: ASSUME_UTC, emit: (e) => events.push(e), fact: () => {}, problem: (m) => problems.push(m) });
  return { events, problems };
}

describe('extension events/*.json', () => {
  it('one event per record, level from EventLevel, the line each record starts on', () => {
    const { events, problems } = run(fixture('events.json'));
    expect(problems).toEqual([]);
    expect(events.map((e) => [e.line, e.level, e.message])).toEqual([
      [2, 'info', 'starting enable'],
      [12, 'warning', 'Error: freeze took longer than timeout'],
      [22, 'error', 'Enable failed'],
    ]);
    expect(events[0]).toMatchObject({
      source: 'extension-events',
      time: utc(2024, 2, 20, 1, 0, 1, 100),
      timeText: '2024-02-20T01:00:01.100000',
      timeSource: 'utc',
      format: 'json',
      extension: { name: EXT, version: '1.0.9199.0' },
      fields: { record: '1', taskName: 'Enable', eventLevel: 'Info', operationId: '0a1b2c3d-1111-2222-3333-444455556666', pid: '5050', tid: '00000001', version: '1.0.9199.0' },
    });
    expect(events[2]!.time).toBe(utc(2024, 2, 20, 1, 0, 8));
  });

  it('a single object, a missing time, bad JSON', () => {
    expect(run('{"Message": "x", "EventLevel": "Verbose"}').events).toMatchObject([{ time: null, timeSource: 'none', level: 'verbose', line: 1 }]);
    const bad = run('[{"Message": "x"');
    expect(bad.events).toEqual([]);
    expect(bad.problems).toHaveLength(1);
    expect(run('').problems).toEqual([]);
  });

  it('helpers', () => {
    expect(eventTime('2024-02-20T01:00:01+02:00')).toBe(utc(2024, 2, 19, 23, 0, 1));
    expect(eventTime('2024-02-30T01:00:01')).toBeNull();
    expect(eventTime('yesterday')).toBeNull();
    expect(['Critical', 'Error', 'Warning', 'Informational', 'Verbose', undefined].map(eventLevel)).toEqual(['error', 'error', 'warning', 'info', 'verbose', 'info']);
    expect(recordLines('[\n {"a": "[{"},\n  2,\n {"b": [1,\n2]}]')).toEqual([2, 3, 4]);
  });
});
