// Writes one generated log file as a stream (plain, or gzipped as logrotate does), a megabyte at a time, so that
// a gigabyte of text never sits in memory. Lines are made on demand by a source; planted lines go in when the
// source's clock passes their time.
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Rng } from './random.js';

/** Lines of one log format: the next entry (one or more lines, no trailing newline) at time `ms`. */
export interface LineSource {
  entry(ms: number): string;
}

/** Lines a scenario puts at a known time (already formatted for the file they go into). */
export interface Planted {
  at: number;
  lines: string[];
}

export interface TextFileSpec {
  file: string;
  gzip: boolean;
  /** Uncompressed size to reach (the last entry may pass it). */
  bytes: number;
  from: number;
  to: number;
  source: LineSource;
  planted?: Planted[];
}

const CHUNK = 1 << 20;

/**
 * Writes the file; returns its uncompressed size. The clock's step is set afresh from the bytes still to write
 * and the entries' average size so far, so that the last entry lands near `to` (a log that fell silent for hours
 * before its end would be a finding of its own).
 */
export async function writeTextFile(spec: TextFileSpec, r: Rng): Promise<number> {
  const file = createWriteStream(spec.file);
  const gzip = spec.gzip ? createGzip({ level: 6 }) : undefined;
  const out: Writable = gzip ?? file;
  if (gzip) gzip.pipe(file);
  const planted = [...(spec.planted ?? [])].sort((a, b) => a.at - b.at);
  let plantedBytes = planted.reduce((n, p) => n + p.lines.join('\n').length + 1, 0);
  let written = 0;
  let entries = 0;
  let entryBytes = 0;
  let ms = spec.from;
  let nextPlant = 0;
  let done = false;
  while (!done) {
    let chunk = '';
    while (chunk.length < CHUNK) {
      const left = spec.bytes - plantedBytes - written - chunk.length;
      while (nextPlant < planted.length && (planted[nextPlant]!.at <= ms || left <= 0)) {
        const lines = planted[nextPlant]!.lines.join('\n') + '\n';
        chunk += lines;
        plantedBytes -= lines.length;
        ms = Math.max(ms, planted[nextPlant]!.at);
        nextPlant++;
      }
      if (left <= 0) {
        done = true;
        break;
      }
      const entry = spec.source.entry(Math.floor(ms)) + '\n';
      chunk += entry;
      entries++;
      entryBytes += entry.length;
      // Uneven gaps around the step that spreads the entries still to come over the time still left.
      const step = (spec.to - ms) / Math.max(1, left / (entryBytes / entries));
      ms += Math.max(0, step) * (0.2 + r() * 1.6);
    }
    const bytes = Buffer.from(chunk, 'utf8');
    written += bytes.length;
    if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(file);
  return written;
}
