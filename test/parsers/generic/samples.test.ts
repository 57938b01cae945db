import { describe, expect, it } from 'vitest';
import { genericTextParser, isTextLogName } from '../../../src/parsers/generic/index.js';
import { parseText } from '../../../src/parsers/run.js';

describe('text-log parser samples (lnav-style)', () => {
  it('has a sample per shape', () => expect(genericTextParser.samples.length).toBeGreaterThan(8));
  it.each(genericTextParser.samples.map((s) => [s.line, s.expect] as const))('%s', (line, want) => {
    const r = parseText(genericTextParser, `${line}\n`, { path: 'notes/paste.txt' });
    expect(r.events).toHaveLength(1);
    expect(r.stats.unparsed).toBe(0);
    expect(r.events[0]).toMatchObject({ ...want, source: 'text-log', line: 1, path: 'notes/paste.txt' });
  });
});

describe('names the generic reader takes', () => {
  it.each([
    ['logs/app.log', true],
    ['app.LOG', true],
    ['paste.txt', true],
    ['x/app.log.1', true],
    ['x/app.log.2.gz', true],
    ['x/app.log-20240501', true],
    ['x/README', true],
    ['x/messages', true],
    ['paste.md', true],
    ['app.out', true],
    ['events.csv', true],
    ['x/enable.sh', false],
    ['x/HandlerManifest.json', false],
    ['x/config.json', false],
    ['x/events.xml', false],
    ['x/.bash_history', false],
    ['x/image.png', false],
  ])('%s -> %s', (path, want) => expect(isTextLogName(path)).toBe(want));
});
