// What every parser's output must hold, whatever the format (one check for all parser tests): every fact names its
// file, a 1-based line, a finite time or null, a text and a non-empty value, with string attributes; every event its
// source, file, 1-based line (an end line not before it) and raw text, a finite time with where it came from, and
// string fields.
import { expect } from 'vitest';
import type { Fact, LogEvent } from '../../src/model.js';

export function checkContract(r: { events: LogEvent[]; facts: Fact[] }, path: string, source: string): void {
  for (const f of r.facts) {
    expect(f.path).toBe(path);
    expect(f.line).toBeGreaterThanOrEqual(1);
    expect(f.time === null || Number.isFinite(f.time)).toBe(true);
    expect(typeof f.text).toBe('string');
    expect(f.value).not.toBe('');
    for (const v of Object.values(f.attrs ?? {})) expect(typeof v).toBe('string');
  }
  for (const e of r.events) {
    expect(e.source).toBe(source);
    expect(e.path).toBe(path);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(typeof e.raw).toBe('string');
    if (e.time !== null) {
      expect(Number.isFinite(e.time)).toBe(true);
      expect(e.timeSource).not.toBe('none');
    }
    if (e.endLine !== undefined) expect(e.endLine).toBeGreaterThanOrEqual(e.line);
    for (const v of Object.values(e.fields ?? {})) expect(typeof v).toBe('string');
  }
}
