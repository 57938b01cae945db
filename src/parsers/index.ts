// The parsers logscan knows, and how an entry is routed to one: by glob on its path, else by sniffing.
import micromatch from 'micromatch';
import type { Parser } from './types.js';
import { waagentLogParser } from './waagent/index.js';

export const parsers: Parser[] = [waagentLogParser];

export interface Router {
  byPath(path: string): Parser | undefined;
  bySniff(firstLines: string[]): Parser | undefined;
}

export function router(list: Parser[] = parsers): Router {
  const matchers = list.map((parser) => ({
    parser,
    test: micromatch.matcher(parser.globs.length === 1 ? parser.globs[0]! : `{${parser.globs.join(',')}}`, { dot: true, nocase: true }),
  }));
  return {
    byPath: (path) => matchers.find((m) => m.test(path))?.parser,
    bySniff: (lines) => list.find((p) => p.sniff?.(lines)),
  };
}
