// `fleet --out DIR`: one JSON report per bundle, named after the bundle, never over an existing file. Node-only.
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** Characters a file name cannot carry on Windows or Linux, and control characters: replaced by `_`. */
const UNSAFE = /[\p{Cc}<>:"/\\|?*]/gu;
/** A name longer than this is cut (most file systems allow 255 bytes; room is left for `-N.json`). */
const MAX_NAME = 180;

/** `healthy.tgz` -> `healthy.tgz.json`; a folder `vm-01/` -> `vm-01.json`. */
export function reportBaseName(bundlePath: string): string {
  let name = basename(resolve(bundlePath)).replace(UNSAFE, '_');
  if (name === '' || name === '.' || name === '..') name = 'bundle';
  // A name cut mid-character would be no valid UTF-8 on disk: cut by code points.
  const chars = [...name];
  if (chars.length > MAX_NAME) name = chars.slice(0, MAX_NAME).join('');
  return name;
}

/**
 * Writes `text` to `<dir>/<name>.json`, or `<name>-2.json`, `-3`... when that name is taken: by an earlier bundle of
 * this run or by a file already there (created exclusively, so an existing file is never written over, even one
 * made meanwhile). Returns the path written.
 */
export function writeReportFile(dir: string, bundlePath: string, text: string): string {
  const base = reportBaseName(bundlePath);
  for (let n = 1; ; n++) {
    const path = join(dir, n === 1 ? `${base}.json` : `${base}-${n}.json`);
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      writeFileSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return path;
  }
}
