// The parsers logscan knows, and the router that gives an entry to one of them: by its path, else by its first
// bytes or lines. The order is registry.ts; routing.ts is the table generated from it and the parsers' globs.
import type { AnyParser, BinaryParser } from './types.js';
import { isTextLogName } from './generic/index.js';
import { parsers } from './registry.js';
import { FALLBACK_ROUTE, MAGIC_ROUTES, PATH_ROUTES, SNIFF_ROUTES } from './routing.js';

export { parsers };

export interface Router {
  byPath(path: string): AnyParser | undefined;
  bySniff(firstLines: string[]): AnyParser | undefined;
  /** Binary formats recognised by their magic bytes. */
  byMagic(head: Uint8Array): AnyParser | undefined;
  /** The reader of a text file no parser claimed: the generic text reader, for names that look like logs. */
  fallback(path: string): AnyParser | undefined;
}

/**
 * Routes by the generated table. `list` narrows it to some parsers (a test of one folder's formats): they keep the
 * production order. A parser whose globs are not those of the table throws: the table is stale (`npm run build`).
 */
export function router(list: readonly AnyParser[] = parsers): Router {
  const byId = new Map(list.map((parser) => [parser.id, parser]));
  for (const parser of list) {
    const routed = PATH_ROUTES.filter(([id]) => id === parser.id).map(([, glob]) => glob);
    const known = routed.length > 0 || MAGIC_ROUTES.includes(parser.id) || SNIFF_ROUTES.includes(parser.id) || FALLBACK_ROUTE === parser.id;
    if (!known || routed.join('\n') !== parser.globs.join('\n')) {
      throw new Error(`parser ${parser.id} is not routed as declared: src/parsers/routing.ts is stale (npm run build regenerates it)`);
    }
  }
  const paths = PATH_ROUTES.flatMap(([id, , pattern, required]) => (byId.has(id) ? [{ parser: byId.get(id)!, pattern, required }] : []));
  const pick = (ids: readonly string[]): AnyParser[] => ids.flatMap((id) => byId.get(id) ?? []);
  const magic = pick(MAGIC_ROUTES) as BinaryParser[];
  const sniffers = pick(SNIFF_ROUTES).filter((p) => p.kind !== 'binary');
  const last = FALLBACK_ROUTE === undefined ? undefined : byId.get(FALLBACK_ROUTE);
  return {
    byPath: (path) => {
      // A pattern runs only where the path holds its glob's plain text: a bundle's few hundred names against ~200
      // patterns, most never compiled.
      const lower = path.toLowerCase();
      return paths.find((route) => lower.includes(route.required) && route.pattern.test(path))?.parser;
    },
    bySniff: (lines) => sniffers.find((p) => p.sniff?.(lines)),
    byMagic: (head) => magic.find((p) => p.sniffBytes?.(head)),
    fallback: (path) => (last !== undefined && isTextLogName(path) ? last : undefined),
  };
}
