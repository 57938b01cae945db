// Browser stand-in for `node:path`, aliased by scripts/build-web.mjs. Only picomatch (through the core's
// micromatch) asks for it, and only for `sep` and `basename` on `/`-separated bundle paths.
export const sep = '/';

export function basename(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  return parts[parts.length - 1] ?? '';
}

export default { sep, basename };
