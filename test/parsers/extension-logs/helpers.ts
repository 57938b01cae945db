// Shared bits of the extension-log parser tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogEvent } from '../../../src/model.js';
import { parseText, type ParseTextResult } from '../../../src/parsers/run.js';
import type { Parser, TimeZoneContext } from '../../../src/parsers/types.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'extension-logs');
export const VMSNAPSHOT_DIR = 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux';
export const EXT = 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux';
export const PREFIX = `[${EXT}-1.0]`;

export const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);

/** A fixed-offset `--tz`, e.g. `fixedZone(2)` for UTC+02:00. */
export function fixedZone(hours: number): TimeZoneContext {
  return { explicit: true, toUtc: (y, mo, d, h, mi, s, ms) => Date.UTC(y, mo - 1, d, h, mi, s, ms) - hours * 3_600_000 };
}

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function parse(parser: Parser, text: string, path: string, tz?: TimeZoneContext): ParseTextResult {
  return parseText(parser, text, tz ? { path, tz } : { path });
}

export function byLine(events: LogEvent[], line: number): LogEvent {
  const ev = events.find((e) => e.line === line);
  if (ev === undefined) throw new Error(`no event at line ${line}; lines: ${events.map((e) => e.line).join(', ')}`);
  return ev;
}
