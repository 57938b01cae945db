// Messages between the CLI's main thread and its parsing workers.
import type { Fact, LogEvent, Problem, SourceSummary } from '../model.js';

export type ToWorker =
  | { type: 'start'; id: number; path: string; mtime: number | undefined; parser: string; first: Uint8Array }
  | { type: 'chunk'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'fail'; id: number; message: string };

export type FromWorker =
  | { type: 'consumed'; id: number; bytes: number }
  | { type: 'events'; id: number; events: LogEvent[] }
  | {
      type: 'done';
      id: number;
      summary: SourceSummary | undefined;
      facts: Fact[];
      problems: Problem[];
      count: number;
      min: number | null;
      max: number | null;
    }
  | { type: 'crash'; id: number; message: string };
