// The parsers logscan knows, and how an entry is routed to one: by glob on its path, else by sniffing.
import micromatch from 'micromatch';
import type { AnyParser } from './types.js';
import { waagentLogParser } from './waagent/index.js';
import { windowsParsers } from './windows/index.js';
import { stateParsers } from './state/index.js';
import { extensionLogParsers } from './extension-logs/index.js';
import { systemLogParsers } from './system-logs/index.js';
import { eventExportParsers } from './event-exports/index.js';
import { evtxParser } from './evtx/index.js';
import { genericTextParser, isTextLogName } from './generic/index.js';

/**
 * In routing order: the first parser whose glob matches an entry reads it (specific formats before generic ones).
 * The generic text reader comes last and claims nothing by glob or sniff: it is the router's `fallback`.
 */
export const parsers: AnyParser[] = [evtxParser, waagentLogParser, ...windowsParsers, ...stateParsers, ...extensionLogParsers, ...systemLogParsers, ...eventExportParsers, genericTextParser];

export interface Router {
  byPath(path: string): AnyParser | undefined;
  bySniff(firstLines: string[]): AnyParser | undefined;
  /** Binary formats recognised by their magic bytes. */
  byMagic(head: Uint8Array): AnyParser | undefined;
  /** The reader of a text file no parser claimed: the generic text reader, for names that look like logs. */
  fallback(path: string): AnyParser | undefined;
}

export function router(list: AnyParser[] = parsers): Router {
  const matchers = list.map((parser) => ({
    parser,
    // One matcher per glob: inside a `{a,b}` brace set micromatch's `**/` stops matching zero folders.
    tests: parser.globs.map((glob) => micromatch.matcher(glob, { dot: true, nocase: true })),
  }));
  return {
    byPath: (path) => matchers.find((m) => m.tests.some((test) => test(path)))?.parser,
    bySniff: (lines) => list.find((p) => p.kind !== 'binary' && p.sniff?.(lines)),
    byMagic: (head) => list.find((p) => p.kind === 'binary' && p.sniffBytes?.(head)),
    fallback: (path) => (list.includes(genericTextParser) && isTextLogName(path) ? genericTextParser : undefined),
  };
}
