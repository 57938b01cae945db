// Any other text log under /var/log/azure (CustomScript/RunCommand handler.log, other extensions' logs): the generic
// text reader (generic/text.ts) with the extension taken from the path. Timestamp shapes: generic/header.ts; levels:
// generic/levels.ts; lines without a timestamp continue the entry before them.
import type { Parser } from '../types.js';
import { TextLogLines } from '../generic/text.js';
import { extensionOfPath } from '../../knowledge/extension-paths.js';
import { GENERIC_SAMPLES } from './samples.js';

export const GENERIC_SOURCE = 'generic-log';

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
