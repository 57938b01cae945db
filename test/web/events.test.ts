// The viewer's event table: what it keeps when a bundle has more events than it lists.
import { describe, expect, it } from 'vitest';
import { EventCollector, LEVELS, message } from '../../web/src/timeline/events.js';
import type { Level, LogEvent } from '../../src/model.js';

const event = (time: number, level: Level, text = `${level} at ${time}`): LogEvent => ({
  time,
  timeText: new Date(time).toISOString(),
  timeSource: 'utc',
  level,
  source: 'waagent-log',
  path: 'var/log/waagent.log',
  line: time,
  message: text,
});

describe('EventCollector', () => {
  it('lists every event, by time, when they fit', () => {
    const c = new EventCollector(10);
    for (const [t, l] of [[3, 'info'], [1, 'error'], [2, 'warning']] as const) c.add(event(t, l));
    const t = c.table();
    expect(Array.from(t.times)).toEqual([1, 2, 3]);
    expect(Array.from(t.levels).map((i) => LEVELS[i])).toEqual(['error', 'warning', 'info']);
    expect(message(t, 0)).toBe('error at 1');
    expect(t.dropped).toEqual([0, 0, 0, 0]);
  });

  it('when full, keeps errors and warnings that come late in place of info and verbose lines', () => {
    const c = new EventCollector(4);
    for (let t = 1; t <= 4; t++) c.add(event(t, t % 2 ? 'info' : 'verbose'));
    c.add(event(5, 'error'));
    c.add(event(6, 'warning'));
    c.add(event(7, 'info'));
    const t = c.table();
    expect(t.count).toBe(4);
    // The verbose lines went first, then the info line that came last.
    expect(Array.from(t.times)).toEqual([1, 3, 5, 6]);
    expect(t.dropped).toEqual([0, 0, 1, 2]);
  });

  it('leaves out an error only when the table holds nothing but errors', () => {
    const c = new EventCollector(2);
    c.add(event(1, 'error'));
    c.add(event(2, 'warning'));
    c.add(event(3, 'error'));
    c.add(event(4, 'error'));
    const t = c.table();
    expect(Array.from(t.times)).toEqual([1, 3]);
    expect(t.dropped).toEqual([1, 1, 0, 0]);
  });

  it('gives the places of lines left out to the errors that take them, each event with its own line and message', () => {
    const c = new EventCollector(3);
    for (let t = 1; t <= 3; t++) c.add(event(t, 'info'));
    c.add(event(4, 'error', 'disk ñ full'));
    c.add(event(5, 'warning'));
    c.add(event(6, 'error'));
    c.add(event(7, 'error'));
    const t = c.table();
    expect(Array.from(t.times)).toEqual([4, 6, 7]);
    expect(Array.from(t.lines)).toEqual([4, 6, 7]);
    expect(Array.from({ length: t.count }, (_, i) => message(t, i))).toEqual(['disk ñ full', 'error at 6', 'error at 7']);
    expect(t.dropped).toEqual([0, 1, 3, 0]);
  });

  it('counts events without a time apart, and redacts what it keeps', () => {
    const c = new EventCollector(5);
    c.add({ ...event(1, 'info'), time: null });
    c.add(event(2, 'info', 'GET https://x.blob.core.windows.net/c/b?sv=2020&sig=SECRETSIGNATURE123 failed'));
    const t = c.table();
    expect(t.untimed).toBe(1);
    expect(message(t, 0)).not.toContain('SECRETSIGNATURE123');
  });

  it('keeps messages in any script, and events of one time in level order, then in arrival order', () => {
    const c = new EventCollector(10);
    c.add(event(5, 'info', 'Über 日本 😀 done'));
    c.add(event(5, 'error', 'first error'));
    c.add(event(1, 'verbose', 'plain'));
    c.add(event(5, 'error', 'second error'));
    c.add(event(5, 'info', 'é'.repeat(400)));
    const t = c.table();
    expect(Array.from({ length: t.count }, (_, i) => message(t, i))).toEqual(['plain', 'first error', 'second error', 'Über 日本 😀 done', `${'é'.repeat(299)}…`]);
  });
});
