// Reading a bundle the way the engine does, for the ingest tests.
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import { makeTempDir } from '../helpers/archives.js';
import type { TempDir } from '../helpers/archives.js';
import type { Entry } from '../../src/model.js';
import type { Bundle } from '../../src/ingest/index.js';

export interface ReadEntry {
  path: string;
  size: number;
  mtime?: Date;
  text?: string;
  error?: Error;
}

export async function readBytes(entry: Entry): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const c of entry.bytes) chunks.push(c);
  return Buffer.concat(chunks);
}

/** Every entry with its text, or the error its bytes threw. `skip` paths are not read at all. */
export async function collect(bundle: Bundle, skip: (path: string) => boolean = () => false): Promise<ReadEntry[]> {
  const out: ReadEntry[] = [];
  for await (const entry of bundle.entries) {
    const item: ReadEntry = { path: entry.path, size: entry.size, ...(entry.mtime ? { mtime: entry.mtime } : {}) };
    if (!skip(entry.path)) {
      try {
        item.text = (await readBytes(entry)).toString('utf8');
      } catch (e) {
        item.error = e as Error;
      }
    }
    out.push(item);
  }
  return out;
}

/** path -> text (or `!error message`). */
export function byPath(entries: ReadEntry[]): Record<string, string> {
  return Object.fromEntries(entries.map((e) => [e.path, e.error ? `!${e.error.message}` : (e.text ?? '')]));
}


/** A temp folder for the current test file, removed after it; `write(name, bytes)` returns the path. */
export function tempFiles(): { write(name: string, bytes: Uint8Array | string): Promise<string>; dir(): string } {
  let tmp: TempDir | undefined;
  beforeAll(async () => {
    tmp = await makeTempDir('logscan-ingest-');
  });
  afterAll(async () => {
    await tmp?.cleanup();
  });
  return {
    write: async (name, bytes) => {
      const p = tmp!.path(name);
      await writeFile(p, bytes);
      return p;
    },
    dir: () => tmp!.dir,
  };
}
