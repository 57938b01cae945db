// Messages between the page and the analysis worker.
import type { Report } from '../../src/model.js';
import type { EventTable } from './timeline/events.js';

export interface OpenRequest {
  type: 'open';
  file: File;
}

export interface Progress {
  type: 'progress';
  /** Bytes of the file read so far, and its size. */
  read: number;
  total: number;
  /** Files of the bundle done. */
  entries: number;
}

export interface ReportReady {
  type: 'report';
  report: Report;
  /** `analysis`: analysed here; `json`: a report written by the CLI, opened as is. */
  from: 'analysis' | 'json';
  ms: number;
  /** The analysed events (not for a JSON report, which has none). */
  events?: EventTable;
}

export interface Failure {
  type: 'error';
  message: string;
}

export type WorkerMessage = Progress | ReportReady | Failure;
