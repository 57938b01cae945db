// Which bundles a fleet run is given: archives, folders that are one bundle, folders of bundles (looked into), and
// list files (one path a line). A folder is one bundle when its own top has the layout of one (var/log,
// var/lib/waagent, WindowsAzure/Logs, an agent log...); any other folder is a folder of bundles. Node-only.
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { detectLayout } from '../../parsers/windows/layout.js';

export interface FoundBundles {
  /** Bundle paths, each once, in the order given (a folder's in name order). */
  bundles: string[];
  /** Paths a list file named that are not there: the summary lists them as unreadable. */
  missing: { path: string; reason: string }[];
  /** Files inside folders of bundles that are no bundle (no archive): counted, not read. */
  notBundles: number;
}

/** Levels of folders of bundles looked into (a fleet grouped by day and by subscription is two). */
const MAX_FOLDER_DEPTH = 4;
/** Levels of a folder listed to recognise its layout (var/lib/waagent is three). */
const LAYOUT_DEPTH = 3;
/** Entries listed per folder level when recognising a layout: a huge /var/log tells nothing more after a few. */
const LAYOUT_ENTRIES = 200;

const ARCHIVE_NAME = /\.(?:tgz|tar\.gz|tar|zip|gz)$/i;
/** Files whose presence at a folder's top makes it one bundle: the agents' own logs and state, event logs. */
const BUNDLE_FILE = /^(?:waagent\.log(?:[.-].*)?|waappagent\.log|waagent_status\.json|ovf-env\.xml|.+\.evtx)$/i;

export function discoverBundles(args: readonly string[]): FoundBundles {
  const found: FoundBundles = { bundles: [], missing: [], notBundles: 0 };
  const seen = new Set<string>();
  const add = (path: string): void => {
    let key = resolve(path);
    try {
      key = realpathSync(path);
    } catch {
      // read later, and reported then
    }
    if (seen.has(key)) return;
    seen.add(key);
    found.bundles.push(path);
  };
  const visit = (path: string, depth: number, fromList: boolean): void => {
    let st;
    try {
      st = statSync(path);
    } catch (error) {
      found.missing.push({ path, reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message });
      return;
    }
    if (st.isDirectory()) {
      if (looksLikeOneBundle(path)) add(path);
      else if (depth < MAX_FOLDER_DEPTH) for (const child of children(path)) visitChild(join(path, child), depth + 1);
      return;
    }
    if (!fromList && depth === 0 && isListFile(path)) {
      for (const line of listEntries(path)) visit(line, 0, true);
      return;
    }
    add(path);
  };
  // Inside a folder of bundles: archives and bundle folders are taken, any other file is not a bundle.
  const visitChild = (path: string, depth: number): void => {
    let st;
    try {
      st = statSync(path);
    } catch {
      return;
    }
    if (st.isDirectory()) visit(path, depth, true);
    else if (st.isFile() && isArchive(path)) add(path);
    else found.notBundles++;
  };
  for (const arg of args) visit(arg, 0, false);
  return found;
}

function children(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((name) => !name.startsWith('.'))
      .sort();
  } catch {
    return [];
  }
}

/** The folder's own top has a bundle's layout or an agent's file; one wrapping folder is a folder of one bundle. */
export function looksLikeOneBundle(folder: string): boolean {
  const paths: string[] = [];
  const walk = (dir: string, rel: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir).slice(0, LAYOUT_ENTRIES);
    } catch {
      return;
    }
    for (const name of names) {
      const relPath = rel === '' ? name : `${rel}/${name}`;
      paths.push(relPath);
      if (depth + 1 < LAYOUT_DEPTH) {
        try {
          if (statSync(join(dir, name)).isDirectory()) walk(join(dir, name), relPath, depth + 1);
        } catch {
          // unreadable: nothing to add
        }
      }
    }
  };
  walk(folder, '', 0);
  if (paths.some((p) => !p.includes('/') && BUNDLE_FILE.test(p))) return true;
  // detectLayout also accepts one wrapping folder above a layout; the prefix uses up that allowance, so a folder
  // holding several unpacked bundles (vm1/var/log, vm2/var/log) is not taken for one.
  return detectLayout(paths.map((p) => `_/${p}`)) !== 'unknown';
}

/** An archive by its first bytes (gzip, zip, tar), else by its name (a damaged archive is still a bundle to report). */
export function isArchive(path: string): boolean {
  const head = readHead(path, 262);
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return true;
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) return true;
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return true;
  return ARCHIVE_NAME.test(path);
}

function readHead(path: string, n: number): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } catch {
    return Buffer.alloc(0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Largest list file read (a list of 100 000 bundle paths is a few MB). */
const MAX_LIST_BYTES = 32 * 1024 * 1024;

/**
 * A list file names bundles, one path a line (`#` comments and blank lines allowed): a text file, no archive, whose
 * first entry is a file or folder that exists. A log file given alone (waagent.log) has no such first line.
 */
export function isListFile(path: string): boolean {
  if (isArchive(path) || BUNDLE_FILE.test(basename(path))) return false;
  const head = readHead(path, 4096);
  if (head.includes(0)) return false;
  const first = entriesOf(head.toString('utf8'), dirname(path))[0];
  return first !== undefined && exists(first);
}

function listEntries(path: string): string[] {
  const st = statSync(path);
  if (st.size > MAX_LIST_BYTES) throw new ListFileError(`${path}: a list file of ${st.size} bytes is more than the ${MAX_LIST_BYTES} read; split it`);
  return entriesOf(readFileSync(path, 'utf8'), dirname(path));
}

/** The paths a list names; a relative one is taken from the list file's folder when it is there, else as given. */
function entriesOf(text: string, base: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => (isAbsolute(line) || !exists(join(base, line)) ? line : join(base, line)));
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

export class ListFileError extends Error {}
