// Member names -> bundle paths. Pure string work: a member name never touches the file system.

/**
 * Normalises an archive member name to a relative `/`-separated path that cannot leave the root:
 * `\` becomes `/`; leading `/`, `./` and a Windows drive (`C:`) are removed; `//` collapses; `.`
 * segments go; `..` removes the previous segment and is dropped when there is none.
 * Returns '' for a name with nothing left (`/`, `.`, `../..`).
 */
export function normalizePath(name: string): string {
  let s = name.replace(/\\/g, '/');
  s = s.replace(/^\/+/, '').replace(/^[A-Za-z]:/, '');
  const out: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

/**
 * True when normalizePath has to rewrite `name` to keep it inside the bundle: it is absolute (`/x`, `\x`),
 * carries a drive (`C:`), or has a `..` segment. (`./`, `//` and `\` separators are tidied silently: they
 * do not change where a member is, and Windows zip tools write `\`.)
 */
export function leavesBundle(name: string): boolean {
  const s = name.replace(/\\/g, '/');
  return s.startsWith('/') || /^[A-Za-z]:/.test(s) || s.split('/').includes('..');
}

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
