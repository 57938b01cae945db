// Any other text log under /var/log/azure (CustomScript/RunCommand handler.log, other extensions' logs): the generic
// text reader (generic/text.ts) with the extension taken from the path. Timestamp shapes: generic/header.ts; levels:
// generic/levels.ts; lines without a timestamp continue the entry before them.
import type { Parser } from '../types.js';
import { TextLogLines } from '../generic/text.js';
import { isDigit } from './stamp.js';
import { GENERIC_SAMPLES } from './samples.js';

export const GENERIC_SOURCE = 'generic-log';

/** The extension a path under `log/azure/` belongs to: the folder after `azure/` (+ a version folder below it). */
export function extensionOfPath(path: string): { name: string; version?: string } | undefined {
  const at = path.toLowerCase().lastIndexOf('log/azure/');
  if (at < 0) return undefined;
  const parts = path.slice(at + 10).split('/');
  if (parts.length < 2 || parts[0] === '') return undefined;
  const name = parts[0]!;
  const second = parts[1]!;
  return parts.length >= 3 && isDigit(second.charCodeAt(0)) && /^\d+(?:\.\d+)+$/.test(second) ? { name, version: second } : { name };
}

export const genericExtensionLogParser: Parser = {
  id: GENERIC_SOURCE,
  description: 'extension log under /var/log/azure (timestamped text lines of any common shape)',
  // CommandExecution*.log holds waagent lines (waagent.md §1.5): left out here, the waagent parser reads them.
  globs: ['**/log/azure/**/!(CommandExecution*).log', '**/log/azure/**/!(CommandExecution*).log.*', '**/log/azure/**/!(CommandExecution*).log-*', '**/log/azure/**/*.txt'],
  samples: GENERIC_SAMPLES,
  create: (ctx) => {
    const extension = extensionOfPath(ctx.path);
    return new TextLogLines(ctx, { source: GENERIC_SOURCE, windowsEvents: false, ...(extension ? { extension } : {}) });
  },
};
