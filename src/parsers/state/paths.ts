// The extension a state file belongs to, from the folders of its path.

export interface ExtensionRef {
  name: string;
  version?: string;
}

/** `Publisher.Type-1.2.3` split at the last `-` followed by a digit; no such dash: the whole name. */
export function splitNameVersion(dir: string): ExtensionRef {
  for (let i = dir.length - 2; i > 0; i--) {
    if (dir.charCodeAt(i) === 45 /* - */) {
      const c = dir.charCodeAt(i + 1);
      if (c >= 48 && c <= 57) return { name: dir.slice(0, i), version: dir.slice(i + 1) };
    }
  }
  return { name: dir };
}

/**
 * The extension a file belongs to, from the folder `depth` levels above the file (0: `<ext>/file`,
 * 1: `<ext>/config/file`). Linux: `<Publisher.Type>-<version>`; Windows plugin layout: `<Name>/<version>`.
 */
export function extensionFromPath(path: string, depth: number): ExtensionRef | undefined {
  const parts = path.split('/');
  const dir = parts[parts.length - 2 - depth];
  if (!dir) return undefined;
  const split = splitNameVersion(dir);
  if (split.version !== undefined) return split;
  const parent = parts[parts.length - 3 - depth];
  if (/^\d+(?:\.\d+)+$/.test(dir) && parent) return { name: parent, version: dir };
  return split;
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}
