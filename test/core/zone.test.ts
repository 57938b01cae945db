import { describe, expect, it } from 'vitest';
import { ASSUME_UTC, timeZone } from '../../src/time/zone.js';

describe('timeZone', () => {
  it('takes local times as UTC by default, marked as not explicit', () => {
    expect(timeZone(undefined)).toBe(ASSUME_UTC);
    expect(ASSUME_UTC.explicit).toBe(false);
    expect(new Date(ASSUME_UTC.toUtc(2024, 5, 1, 12, 0, 0, 0)).toISOString()).toBe('2024-05-01T12:00:00.000Z');
  });

  it('applies fixed offsets', () => {
    expect(new Date(timeZone('+02:00').toUtc(2024, 5, 1, 12, 0, 0, 0)).toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(new Date(timeZone('-0530').toUtc(2024, 5, 1, 12, 0, 0, 0)).toISOString()).toBe('2024-05-01T17:30:00.000Z');
    expect(timeZone('UTC').explicit).toBe(true);
  });

  it('follows daylight saving in IANA zones', () => {
    const berlin = timeZone('Europe/Berlin');
    expect(new Date(berlin.toUtc(2024, 1, 15, 12, 0, 0, 0)).toISOString()).toBe('2024-01-15T11:00:00.000Z');
    expect(new Date(berlin.toUtc(2024, 7, 15, 12, 0, 0, 0)).toISOString()).toBe('2024-07-15T10:00:00.000Z');
  });

  it('rejects unknown zones with a one-line message', () => {
    expect(() => timeZone('Mars/Olympus')).toThrow(/unknown time zone/);
    expect(() => timeZone('+25:00')).toThrow(/out of range/);
  });
});
