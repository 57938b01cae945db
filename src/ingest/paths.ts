// Member names -> bundle paths. Pure string work: a member name never touches the file system.

/**
 * Normalises an archive member name to a relative `/`-separated path that cannot leave the root:
 * `\` becomes `/`; leading `/`, `./` and a Windows drive (`C:`) are removed; `//` collapses; `.`
 * segments go; `..` removes the previous segment and is dropped when there is none.
 * Returns '' for a name with nothing left (`/`, `.`, `../..`).
 */
export function normalizePath(name: string): string {
  let s = name.replace(/\\/g, '/');
  // Until no drive or slash leads: a drive can come back once segments are resolved (`C:C:x`, `x/../C:y`, `C:../x`).
  for (;;) {
    s = s.replace(/^(?:\/|[A-Za-z]:)+/, '');
    const out: string[] = [];
    for (const seg of s.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') out.pop();
      else out.push(seg);
    }
    const joined = out.join('/');
    if (!DRIVE.test(joined)) return joined;
    s = joined;
  }
}

/**
 * True when normalizePath has to rewrite `name` to keep it inside the bundle: it is absolute (`/x`, `\x`),
 * carries a drive (`C:`), or has a `..` segment. (`./`, `//` and `\` separators are tidied silently: they
 * do not change where a member is, and Windows zip tools write `\`.)
 */
export function leavesBundle(name: string): boolean {
  const s = name.replace(/\\/g, '/');
  return s.startsWith('/') || DRIVE.test(s) || s.split('/').includes('..');
}

const DRIVE = /^[A-Za-z]:/;

/** `outer/inner` for a member of a nested archive; either side may be empty. */
export function joinPath(outer: string, inner: string): string {
  if (!outer) return inner;
  if (!inner) return outer;
  return `${outer}/${inner}`;
}

/** Last segment of a `/`- or `\`-separated path. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? '';
}
